package org.metalr.report;

import java.awt.Color;

/**
 * What the pictures draw on: a few primitives in pixel coordinates (origin top left, y down),
 * implemented once for a bitmap ({@link BitmapCanvas}) and once for SVG text ({@link SvgCanvas}), so
 * one drawing routine makes both forms. Text is measured with the same sans-serif font on both.
 */
interface Canvas {

    /** Horizontal placement of text relative to its x coordinate. */
    enum Align { START, MIDDLE, END }

    int width();

    int height();

    void fillRect(double x, double y, double w, double h, Color fill);

    void strokeRect(double x, double y, double w, double h, Color stroke, float width);

    /** A straight line; {@code dash} null for solid. */
    void line(double x1, double y1, double x2, double y2, Color stroke, float width, float[] dash);

    /** A connected line through the first {@code n} points; {@code dash} null for solid. */
    void polyline(double[] xs, double[] ys, int n, Color stroke, float width, float[] dash);

    void circle(double cx, double cy, double r, Color fill, Color stroke);

    /**
     * Text with its baseline at {@code y}; {@code angle} in degrees, counter-clockwise about
     * ({@code x}, {@code y}) (90 for a vertical axis title, 0 normally).
     */
    void text(String s, double x, double y, float size, boolean bold, Color color, Align align, double angle);

    /** Width of {@code s} in pixels at that size. */
    double textWidth(String s, float size, boolean bold);

    /** Restricts drawing to a rectangle until {@link #unclip()}. */
    void clip(double x, double y, double w, double h);

    void unclip();
}
