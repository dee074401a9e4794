package org.metalr.data.idx;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.metalr.data.BadInputException;

/**
 * Reads unsigned-byte IDX files, the format of MNIST and Fashion-MNIST: four magic bytes
 * {@code 0, 0, type, dims}, then {@code dims} big-endian 32-bit sizes, then the values in row-major order.
 * A file may be gzip-compressed (as distributed, and as Debian ships them); the gzip magic tells, not the
 * name. Only type {@code 0x08} (unsigned byte) is read: MNIST's images and labels are that type, and
 * metalr's in-memory images are 8-bit.
 *
 * <p>Each read streams the file once into one array per image (no buffer of the whole file, so 60,000 images
 * cost their 47 MB and little more; a header claiming more than the file holds allocates nothing ahead). Everything is checked against the header: the
 * magic, the type, the number of dimensions the caller expects, sizes, and that the file ends where the
 * header says (a truncated file or trailing bytes are refused). Stateless.
 */
public final class IdxFile {

    /** The type byte of unsigned 8-bit values. */
    public static final int UBYTE = 0x08;

    private static final int BUFFER = 1 << 16;

    private IdxFile() {}

    /**
     * Images of an {@code idx3-ubyte} file, {@code (count, height, width)}.
     *
     * @param count  number of images
     * @param height rows of each image
     * @param width  columns of each image
     * @param pixels one array of {@code height * width} bytes per image, rows of pixels
     */
    public record Images(int count, int height, int width, byte[][] pixels) {}

    /**
     * The images of {@code file}.
     *
     * @throws BadInputException naming the file: unreadable, not IDX, not unsigned bytes, not three
     *     dimensions, an empty size, truncated or longer than its header says
     */
    public static Images images(Path file) {
        return read(file, in -> {
            int[] dims = header(file, in, 3, "images (count, height, width)");
            // grown as the images arrive, so a header that claims more than the file holds costs nothing
            List<byte[]> pixels = new ArrayList<>(Math.min(dims[0], 1 << 16));
            for (int i = 0; i < dims[0]; i++) {
                pixels.add(next(file, in, dims[1] * dims[2], dims, i));
            }
            requireEnd(file, in);
            return new Images(dims[0], dims[1], dims[2], pixels.toArray(byte[][]::new));
        });
    }

    /**
     * The labels of an {@code idx1-ubyte} file, each in {@code 0..255}.
     *
     * @throws BadInputException as {@link #images}, for one dimension
     */
    public static int[] labels(Path file) {
        return read(file, in -> {
            int[] dims = header(file, in, 1, "labels (count)");
            byte[] raw = next(file, in, dims[0], dims, 0);
            requireEnd(file, in);
            int[] out = new int[raw.length];
            for (int i = 0; i < raw.length; i++) {
                out[i] = raw[i] & 0xFF;
            }
            return out;
        });
    }

    /** One read of the file's values. */
    private interface Reading<T> {
        T from(DataInputStream in) throws IOException;
    }

    /** {@code reading} over the file's bytes; I/O failures become a {@link BadInputException} naming the file. */
    private static <T> T read(Path file, Reading<T> reading) {
        try (DataInputStream in = open(file)) {
            return reading.from(in);
        } catch (EOFException e) {
            throw new BadInputException(file, "truncated: " + e.getMessage(), e); // gzip data that ends early
        } catch (IOException e) {
            throw new BadInputException(file, "cannot be read: " + e, e);
        }
    }

    /** The file's bytes, through gzip when it starts with gzip's magic. */
    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        try {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            boolean gzip = b0 == 0x1f && b1 == 0x8b;
            return new DataInputStream(gzip ? new BufferedInputStream(new GZIPInputStream(raw, BUFFER), BUFFER) : raw);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** The sizes the header declares, checked: {@code dims} of them, each positive, their product an int. */
    private static int[] header(Path file, DataInputStream in, int dims, String expected) throws IOException {
        byte[] magic = new byte[4];
        if (in.readNBytes(magic, 0, 4) < 4 || magic[0] != 0 || magic[1] != 0) {
            throw new BadInputException(file, "not an IDX file: it does not start with the magic bytes 0, 0, type, dims"
                    + " (a file of MNIST or Fashion-MNIST, gzip-compressed or not)");
        }
        int type = magic[2] & 0xFF;
        if (type != UBYTE) {
            throw new BadInputException(file, String.format("holds IDX values of type 0x%02x; only unsigned bytes (0x08)"
                    + " are read", type));
        }
        int n = magic[3] & 0xFF;
        if (n != dims) {
            throw new BadInputException(file, "has " + n + " dimensions; expected " + dims + ": " + expected);
        }
        int[] sizes = new int[n];
        long product = 1;
        for (int d = 0; d < n; d++) {
            try {
                sizes[d] = in.readInt();
            } catch (EOFException e) {
                throw new BadInputException(file, "truncated: the header ends before its " + n + " sizes", e);
            }
            if (sizes[d] <= 0) {
                throw new BadInputException(file, "declares size " + Integer.toUnsignedString(sizes[d]) + " for dimension "
                        + d + "; expected a positive size");
            }
            product *= sizes[d];
        }
        if (product / sizes[0] > Integer.MAX_VALUE) {
            throw new BadInputException(file, "declares items of sizes " + Arrays.toString(sizes) + ", too large to hold");
        }
        return sizes;
    }

    /**
     * The next {@code length} bytes (item {@code item} of an array of sizes {@code dims}); a short read is a
     * truncated file, named with the item it stopped in. The array grows as the bytes arrive.
     */
    private static byte[] next(Path file, DataInputStream in, int length, int[] dims, int item) throws IOException {
        byte[] out = in.readNBytes(length);
        if (out.length < length) {
            throw new BadInputException(file, "truncated: its header declares " + Arrays.toString(dims)
                    + (dims.length > 1 ? ", but the data ends in item " + item : ", but the data ends after "
                    + out.length + " values"));
        }
        return out;
    }

    private static void requireEnd(Path file, DataInputStream in) throws IOException {
        if (in.read() != -1) {
            throw new BadInputException(file, "holds more bytes than its header declares; not one IDX array");
        }
    }
}
