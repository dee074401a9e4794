package org.metalr.report;

import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A {@link Canvas} that writes SVG 1.1 text: one {@code <polyline>} per line, real {@code <text>}
 * elements (so the figure stays editable and small), coordinates rounded to 0.1 pixel.
 */
final class SvgCanvas implements Canvas {

    private final int width;
    private final int height;
    private final StringBuilder body = new StringBuilder();
    private int clips;
    private boolean clipped;

    SvgCanvas(int width, int height) {
        this.width = width;
        this.height = height;
    }

    /** The finished document as UTF-8 bytes. */
    byte[] finish() {
        if (clipped) {
            unclip();
        }
        String head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + width + "\" height=\"" + height
                + "\" viewBox=\"0 0 " + width + " " + height + "\" font-family=\"" + Charts.SVG_FONTS + "\">\n";
        return (head + body + "</svg>\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public void fillRect(double x, double y, double w, double h, Color fill) {
        body.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
                .append("\" height=\"").append(n(h)).append("\" fill=\"").append(hex(fill)).append("\"/>\n");
    }

    @Override
    public void strokeRect(double x, double y, double w, double h, Color stroke, float strokeWidth) {
        body.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
                .append("\" height=\"").append(n(h)).append("\" fill=\"none\" stroke=\"").append(hex(stroke))
                .append("\" stroke-width=\"").append(n(strokeWidth)).append("\"/>\n");
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, Color stroke, float strokeWidth, float[] dash) {
        body.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
                .append("\" y2=\"").append(n(y2)).append('"');
        strokeAttributes(stroke, strokeWidth, dash);
        body.append("/>\n");
    }

    @Override
    public void polyline(double[] xs, double[] ys, int count, Color stroke, float strokeWidth, float[] dash) {
        if (count < 1) {
            return;
        }
        body.append("<polyline fill=\"none\" stroke-linejoin=\"round\" stroke-linecap=\"round\" points=\"");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                body.append(' ');
            }
            body.append(n(xs[i])).append(',').append(n(ys[i]));
        }
        body.append('"');
        strokeAttributes(stroke, strokeWidth, dash);
        body.append("/>\n");
    }

    @Override
    public void circle(double cx, double cy, double r, Color fill, Color stroke) {
        body.append("<circle cx=\"").append(n(cx)).append("\" cy=\"").append(n(cy)).append("\" r=\"").append(n(r))
                .append("\" fill=\"").append(fill == null ? "none" : hex(fill)).append('"');
        if (stroke != null) {
            body.append(" stroke=\"").append(hex(stroke)).append("\" stroke-width=\"1.2\"");
        }
        body.append("/>\n");
    }

    @Override
    public void text(String s, double x, double y, float size, boolean bold, Color color, Align align, double angle) {
        body.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" font-size=\"").append(n(size))
                .append('"');
        if (bold) {
            body.append(" font-weight=\"bold\"");
        }
        if (align != Align.START) {
            body.append(" text-anchor=\"").append(align == Align.MIDDLE ? "middle" : "end").append('"');
        }
        if (angle != 0) {
            body.append(" transform=\"rotate(").append(n(-angle)).append(' ').append(n(x)).append(' ').append(n(y))
                    .append(")\"");
        }
        body.append(" fill=\"").append(hex(color)).append("\">").append(Html.escape(s)).append("</text>\n");
    }

    @Override
    public double textWidth(String s, float size, boolean bold) {
        return Charts.textWidth(s, size, bold);
    }

    @Override
    public void clip(double x, double y, double w, double h) {
        if (clipped) {
            unclip();
        }
        String id = "clip" + (++clips);
        body.append("<clipPath id=\"").append(id).append("\"><rect x=\"").append(n(x)).append("\" y=\"").append(n(y))
                .append("\" width=\"").append(n(w)).append("\" height=\"").append(n(h)).append("\"/></clipPath>\n")
                .append("<g clip-path=\"url(#").append(id).append(")\">\n");
        clipped = true;
    }

    @Override
    public void unclip() {
        if (clipped) {
            body.append("</g>\n");
            clipped = false;
        }
    }

    private void strokeAttributes(Color stroke, float strokeWidth, float[] dash) {
        body.append(" stroke=\"").append(hex(stroke)).append("\" stroke-width=\"").append(n(strokeWidth)).append('"');
        if (dash != null) {
            body.append(" stroke-dasharray=\"");
            for (int i = 0; i < dash.length; i++) {
                body.append(i > 0 ? "," : "").append(n(dash[i]));
            }
            body.append('"');
        }
    }

    private static String n(double v) {
        double r = Math.round(v * 10) / 10.0;
        return r == Math.rint(r) ? Long.toString((long) r) : String.format(Locale.ROOT, "%.1f", r);
    }

    private static String hex(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }
}
