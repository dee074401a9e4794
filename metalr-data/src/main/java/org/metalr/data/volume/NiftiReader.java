package org.metalr.data.volume;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads NIfTI-1 images: a single {@code .nii} file (magic {@code n+1}) or a {@code .hdr}/{@code .img} pair
 * (magic {@code ni1}), either gzip-compressed (told by the content, not the name), in either byte order
 * (told by {@code sizeof_hdr}). Voxels are decoded to float32 in file order and scaled by
 * {@code scl_slope}/{@code scl_inter} when the slope is not 0. Orientation (qform/sform) is not applied:
 * the voxels stay in the order of the file, as {@code nibabel}'s {@code get_fdata()} returns them.
 *
 * <p>Every problem with a file is reported as a {@link VolumeDataException} naming the file.
 */
public final class NiftiReader {

    private static final int CHUNK = 1 << 20;

    private NiftiReader() {
    }

    /**
     * Reads only the header.
     *
     * @throws VolumeDataException when the file is missing, too short or its header is invalid
     * @throws IOException         on other read errors
     */
    public static NiftiHeader readHeader(Path file) throws IOException {
        Path headerFile = headerFileOf(file);
        try (InputStream in = open(headerFile)) {
            return readHeader(headerFile, in);
        }
    }

    /**
     * Reads the header and all voxels.
     *
     * @throws VolumeDataException when the file (or the {@code .img} of a pair) is missing, the header is
     *         invalid, the data type is unsupported or the body holds fewer voxels than the header says
     * @throws IOException         on other read errors
     */
    public static NiftiImage read(Path file) throws IOException {
        Path headerFile = headerFileOf(file);
        try (InputStream in = open(headerFile)) {
            NiftiHeader header = readHeader(headerFile, in);
            if (header.isSingleFile()) {
                return new NiftiImage(header, readVoxels(headerFile, in, header, header.voxOffset() - NiftiHeader.SIZE));
            }
            Path dataFile = imageFileOf(headerFile);
            try (InputStream data = open(dataFile)) {
                return new NiftiImage(header, readVoxels(dataFile, data, header, header.voxOffset()));
            }
        }
    }

    /**
     * Checks that a file is complete without decoding it: reads the header and runs through the voxel
     * data (inflating it when compressed), so a truncated body or corrupt gzip data is found at the cost
     * of one read and no voxel array. How a scan that skips bad cases finds them before training.
     *
     * @return the header
     * @throws VolumeDataException as {@link #read}
     * @throws IOException         on other read errors
     */
    public static NiftiHeader verify(Path file) throws IOException {
        Path headerFile = headerFileOf(file);
        try (InputStream in = open(headerFile)) {
            NiftiHeader header = readHeader(headerFile, in);
            if (header.isSingleFile()) {
                drain(headerFile, in, header, header.voxOffset() - NiftiHeader.SIZE);
            } else {
                Path dataFile = imageFileOf(headerFile);
                try (InputStream data = open(dataFile)) {
                    drain(dataFile, data, header, header.voxOffset());
                }
            }
            return header;
        }
    }

    /**
     * Reads the header and checks the file's size against it without reading the voxels: an uncompressed
     * file must hold {@code vox_offset} plus the voxel data's bytes; a gzip file's trailer (the
     * uncompressed size modulo 2^32) must say exactly as much (what NIfTI writers write), which a truncated
     * file's last four bytes say only by a one-in-2^32 chance. How a
     * strict scan finds a truncated case before training, at the cost of two small reads.
     *
     * @return the header
     * @throws VolumeDataException as {@link #readHeader}, or naming the file and both sizes if it is short
     * @throws IOException         on other read errors
     */
    public static NiftiHeader checkSize(Path file) throws IOException {
        NiftiHeader header = readHeader(file);
        Path data = header.isSingleFile() ? headerFileOf(file) : imageFileOf(headerFileOf(file));
        long offset = header.isSingleFile() ? header.voxOffset() : 0;
        long needed = offset + header.dataBytes();
        long size = Files.size(data);
        if (!isGzip(data)) {
            if (size < needed) {
                throw new VolumeDataException(data, "truncated: " + size + " bytes, but the header needs " + needed
                        + " (" + header.dataBytes() + " bytes of voxel data after offset " + offset + ")");
            }
            return header;
        }
        long trailer = size < 18 ? -1 : gzipTrailerSize(data, size);
        if (trailer != (needed & 0xFFFFFFFFL)) {
            throw new VolumeDataException(data, "truncated or corrupt gzip data: it says " + trailer + " bytes"
                    + " uncompressed (modulo 2^32), but the header needs " + needed);
        }
        return header;
    }

    private static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    /** The last four bytes of a gzip file: its uncompressed size modulo 2^32, little-endian. */
    private static long gzipTrailerSize(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining() && ch.read(b, size - 4 + b.position()) > 0) {
                // read on
            }
            return b.getInt(0) & 0xFFFFFFFFL;
        }
    }

    /** Runs through {@code skip} bytes and then the voxel data, reporting a short file as {@link #readVoxels} does. */
    private static void drain(Path file, InputStream in, NiftiHeader header, long skip) throws IOException {
        skipToVoxels(file, in, header, skip);
        long expected = header.dataBytes();
        byte[] chunk = new byte[(int) Math.min(CHUNK, Math.max(1, expected))];
        long have = 0;
        while (have < expected) {
            int want = (int) Math.min(chunk.length, expected - have);
            int got;
            try {
                got = in.readNBytes(chunk, 0, want);
            } catch (ZipException | EOFException e) {
                throw corrupt(file, e);
            }
            have += got;
            if (got < want) {
                throw new VolumeDataException(file, "truncated body: expected " + expected
                        + " bytes of voxel data after offset " + header.voxOffset() + ", found " + have);
            }
        }
    }

    /** Skips the {@code skip} bytes before the voxel data; a file that ends first is truncated. */
    private static void skipToVoxels(Path file, InputStream in, NiftiHeader header, long skip) throws IOException {
        try {
            in.skipNBytes(skip);
        } catch (EOFException e) {
            throw new VolumeDataException(file, "truncated: the file ends before vox_offset " + header.voxOffset());
        } catch (ZipException e) {
            throw corrupt(file, e);
        }
    }

    private static NiftiHeader readHeader(Path file, InputStream in) throws IOException {
        byte[] bytes = readFully(file, in, NiftiHeader.SIZE);
        NiftiHeader header = NiftiHeader.parse(file, bytes);
        if (!header.isSingleFile() && !isPairName(file, ".hdr")) {
            throw new VolumeDataException(file,
                    "magic ni1 says the voxels are in a separate .img file, but this is not a .hdr file");
        }
        return header;
    }

    private static float[] readVoxels(Path file, InputStream in, NiftiHeader header, long skip)
            throws IOException {
        skipToVoxels(file, in, header, skip);
        NiftiDataType type = header.dataType();
        float[] out = new float[header.voxelCount()];
        byte[] chunk = new byte[(int) Math.min(CHUNK, header.dataBytes())];
        ByteBuffer buffer = ByteBuffer.wrap(chunk).order(header.byteOrder());
        long expected = header.dataBytes();
        int voxel = 0;
        while (voxel < out.length) {
            int want = (int) Math.min(chunk.length, (long) (out.length - voxel) * type.bytes());
            int got;
            try {
                got = in.readNBytes(chunk, 0, want);
            } catch (ZipException | EOFException e) {
                throw corrupt(file, e);
            }
            if (got < want) {
                long have = (long) voxel * type.bytes() + got;
                throw new VolumeDataException(file, "truncated body: expected " + expected
                        + " bytes of voxel data after offset " + header.voxOffset() + ", found " + have);
            }
            buffer.clear();
            type.decode(buffer, out, voxel, want / type.bytes());
            voxel += want / type.bytes();
        }
        if (header.hasScaling()) {
            double slope = header.sclSlope();
            double inter = Float.isFinite(header.sclInter()) ? header.sclInter() : 0;
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) (out[i] * slope + inter);
            }
        }
        return out;
    }

    private static byte[] readFully(Path file, InputStream in, int n) throws IOException {
        byte[] bytes;
        try {
            bytes = in.readNBytes(n);
        } catch (ZipException | EOFException e) {
            throw corrupt(file, e);
        }
        if (bytes.length < n) {
            throw new VolumeDataException(file,
                    "truncated header: " + bytes.length + " bytes, a NIfTI-1 header has " + n);
        }
        return bytes;
    }

    private static VolumeDataException corrupt(Path file, IOException e) {
        return new VolumeDataException(file, "corrupt or truncated gzip data: " + e.getMessage(), e);
    }

    /** Opens a file, decompressing when it starts with the gzip signature. */
    private static InputStream open(Path file) throws IOException {
        InputStream raw;
        try {
            raw = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new VolumeDataException(file, "no such file", e);
        }
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        try {
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                return new GZIPInputStream(in, 1 << 16);
            }
            return in;
        } catch (ZipException e) {
            in.close();
            throw corrupt(file, e);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static boolean isPairName(Path file, String extension) {
        String name = file.getFileName().toString();
        return name.endsWith(extension) || name.endsWith(extension + ".gz");
    }

    /** The {@code .hdr} of a pair when given its {@code .img}; the file itself otherwise. */
    private static Path headerFileOf(Path file) throws VolumeDataException {
        return isPairName(file, ".img") ? companion(file, ".img", ".hdr") : file;
    }

    private static Path imageFileOf(Path headerFile) throws VolumeDataException {
        return companion(headerFile, ".hdr", ".img");
    }

    /** The companion of a pair file, compressed or not, whichever exists. */
    private static Path companion(Path file, String from, String to) throws VolumeDataException {
        String name = file.getFileName().toString();
        String base = name.substring(0, name.lastIndexOf(from));
        Path plain = file.resolveSibling(base + to);
        Path gz = file.resolveSibling(base + to + ".gz");
        if (Files.exists(plain)) {
            return plain;
        }
        if (Files.exists(gz)) {
            return gz;
        }
        throw new VolumeDataException(file, "the " + to + " file of this pair is missing: " + plain);
    }
}
