package org.metalr.report;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

/** Reads PNG bytes and counts pixels, for tests of the pictures. */
final class Images {

    private Images() {
    }

    static BufferedImage decode(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            if (image == null) {
                throw new AssertionError("not a readable image");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pixels whose every channel is within {@code tolerance} of {@code color}. */
    static int countNear(BufferedImage image, Color color, int tolerance) {
        return countNear(image, color, tolerance, 0, 0, image.getWidth(), image.getHeight());
    }

    /** As {@link #countNear(BufferedImage, Color, int)}, within the rectangle [x0, x1) x [y0, y1). */
    static int countNear(BufferedImage image, Color color, int tolerance, int x0, int y0, int x1, int y1) {
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int rgb = image.getRGB(x, y);
                if (Math.abs(((rgb >> 16) & 0xff) - color.getRed()) <= tolerance
                        && Math.abs(((rgb >> 8) & 0xff) - color.getGreen()) <= tolerance
                        && Math.abs((rgb & 0xff) - color.getBlue()) <= tolerance) {
                    n++;
                }
            }
        }
        return n;
    }

    static int distinctColours(BufferedImage image) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                seen.add(image.getRGB(x, y) & 0xffffff);
            }
        }
        return seen.size();
    }
}
