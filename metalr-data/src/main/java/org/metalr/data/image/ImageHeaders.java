package org.metalr.data.image;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.metalr.data.BadInputException;
import org.metalr.data.DataFiles;
import org.metalr.data.dicom.DicomImage;

/**
 * What can be told about an image file without decoding its pixels, checked before a run starts: that it
 * exists (a dangling symbolic link does not), is not empty, is in a supported format by its first bytes,
 * is complete (a PNG's chunks and their CRCs up to IEND, a JPEG's markers up to its end-of-image marker, a
 * BMP's declared size), has a supported colour model (grey or RGB; not a CMYK or YCCK JPEG) and no more
 * than {@link #MAX_PIXELS} pixels. Reads the file once; the pixels are decoded only when a batch needs
 * them, so a file that passes here can still fail then (corrupt compressed data), but the run is then
 * marked failed with the cause. Thread-safe.
 */
public final class ImageHeaders {

    /**
     * Images with more pixels are refused before they are decoded: a decompression bomb (a small file that
     * claims gigapixels) would otherwise exhaust memory. PIL's {@code Image.MAX_IMAGE_PIXELS}, 89,478,485
     * pixels (a 9459 x 9459 image; 256 MiB of 24-bit pixels), where PIL starts warning; far above any
     * radiograph or ultrasound frame.
     */
    public static final long MAX_PIXELS = 89_478_485L;

    private ImageHeaders() {}

    /**
     * Checks one image file.
     *
     * @throws BadInputException naming the file and the problem
     */
    public static void check(Path file) {
        if (Files.isSymbolicLink(file) && !Files.exists(file)) {
            String target;
            try {
                target = Files.readSymbolicLink(file).toString();
            } catch (java.io.IOException e) {
                target = "?";
            }
            throw new BadInputException(file, "broken symbolic link (to " + target + ", which does not exist)");
        }
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new BadInputException(file, "a folder, not an image file");
        }
        byte[] b = DataFiles.readAllBytes(file);
        if (b.length == 0) {
            throw new BadInputException(file, "empty file");
        }
        Path fileName = file.getFileName();
        ImageFormat format = ImageFormat.of(b, fileName == null ? "" : fileName.toString())
                .orElseThrow(() -> ImageDecoder.unsupported(b, file));
        switch (format) {
            case PNG -> png(b, file);
            case JPEG -> jpeg(b, file);
            case BMP -> bmp(b, file);
            case DICOM -> {
                DicomImage dicom = DicomImage.read(b, file);
                requireSize(file, format, dicom.columns(), dicom.rows());
            }
        }
    }

    /**
     * Fails if an image of {@code width x height} is larger than {@link #MAX_PIXELS}.
     *
     * @throws BadInputException naming the file, its size and the limit
     */
    static void requireSize(Path file, ImageFormat format, long width, long height) {
        if (width <= 0 || height <= 0) {
            throw new BadInputException(file, format + " header gives a size of " + width + "x" + height + " pixels");
        }
        if (width * height > MAX_PIXELS) {
            throw new BadInputException(file, format + " header claims " + width + "x" + height + " pixels, more than"
                    + " the " + MAX_PIXELS + " allowed (a decompression bomb, or an image to downscale first)");
        }
    }

    private static void png(byte[] b, Path file) {
        ImageDecoder.checkPngChunks(b, file);
        if (b.length < 33 || b[12] != 'I' || b[13] != 'H' || b[14] != 'D' || b[15] != 'R') {
            throw new BadInputException(file, "corrupt PNG data (no IHDR chunk first)");
        }
        requireSize(file, ImageFormat.PNG, u32(b, 16), u32(b, 20));
    }

    /** Walks a JPEG's marker segments to its frame header and on to the end-of-image marker. */
    private static void jpeg(byte[] b, Path file) {
        int pos = 2;
        boolean frame = false;
        while (true) {
            while (pos < b.length && (b[pos] & 0xFF) != 0xFF) {
                pos++; // entropy-coded data of a scan
            }
            while (pos < b.length && (b[pos] & 0xFF) == 0xFF) {
                pos++; // fill bytes
            }
            if (pos >= b.length) {
                throw new BadInputException(file, "truncated JPEG data (the file ends before its end-of-image marker)");
            }
            int marker = b[pos++] & 0xFF;
            if (marker == 0x00 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
                continue; // a stuffed 0xFF in scan data, a restart marker, TEM
            }
            if (marker == 0xD9) {
                if (!frame) {
                    throw new BadInputException(file, "corrupt JPEG data (no frame header)");
                }
                return;
            }
            if (pos + 2 > b.length) {
                throw new BadInputException(file, "truncated JPEG data (a marker segment is cut short)");
            }
            int length = u16(b, pos);
            if (length < 2 || pos + length > b.length) {
                throw new BadInputException(file, "truncated JPEG data (a marker segment is cut short)");
            }
            boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof) {
                if (length < 8) {
                    throw new BadInputException(file, "corrupt JPEG data (a frame header is too short)");
                }
                int height = u16(b, pos + 3);
                int width = u16(b, pos + 5);
                int components = b[pos + 7] & 0xFF;
                if (components != 1 && components != 3) {
                    throw new BadInputException(file, "unsupported JPEG colour model with " + components
                            + " components (CMYK or YCCK); only grey and RGB are supported: convert it to RGB");
                }
                requireSize(file, ImageFormat.JPEG, width, height);
                frame = true;
            }
            pos += length;
        }
    }

    private static void bmp(byte[] b, Path file) {
        if (b.length < 26) {
            throw new BadInputException(file, "truncated BMP data (the file ends inside its headers)");
        }
        long declared = u32le(b, 2);
        long header = u32le(b, 14);
        long width;
        long height;
        if (header == 12) {
            width = u16le(b, 18);
            height = u16le(b, 20);
        } else {
            width = (int) u32le(b, 18);
            height = Math.abs((long) (int) u32le(b, 22));
        }
        requireSize(file, ImageFormat.BMP, width, height);
        if (declared > b.length) {
            throw new BadInputException(file, "truncated BMP data (the header says " + declared + " bytes, the file has "
                    + b.length + ")");
        }
        if (header >= 40 && b.length >= 34) {
            long offset = u32le(b, 10);
            int bits = u16le(b, 28);
            long compression = u32le(b, 30);
            if (compression == 0 && bits > 0) {
                long row = (width * bits + 31) / 32 * 4;
                long needed = offset + row * height;
                if (needed > b.length) {
                    throw new BadInputException(file, "truncated BMP data (" + height + " rows of " + row + " bytes"
                            + " from offset " + offset + " need " + needed + " bytes, the file has " + b.length + ")");
                }
            }
        }
    }

    private static long u32(byte[] b, int off) {
        return ((long) (b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    private static int u16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    private static long u32le(byte[] b, int off) {
        return (b[off] & 0xFFL) | ((b[off + 1] & 0xFFL) << 8) | ((b[off + 2] & 0xFFL) << 16) | ((b[off + 3] & 0xFFL) << 24);
    }

    private static int u16le(byte[] b, int off) {
        return (b[off] & 0xFF) | ((b[off + 1] & 0xFF) << 8);
    }
}
