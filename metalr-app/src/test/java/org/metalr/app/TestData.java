package org.metalr.app;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import picocli.CommandLine;

/**
 * Tiny image datasets for the command's tests, written as PNG files: 16x16 RGB images in class
 * folders {@code a, b, c}, class {@code k} brightening its own third of the rows under noise, so a
 * small CNN learns something in a few iterations.
 */
final class TestData {

    static final List<String> CLASSES = List.of("a", "b", "c");
    static final int SIZE = 16;

    private TestData() {}

    /**
     * {@code root/train, val, test}, each with {@code perClass[i]} images per class (train, val, test).
     *
     * @return {@code root}
     */
    static Path splitFolders(Path root, int train, int val, int test) throws IOException {
        classFolder(root.resolve("train"), train, 1);
        classFolder(root.resolve("val"), val, 2);
        classFolder(root.resolve("test"), test, 3);
        return root;
    }

    /** One image folder, {@code root/<class>/img_<i>.png}, {@code perClass} images per class. */
    static Path classFolder(Path root, int perClass, long key) throws IOException {
        for (int c = 0; c < CLASSES.size(); c++) {
            Path dir = Files.createDirectories(root.resolve(CLASSES.get(c)));
            for (int i = 0; i < perClass; i++) {
                image(dir.resolve(String.format("img_%02d.png", i)), c, key * 1000 + c * 100 + i);
            }
        }
        return root;
    }

    /** One image of class {@code label} (of {@link #CLASSES}), PNG or JPEG as the file name says, drawn with {@code seed}. */
    static void image(Path file, int label, long seed) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        BufferedImage img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                boolean band = y * CLASSES.size() / SIZE == label;
                int rgb = 0;
                for (int ch = 0; ch < 3; ch++) {
                    double v = (band ? 0.75 : 0.25) + 0.15 * rnd.nextGaussian();
                    rgb = rgb << 8 | (int) Math.round(255 * Math.min(1, Math.max(0, v)));
                }
                img.setRGB(x, y, rgb);
            }
        }
        String name = file.getFileName().toString();
        ImageIO.write(img, name.substring(name.lastIndexOf('.') + 1), file.toFile());
    }

    /**
     * One image of class {@code label} as a CT-like DICOM file: 16-bit signed stored values, rescale
     * intercept -1024, the class's band at about 100 HU and the rest at about -100 HU under noise, written
     * implicit VR little endian without a file meta header (the plainest encoding a reader must take).
     */
    static void dicom(Path file, int label, long seed) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        element(out, 0x00080060, "CT".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        element(out, 0x00280002, le16(1));
        element(out, 0x00280004, "MONOCHROME2 ".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        element(out, 0x00280010, le16(SIZE));
        element(out, 0x00280011, le16(SIZE));
        element(out, 0x00280100, le16(16));
        element(out, 0x00280101, le16(16));
        element(out, 0x00280102, le16(15));
        element(out, 0x00280103, le16(1));
        element(out, 0x00281052, "-1024 ".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        element(out, 0x00281053, "1 ".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] pixels = new byte[2 * SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                boolean band = y * CLASSES.size() / SIZE == label;
                int hu = (int) Math.round((band ? 100 : -100) + 60 * rnd.nextGaussian());
                int stored = hu + 1024;
                pixels[2 * (y * SIZE + x)] = (byte) stored;
                pixels[2 * (y * SIZE + x) + 1] = (byte) (stored >> 8);
            }
        }
        element(out, 0x7FE00010, pixels);
        Files.createDirectories(file.getParent());
        Files.write(file, out.toByteArray());
    }

    /** {@code root/<class>/img_<i>.dcm}, {@code perClass} DICOM images per class. */
    static Path dicomFolder(Path root, int perClass, long key) throws IOException {
        for (int c = 0; c < CLASSES.size(); c++) {
            for (int i = 0; i < perClass; i++) {
                dicom(root.resolve(CLASSES.get(c)).resolve(String.format("img_%02d.dcm", i)), c, key * 1000 + c * 100 + i);
            }
        }
        return root;
    }

    private static void element(java.io.ByteArrayOutputStream out, int tag, byte[] value) {
        out.writeBytes(le16(tag >>> 16));
        out.writeBytes(le16(tag & 0xFFFF));
        int n = value.length;
        out.writeBytes(new byte[] {(byte) n, (byte) (n >> 8), (byte) (n >> 16), (byte) (n >> 24)});
        out.writeBytes(value);
    }

    private static byte[] le16(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8)};
    }

    /**
     * A MedMNIST-style {@code .npz} (deflated): for each of {@code train}, {@code val}, {@code test} the
     * given number of grey {@code size x size} uint8 images and {@code (N, 1)} uint8 labels cycling through
     * the three classes, each class's band of rows brighter (as {@link #splitFolders} draws them).
     */
    static Path medmnist(Path file, int size, int train, int val, int test) throws IOException {
        Files.createDirectories(file.getParent());
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
            int[] counts = {train, val, test};
            String[] splits = {"train", "val", "test"};
            for (int s = 0; s < 3; s++) {
                int n = counts[s];
                byte[] labels = new byte[n];
                byte[] images = bandImages(n, size, CLASSES.size(), new SplittableRandom(77 + s), labels);
                npy(zip, splits[s] + "_images", "(" + n + ", " + size + ", " + size + ")", images);
                npy(zip, splits[s] + "_labels", "(" + n + ", 1)", labels);
            }
        }
        return file;
    }

    /**
     * An MNIST-style folder of gzip-compressed IDX files ({@code --dataset idx}): {@code train} and {@code test}
     * grey {@code size x size} images labelled {@code i % classes}, each class's band of rows brighter.
     */
    static Path idx(Path root, int size, int train, int test, int classes) throws IOException {
        Files.createDirectories(root);
        int[] counts = {train, test};
        String[] splits = {"train", "t10k"};
        for (int s = 0; s < 2; s++) {
            int n = counts[s];
            byte[] labels = new byte[n];
            byte[] images = bandImages(n, size, classes, new SplittableRandom(91 + s), labels);
            idxFile(root.resolve(splits[s] + "-images-idx3-ubyte.gz"), new int[] {n, size, size}, images);
            idxFile(root.resolve(splits[s] + "-labels-idx1-ubyte.gz"), new int[] {n}, labels);
        }
        return root;
    }

    /**
     * {@code n} grey {@code size x size} images, row-major, image {@code i} of class {@code i % classes} (written
     * into {@code labels}) with its class's band of rows brighter, under noise from {@code rnd}.
     */
    private static byte[] bandImages(int n, int size, int classes, SplittableRandom rnd, byte[] labels) {
        byte[] images = new byte[n * size * size];
        for (int i = 0; i < n; i++) {
            int label = i % classes;
            labels[i] = (byte) label;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    boolean band = y * classes / size == label;
                    int v = (int) Math.round((band ? 190 : 60) + 25 * rnd.nextGaussian());
                    images[(i * size + y) * size + x] = (byte) Math.max(0, Math.min(255, v));
                }
            }
        }
        return images;
    }

    /** One gzip-compressed unsigned-byte IDX file: magic 0, 0, 8, dims; big-endian sizes; the values. */
    private static void idxFile(Path file, int[] dims, byte[] values) throws IOException {
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(
                new java.util.zip.GZIPOutputStream(Files.newOutputStream(file)))) {
            out.write(new byte[] {0, 0, 8, (byte) dims.length});
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(values);
        }
    }

    /** One uint8 {@code .npy} entry, format 1.0, its header padded to 64 bytes as NumPy pads it. */
    private static void npy(java.util.zip.ZipOutputStream zip, String name, String shape, byte[] data)
            throws IOException {
        StringBuilder dict = new StringBuilder("{'descr': '|u1', 'fortran_order': False, 'shape': " + shape + ", }");
        while ((10 + dict.length() + 1) % 64 != 0) {
            dict.append(' ');
        }
        dict.append('\n');
        zip.putNextEntry(new java.util.zip.ZipEntry(name + ".npy"));
        zip.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        zip.write(le16(dict.length()));
        zip.write(dict.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        zip.write(data);
        zip.closeEntry();
    }

    /** The data options of a command line. */
    static DataOptions dataOptions(String... args) {
        DataOptions o = new DataOptions();
        new CommandLine(o).parseArgs(args);
        return o;
    }

    /** The command in a child JVM, its output in {@code log.out} and {@code log.err}. */
    static Process child(Path log, String... args) throws IOException {
        return child(log, java.util.Map.of(), args);
    }

    /** The command in a child JVM with {@code environment} added to this one's, its output as above. */
    static Process child(Path log, java.util.Map<String, String> environment, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
                "java").toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(Path.of(log + ".out").toFile()).redirectError(Path.of(log + ".err").toFile());
        org.metalr.libtorch.NativeEnvironment.addDefaults(pb.environment());
        pb.environment().putAll(environment);
        return pb.start();
    }

    /** The command run in-process, its output and error text kept. */
    static final class Cli {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();

        int run(String... args) {
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);
            return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        }

        String out() {
            return out.toString();
        }

        String err() {
            return err.toString();
        }
    }
}
