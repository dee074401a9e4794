package org.metalr.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

/** A {@link Canvas} over an RGB image, antialiased. Holds a graphics context until {@link #finish()}. */
final class BitmapCanvas implements Canvas {

    private final BufferedImage image;
    private final Graphics2D g;

    BitmapCanvas(int width, int height) {
        image = Charts.canvas(width, height);
        g = Charts.graphics(image);
    }

    /** Releases the graphics context and returns the image. */
    BufferedImage finish() {
        g.dispose();
        return image;
    }

    @Override
    public int width() {
        return image.getWidth();
    }

    @Override
    public int height() {
        return image.getHeight();
    }

    @Override
    public void fillRect(double x, double y, double w, double h, Color fill) {
        g.setColor(fill);
        g.fill(new Rectangle2D.Double(x, y, w, h));
    }

    @Override
    public void strokeRect(double x, double y, double w, double h, Color stroke, float width) {
        g.setColor(stroke);
        g.setStroke(new BasicStroke(width));
        g.draw(new Rectangle2D.Double(x, y, w, h));
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, Color stroke, float width, float[] dash) {
        g.setColor(stroke);
        g.setStroke(stroke(width, dash));
        g.draw(new Line2D.Double(x1, y1, x2, y2));
    }

    @Override
    public void polyline(double[] xs, double[] ys, int n, Color stroke, float width, float[] dash) {
        if (n < 1) {
            return;
        }
        Path2D.Double path = new Path2D.Double();
        path.moveTo(xs[0], ys[0]);
        for (int i = 1; i < n; i++) {
            path.lineTo(xs[i], ys[i]);
        }
        g.setColor(stroke);
        g.setStroke(stroke(width, dash));
        g.draw(path);
    }

    @Override
    public void circle(double cx, double cy, double r, Color fill, Color stroke) {
        Ellipse2D.Double e = new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r);
        if (fill != null) {
            g.setColor(fill);
            g.fill(e);
        }
        if (stroke != null) {
            g.setColor(stroke);
            g.setStroke(new BasicStroke(1.2f));
            g.draw(e);
        }
    }

    @Override
    public void text(String s, double x, double y, float size, boolean bold, Color color, Align align, double angle) {
        Font font = Charts.font(size, bold);
        g.setFont(font);
        g.setColor(color);
        double w = g.getFontMetrics().getStringBounds(s, g).getWidth();
        double dx = switch (align) {
            case START -> 0;
            case MIDDLE -> -w / 2;
            case END -> -w;
        };
        AffineTransform saved = g.getTransform();
        g.translate(x, y);
        if (angle != 0) {
            g.rotate(-Math.toRadians(angle));
        }
        g.drawString(s, (float) dx, 0f);
        g.setTransform(saved);
    }

    @Override
    public double textWidth(String s, float size, boolean bold) {
        return Charts.textWidth(s, size, bold);
    }

    @Override
    public void clip(double x, double y, double w, double h) {
        g.setClip(new Rectangle2D.Double(x, y, w, h));
    }

    @Override
    public void unclip() {
        g.setClip(null);
    }

    private static BasicStroke stroke(float width, float[] dash) {
        return dash == null
                ? new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)
                : new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f);
    }
}
