package org.metalr.app;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The picture of {@code metalr features} (the paper's Fig. 2): one row per image, holding the input
 * and then, per checkpoint side by side, a grid of its first-layer feature maps. A map is drawn in
 * grey from 0 (black) to the largest value of that channel for that image over all checkpoints
 * (white), so the same channel can be compared across checkpoints by brightness.
 */
final class FeatureGrid {

    private static final int GAP = 2;
    private static final int BLOCK_GAP = 18;
    private static final int HEADER = 26;
    private static final int MARGIN = 10;

    private FeatureGrid() {}

    /**
     * Renders the picture as PNG bytes.
     *
     * @param titles  a title per checkpoint
     * @param inputs  per image, its input as {@code [c, h, w]} values in {@code [0, 1]} (1 or 3 channels)
     * @param maps    per checkpoint, per image, its maps {@code [channels, size, size]}
     * @param shown   how many of the channels to draw (the first ones)
     */
    static byte[] png(List<String> titles, List<float[]> inputs, int inputChannels, int inputSize,
            List<List<float[]>> maps, int channels, int size, int shown) throws IOException {
        int n = Math.min(shown, channels);
        int cols = (int) Math.ceil(Math.sqrt(n));
        int rows = (n + cols - 1) / cols;
        int zoom = Math.max(1, 48 / size);
        int tile = size * zoom;
        int blockW = cols * tile + (cols - 1) * GAP;
        int blockH = rows * tile + (rows - 1) * GAP;
        int inputSide = blockH;
        int width = MARGIN * 2 + inputSide + maps.size() * (BLOCK_GAP + blockW);
        int height = MARGIN * 2 + HEADER + inputs.size() * blockH + (inputs.size() - 1) * BLOCK_GAP;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString("input", MARGIN, MARGIN + 15);
            for (int k = 0; k < maps.size(); k++) {
                int x0 = MARGIN + inputSide + BLOCK_GAP + k * (BLOCK_GAP + blockW);
                g.drawString(fit(g, titles.get(k), blockW), x0, MARGIN + 15);
            }
            for (int i = 0; i < inputs.size(); i++) {
                int y0 = MARGIN + HEADER + i * (blockH + BLOCK_GAP);
                drawInput(img, inputs.get(i), inputChannels, inputSize, MARGIN, y0, inputSide);
                float[] top = new float[n];
                for (List<float[]> checkpoint : maps) {
                    float[] m = checkpoint.get(i);
                    for (int c = 0; c < n; c++) {
                        for (int p = 0; p < size * size; p++) {
                            top[c] = Math.max(top[c], m[c * size * size + p]);
                        }
                    }
                }
                for (int k = 0; k < maps.size(); k++) {
                    int x0 = MARGIN + inputSide + BLOCK_GAP + k * (BLOCK_GAP + blockW);
                    float[] m = maps.get(k).get(i);
                    for (int c = 0; c < n; c++) {
                        int tx = x0 + (c % cols) * (tile + GAP);
                        int ty = y0 + (c / cols) * (tile + GAP);
                        drawMap(img, m, c, size, top[c], tx, ty, zoom);
                    }
                }
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(img, "png", bytes);
        return bytes.toByteArray();
    }

    private static String fit(Graphics2D g, String text, int width) {
        String t = text;
        while (t.length() > 4 && g.getFontMetrics().stringWidth(t) > width) {
            t = t.substring(0, t.length() - 2);
        }
        return t.equals(text) ? t : t + "…";
    }

    private static void drawMap(BufferedImage img, float[] m, int c, int size, float top, int x0, int y0, int zoom) {
        for (int y = 0; y < size * zoom; y++) {
            for (int x = 0; x < size * zoom; x++) {
                float v = m[(c * size + y / zoom) * size + x / zoom];
                int grey = top > 0 ? Math.round(255 * Math.min(1f, Math.max(0f, v / top))) : 0;
                img.setRGB(x0 + x, y0 + y, grey << 16 | grey << 8 | grey);
            }
        }
    }

    /** The input, nearest-neighbour scaled to {@code side}; one channel drawn grey. */
    private static void drawInput(BufferedImage img, float[] v, int channels, int size, int x0, int y0, int side) {
        int plane = size * size;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int p = (y * size / side) * size + x * size / side;
                int r = level(v[p]);
                int gr = channels == 3 ? level(v[plane + p]) : r;
                int b = channels == 3 ? level(v[2 * plane + p]) : r;
                img.setRGB(x0 + x, y0 + y, r << 16 | gr << 8 | b);
            }
        }
    }

    private static int level(float v) {
        return Math.round(255 * Math.min(1f, Math.max(0f, v)));
    }
}
