package org.metalr.data.idx;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes IDX files for tests, byte by byte as the format's description gives them (magic {@code 0, 0, type,
 * dims}, big-endian sizes, values), and small MNIST-style folders whose pixels follow {@link #pixel}.
 */
public final class IdxFixture {

    private IdxFixture() {}

    /** The bytes of an IDX file of {@code type} with sizes {@code dims} and {@code values}. */
    public static byte[] bytes(int type, int[] dims, byte[] values) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.write(new byte[] {0, 0, (byte) type, (byte) dims.length});
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(values);
        out.flush();
        return b.toByteArray();
    }

    /** Writes {@code content} to {@code file}, gzip-compressed when its name ends in {@code .gz}. */
    public static Path write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = file.toString().endsWith(".gz") ? new GZIPOutputStream(Files.newOutputStream(file))
                : Files.newOutputStream(file)) {
            out.write(content);
        }
        return file;
    }

    /** The generated pixel {@code (y, x)} of image {@code i} of a split (offset 0 for train, 100 for test). */
    public static int pixel(int offset, int i, int y, int x) {
        return (offset + 31 * i + 7 * y + 3 * x) % 256;
    }

    /**
     * A folder of the four files of an MNIST-style dataset with {@code train} and {@code test} images of
     * {@code h x w} pixels ({@link #pixel}), image {@code i} labelled {@code i % classes}.
     *
     * @param gzip whether the files are gzip-compressed ({@code NAME.gz})
     */
    public static Path folder(Path root, int train, int test, int h, int w, int classes, boolean gzip)
            throws IOException {
        String gz = gzip ? ".gz" : "";
        split(root, "train", train, 0, h, w, classes, gz);
        split(root, "t10k", test, 100, h, w, classes, gz);
        return root;
    }

    private static void split(Path root, String name, int n, int offset, int h, int w, int classes, String gz)
            throws IOException {
        byte[] pixels = new byte[n * h * w];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % classes);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    pixels[(i * h + y) * w + x] = (byte) pixel(offset, i, y, x);
                }
            }
        }
        write(root.resolve(name + "-images-idx3-ubyte" + gz), bytes(IdxFile.UBYTE, new int[] {n, h, w}, pixels));
        write(root.resolve(name + "-labels-idx1-ubyte" + gz), bytes(IdxFile.UBYTE, new int[] {n}, labels));
    }
}
