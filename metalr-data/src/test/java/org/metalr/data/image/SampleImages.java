package org.metalr.data.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Small images written by tests: a position-dependent pattern, so wrong orders or flips show. */
public final class SampleImages {

    private SampleImages() {
    }

    /** RGB pixel (x, y) of the pattern with a given tint. */
    public static int rgb(int x, int y, int tint) {
        int r = (x * 37 + tint * 11) & 0xFF;
        int g = (y * 53 + tint * 29) & 0xFF;
        int b = (x * y * 7 + tint * 71) & 0xFF;
        return (r << 16) | (g << 8) | b;
    }

    /** Writes a width x height RGB image in {@code format} ("png", "jpeg", "bmp"). */
    public static Path writeRgb(Path file, int width, int height, int tint, String format) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgb(x, y, tint));
            }
        }
        return write(image, format, file);
    }

    /** Writes an 8-bit grey PNG whose pixel (x, y) is {@code (x * 16 + y * 3 + tint) & 0xFF}. */
    public static Path writeGrey(Path file, int width, int height, int tint) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, (x * 16 + y * 3 + tint) & 0xFF);
            }
        }
        return write(image, "png", file);
    }

    /** A small RGB PNG. */
    public static Path png(Path file, int tint) {
        return writeRgb(file, 8, 6, tint, "png");
    }

    static Path write(BufferedImage image, String format, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!ImageIO.write(image, format, file.toFile())) {
                throw new IllegalStateException("no writer for " + format);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes raw bytes, creating parent folders. */
    public static Path bytes(Path file, byte[] content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
