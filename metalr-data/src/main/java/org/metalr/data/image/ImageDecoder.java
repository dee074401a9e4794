package org.metalr.data.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import org.metalr.data.BadInputException;
import org.metalr.data.DataFiles;
import org.metalr.data.Uint8Image;
import org.metalr.data.dicom.DicomImage;
import org.metalr.data.dicom.DicomWindow;

/**
 * Decodes PNG (1-16 bits, grey or colour, with or without alpha, palette), JPEG and BMP files into
 * {@link FloatImage}s scaled to {@code [0, 1]}: an n-bit sample {@code v} becomes
 * {@code v / (2^n - 1)}, so 8-bit values match torchvision's {@code to_tensor} exactly and 16-bit
 * values become {@code v / 65535}. Grey images give one channel, colour images three (alpha is
 * dropped, as PIL's {@code convert("RGB")} does); sample values are used as stored, without colour
 * management. The format is recognised from the file's first bytes, not its extension.
 *
 * <p>DICOM files (the {@code DICM} prefix at byte 128, or a {@code .dcm}/{@code .dicom} name) are
 * read by {@link DicomImage} and enter as its {@link DicomImage#render rendering}: grey images through
 * the given window, else the file's own, else their full range, MONOCHROME1 inverted; RGB images as
 * {@code v / (2^BitsStored - 1)}, so an 8-bit DICOM gives exactly what a PNG of the same pixels gives.
 *
 * <p>Images held in memory ({@link Uint8Image}: one image of a NumPy array) decode as 8-bit PNGs do.
 *
 * <p>Any decoder complaint is an error: javax.imageio only warns about a truncated JPEG and returns
 * a partly grey image, which must not become a training sample; a PNG's chunk structure and CRCs
 * are checked before decoding, since javax.imageio checks neither. Thread-safe; each thread keeps
 * its own readers.
 */
public final class ImageDecoder {

    /** Larger images are refused before their pixels are allocated: {@link ImageHeaders#MAX_PIXELS}. */
    static final long MAX_PIXELS = ImageHeaders.MAX_PIXELS;

    private static final float[] BYTE_TO_UNIT = new float[256];

    static {
        for (int v = 0; v < 256; v++) {
            BYTE_TO_UNIT[v] = v / 255f;
        }
    }

    private static final ThreadLocal<Map<ImageFormat, ReaderSlot>> READERS =
            ThreadLocal.withInitial(() -> new EnumMap<>(ImageFormat.class));

    private ImageDecoder() {
    }

    /**
     * Reads and decodes an image file.
     *
     * @throws BadInputException if the file is missing, unreadable, empty, in an unsupported format,
     *                           corrupt or truncated; the message names the file and the problem
     */
    public static FloatImage decode(Path file) {
        return decode(file, null);
    }

    /**
     * Reads and decodes an image file, seeing a grey DICOM image through {@code dicomWindow}.
     *
     * @param dicomWindow the window of grey DICOM images, or null for each file's own window, else its
     *                    full range; ignored for other formats
     * @throws BadInputException as {@link #decode(Path)}
     */
    public static FloatImage decode(Path file, DicomWindow dicomWindow) {
        return decode(DataFiles.readAllBytes(file), file, dicomWindow);
    }

    /**
     * An in-memory 8-bit image ({@code [H, W, C]}, channels last) as a {@code [C, H, W]} image in
     * {@code [0, 1]}: {@code v / 255}, exactly what an 8-bit PNG of the same pixels decodes to.
     */
    public static FloatImage decode(Uint8Image image) {
        int c = image.channels();
        int plane = image.height() * image.width();
        byte[] src = image.pixels();
        float[] out = new float[c * plane];
        for (int p = 0; p < plane; p++) {
            for (int ch = 0; ch < c; ch++) {
                out[ch * plane + p] = BYTE_TO_UNIT[src[p * c + ch] & 0xFF];
            }
        }
        return new FloatImage(c, image.height(), image.width(), out);
    }

    /**
     * Decodes an image held in memory; {@code name} labels errors and, by a {@code .dcm} or
     * {@code .dicom} extension, marks a DICOM file without its {@code DICM} prefix.
     *
     * @throws BadInputException if the bytes are empty, in an unsupported format, corrupt or truncated
     */
    public static FloatImage decode(byte[] bytes, Path name) {
        return decode(bytes, name, null);
    }

    /**
     * Decodes an image held in memory, seeing a grey DICOM image through {@code dicomWindow} (see
     * {@link #decode(Path, DicomWindow)}).
     *
     * @throws BadInputException as {@link #decode(byte[], Path)}
     */
    public static FloatImage decode(byte[] bytes, Path name, DicomWindow dicomWindow) {
        if (bytes.length == 0) {
            throw new BadInputException(name, "empty file");
        }
        Path fileName = name.getFileName();
        ImageFormat format = ImageFormat.of(bytes, fileName == null ? "" : fileName.toString())
                .orElseThrow(() -> unsupported(bytes, name));
        if (format == ImageFormat.DICOM) {
            DicomImage dicom = DicomImage.read(bytes, name);
            return new FloatImage(dicom.channels(), dicom.rows(), dicom.columns(), dicom.render(dicomWindow));
        }
        if (format == ImageFormat.PNG) {
            checkPngChunks(bytes, name);
        }
        Map<ImageFormat, ReaderSlot> readers = READERS.get();
        ReaderSlot slot = readers.computeIfAbsent(format, f -> new ReaderSlot(f, name));
        BufferedImage image;
        try {
            image = slot.read(bytes, name);
        } catch (BadInputException e) {
            readers.remove(format).dispose();
            throw e;
        }
        return toFloat(image, format, name);
    }

    static BadInputException unsupported(byte[] bytes, Path name) {
        String known = ImageFormat.describeUnsupported(bytes);
        if (known != null) {
            return new BadInputException(name, "unsupported image format " + known + " (supported: PNG, JPEG, BMP, DICOM)");
        }
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(8, bytes.length); i++) {
            hex.append(String.format(" %02x", bytes[i] & 0xFF));
        }
        return new BadInputException(name, "not a PNG, JPEG, BMP or DICOM image (starts with bytes" + hex + ")");
    }

    /**
     * Walks a PNG's chunks up to IEND, checking each CRC as PIL does: javax.imageio checks none and
     * accepts a file cut after its pixel data.
     */
    static void checkPngChunks(byte[] b, Path name) {
        CRC32 crc = new CRC32();
        int pos = 8;
        while (true) {
            if (pos + 12 > b.length) {
                throw new BadInputException(name, "truncated PNG data (the file ends before its IEND chunk)");
            }
            long length = readInt(b, pos) & 0xFFFFFFFFL;
            String type = chunkType(b, pos + 4);
            if (length > b.length - pos - 12L) {
                throw new BadInputException(name, "truncated PNG data (" + type + " chunk cut short)");
            }
            int len = (int) length;
            crc.reset();
            crc.update(b, pos + 4, 4 + len);
            if ((int) crc.getValue() != readInt(b, pos + 8 + len)) {
                throw new BadInputException(name, "corrupt PNG data (CRC mismatch in " + type + " chunk)");
            }
            if (type.equals("IEND")) {
                return;
            }
            pos += 12 + len;
        }
    }

    private static int readInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    private static String chunkType(byte[] b, int off) {
        StringBuilder sb = new StringBuilder(4);
        for (int i = 0; i < 4; i++) {
            char c = (char) (b[off + i] & 0xFF);
            sb.append(Character.isLetter(c) ? c : '?');
        }
        return sb.toString();
    }

    /** One javax.imageio reader and the warnings it raised during the current read. */
    private static final class ReaderSlot {
        final ImageFormat format;
        final ImageReader reader;
        final List<String> warnings = new ArrayList<>();

        ReaderSlot(ImageFormat format, Path name) {
            this.format = format;
            Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(format.imageIoName());
            if (!it.hasNext()) {
                throw new BadInputException(name, "this Java runtime has no " + format + " decoder");
            }
            this.reader = it.next();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        }

        BufferedImage read(byte[] bytes, Path name) {
            warnings.clear();
            try (ByteArrayImageInputStream in = new ByteArrayImageInputStream(bytes)) {
                reader.setInput(in, true, true);
                ImageHeaders.requireSize(name, format, reader.getWidth(0), reader.getHeight(0));
                BufferedImage image = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new BadInputException(name, "corrupt or truncated " + format + " data ("
                            + String.join("; ", warnings) + ")");
                }
                return image;
            } catch (EOFException e) {
                throw new BadInputException(name, "truncated " + format + " data (unexpected end of file)", e);
            } catch (IOException | RuntimeException e) {
                if (e instanceof BadInputException bad) {
                    throw bad;
                }
                throw new BadInputException(name, "cannot decode " + format + " data (" + describe(e) + ")", e);
            } finally {
                reader.setInput(null);
            }
        }

        void dispose() {
            reader.dispose();
        }
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            sb.append(": ").append(c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName());
        }
        return sb.toString();
    }

    static FloatImage toFloat(BufferedImage image, ImageFormat format, Path name) {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        if (cm instanceof ComponentColorModel && raster.getSampleModel() instanceof ComponentSampleModel
                && raster.getParent() == null) {
            int type = cm.getColorSpace().getType();
            int colours = cm.getNumColorComponents();
            if (!(type == ColorSpace.TYPE_GRAY && colours == 1) && !(type == ColorSpace.TYPE_RGB && colours == 3)) {
                throw new BadInputException(name, "unsupported " + format + " colour space with " + colours
                        + " components (only grey and RGB are supported)");
            }
            DataBuffer buffer = raster.getDataBuffer();
            if (buffer instanceof DataBufferByte || buffer instanceof DataBufferUShort) {
                return fromComponents(raster, (ComponentSampleModel) raster.getSampleModel(), colours, cm);
            }
        }
        if (cm instanceof IndexColorModel icm && isGreyPalette(icm)) {
            return fromRgb(image, 1);
        }
        return fromRgb(image, 3);
    }

    /** Direct reads of interleaved or banded 8/16-bit samples: the common and fast case. */
    private static FloatImage fromComponents(Raster raster, ComponentSampleModel sm, int channels, ColorModel cm) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        float[] out = new float[channels * h * w];
        int pixelStride = sm.getPixelStride();
        int lineStride = sm.getScanlineStride();
        int[] bandOffsets = sm.getBandOffsets();
        int[] banks = sm.getBankIndices();
        DataBuffer buffer = raster.getDataBuffer();
        for (int c = 0; c < channels; c++) {
            int bits = cm.getComponentSize(c);
            int base = c * h * w;
            int offset = buffer.getOffsets()[banks[c]] + bandOffsets[c];
            if (buffer instanceof DataBufferByte bytes && bits == 8) {
                byte[] d = bytes.getData(banks[c]);
                for (int y = 0; y < h; y++) {
                    int src = offset + y * lineStride;
                    int dst = base + y * w;
                    for (int x = 0; x < w; x++, src += pixelStride) {
                        out[dst + x] = BYTE_TO_UNIT[d[src] & 0xFF];
                    }
                }
            } else {
                float max = (float) ((1 << bits) - 1);
                for (int y = 0; y < h; y++) {
                    int src = offset + y * lineStride;
                    int dst = base + y * w;
                    for (int x = 0; x < w; x++, src += pixelStride) {
                        out[dst + x] = buffer.getElem(banks[c], src) / max;
                    }
                }
            }
        }
        return new FloatImage(channels, h, w, out);
    }

    private static boolean isGreyPalette(IndexColorModel icm) {
        int n = icm.getMapSize();
        byte[] r = new byte[n];
        byte[] g = new byte[n];
        byte[] b = new byte[n];
        icm.getReds(r);
        icm.getGreens(g);
        icm.getBlues(b);
        return Arrays.equals(r, g) && Arrays.equals(r, b);
    }

    /** Palette, packed and other layouts, through their 8-bit sRGB values. */
    private static FloatImage fromRgb(BufferedImage image, int channels) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        float[] out = new float[channels * h * w];
        int plane = h * w;
        for (int i = 0; i < plane; i++) {
            int p = argb[i];
            if (channels == 1) {
                out[i] = BYTE_TO_UNIT[p & 0xFF];
            } else {
                out[i] = BYTE_TO_UNIT[(p >>> 16) & 0xFF];
                out[plane + i] = BYTE_TO_UNIT[(p >>> 8) & 0xFF];
                out[2 * plane + i] = BYTE_TO_UNIT[p & 0xFF];
            }
        }
        return new FloatImage(channels, h, w, out);
    }
}
