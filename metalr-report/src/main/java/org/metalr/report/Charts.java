package org.metalr.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Shared looks of the pictures: palette, colour ramps, fonts, number labels, PNG encoding. */
final class Charts {

    static {
        // Pictures are drawn off screen; never let AWT look for a display (one may be set but unreachable).
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Matplotlib's "tab10": ten colours that stay distinct for most colour vision. */
    static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf),
    };

    static final Color INK = new Color(0x222222);
    static final Color MUTED = new Color(0x666666);
    static final Color FRAME = new Color(0xb0b0b0);
    static final Color GRID = new Color(0xe6e6e6);
    static final Color MINOR_GRID = new Color(0xf3f3f3);
    static final Color MISSING = new Color(0xeeeeee);

    /** The font families the SVG asks for, matching the bitmap's logical sans-serif. */
    static final String SVG_FONTS = "DejaVu Sans, Helvetica, Arial, sans-serif";

    /** White to dark blue, for counts. */
    static final Color[] BLUES = {
        new Color(0xf7fbff), new Color(0xc6dbef), new Color(0x6baed6), new Color(0x2171b5), new Color(0x08306b),
    };

    /** Viridis, for scores. */
    static final Color[] VIRIDIS = {
        new Color(0x440154), new Color(0x3b528b), new Color(0x21918c), new Color(0x5ec962), new Color(0xfde725),
    };

    private static final FontRenderContext MEASURE = new FontRenderContext(null, true, true);

    private Charts() {
    }

    /** Colour of series {@code i}; past ten, colours repeat and {@link #dash} tells the lines apart. */
    static Color color(int i) {
        return PALETTE[Math.floorMod(i, PALETTE.length)];
    }

    /** Solid for the first ten series, dashed for the next ten, dotted after that. */
    static float[] dash(int i) {
        return switch ((i / PALETTE.length) % 3) {
            case 0 -> null;
            case 1 -> new float[] {8f, 4f};
            default -> new float[] {2f, 3f};
        };
    }

    static Font font(float size, boolean bold) {
        return new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, 1).deriveFont(size);
    }

    static double textWidth(String s, float size, boolean bold) {
        return font(size, bold).getStringBounds(s, MEASURE).getWidth();
    }

    /** A number for a label or a cell: plain for moderate magnitudes, {@code 3e-4} style otherwise. */
    static String number(double v) {
        if (v == 0) {
            return "0";
        }
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "–" : (v > 0 ? "∞" : "-∞");
        }
        double a = Math.abs(v);
        if (a >= 0.01 && a < 1e5) {
            return trim(String.format(Locale.ROOT, "%.4g", v));
        }
        return scientific(v);
    }

    /** {@code 1e-4}, {@code 2.5e-3}: a mantissa with at most two decimals. */
    static String scientific(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return number(v);
        }
        int exp = (int) Math.floor(Math.log10(Math.abs(v)));
        double mantissa = v / Math.pow(10, exp);
        if (Math.abs(mantissa) >= 9.995) {
            mantissa /= 10;
            exp++;
        }
        return trim(String.format(Locale.ROOT, "%.2f", mantissa)) + "e" + exp;
    }

    private static String trim(String s) {
        if (!s.contains(".") || s.contains("e")) {
            return s;
        }
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer in this Java runtime");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("an image could not be encoded as PNG", e);
        }
        return out.toByteArray();
    }

    /** A white RGB image. */
    static BufferedImage canvas(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        return g;
    }

    /** Dark ink or white, whichever reads better on {@code background}. */
    static Color textOn(Color background) {
        double luminance = (0.2126 * background.getRed() + 0.7152 * background.getGreen()
                + 0.0722 * background.getBlue()) / 255;
        return luminance > 0.5 ? INK : Color.WHITE;
    }

    /** Linear interpolation between colour stops at {@code t} in [0, 1]. */
    static Color ramp(Color[] stops, double t) {
        double x = Math.max(0, Math.min(1, t)) * (stops.length - 1);
        int i = Math.min((int) Math.floor(x), stops.length - 2);
        double f = x - i;
        Color a = stops[i];
        Color b = stops[i + 1];
        return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }

    /**
     * The points of one line, thinned for drawing: all of them up to {@code 2 * buckets} points,
     * else per bucket of consecutive points its lowest and highest drawable y, in x order, so spikes
     * survive. A bucket with nothing drawable gives a NaN, which breaks the line there.
     *
     * @return {x, y}
     */
    static double[][] thin(double[] x, double[] y, int buckets, java.util.function.DoublePredicate drawable) {
        int n = y.length;
        if (n <= 2 * buckets) {
            return new double[][] {x.clone(), y.clone()};
        }
        double[] ox = new double[2 * buckets];
        double[] oy = new double[2 * buckets];
        int k = 0;
        for (int b = 0; b < buckets; b++) {
            int from = (int) ((long) b * n / buckets);
            int to = (int) ((long) (b + 1) * n / buckets);
            int lowAt = -1;
            int highAt = -1;
            for (int t = from; t < to; t++) {
                if (!drawable.test(y[t])) {
                    continue;
                }
                if (lowAt < 0 || y[t] < y[lowAt]) {
                    lowAt = t;
                }
                if (highAt < 0 || y[t] > y[highAt]) {
                    highAt = t;
                }
            }
            if (lowAt < 0) {
                ox[k] = x[from];
                oy[k++] = Double.NaN;
                continue;
            }
            int first = Math.min(lowAt, highAt);
            int second = Math.max(lowAt, highAt);
            ox[k] = x[first];
            oy[k++] = y[first];
            if (second != first) {
                ox[k] = x[second];
                oy[k++] = y[second];
            }
        }
        return new double[][] {java.util.Arrays.copyOf(ox, k), java.util.Arrays.copyOf(oy, k)};
    }

    /** Draws a picture on a bitmap and, when {@code withSvg}, on SVG too. */
    static Picture picture(String name, String caption, int width, int height, boolean withSvg,
            java.util.function.Consumer<Canvas> drawing) {
        BitmapCanvas bitmap = new BitmapCanvas(width, height);
        drawing.accept(bitmap);
        byte[] png = png(bitmap.finish());
        byte[] svg = null;
        if (withSvg) {
            SvgCanvas vector = new SvgCanvas(width, height);
            drawing.accept(vector);
            svg = vector.finish();
        }
        return new Picture(name, caption, png, svg, width, height);
    }
}
