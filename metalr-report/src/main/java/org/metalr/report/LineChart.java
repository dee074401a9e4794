package org.metalr.report;

import java.awt.Color;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A line chart drawn on a {@link Canvas}: title, optional subtitle, a linear or log y axis, a
 * numeric or categorical x axis, dashed vertical markers, series as lines and/or markers, and a
 * legend to the right. Points whose y cannot be drawn (NaN, infinite, or not positive on a log axis)
 * break the line. Mutable while being set up; {@link #draw} does not change it.
 */
final class LineChart {

    /**
     * One series.
     *
     * @param name    legend text
     * @param x       x values (category index on a categorical axis)
     * @param y       y values
     * @param color   line and marker colour
     * @param width   line width; 0 for markers only
     * @param dash    dash pattern; null for solid
     * @param markers whether to mark each point
     */
    record Series(String name, double[] x, double[] y, Color color, float width, float[] dash, boolean markers) {
        Series {
            Objects.requireNonNull(name, "name");
            if (x.length != y.length) {
                throw new IllegalArgumentException("series '" + name + "': " + x.length + " x values, " + y.length
                        + " y values");
            }
        }
    }

    private static final float TITLE = 20f;
    private static final float SUBTITLE = 13.5f;
    private static final float AXIS_TITLE = 15f;
    private static final float TICK = 13f;
    private static final float LEGEND = 14f;
    private static final double PAD = 18;
    private static final float[] MARKER_DASH = {5f, 4f};
    /** Share of the axis span left beyond the outermost ticks. */
    private static final double PAD_SHARE = 0.025;

    private final String title;
    private String subtitle;
    private String xTitle = "";
    private String yTitle = "";
    private boolean logY;
    private List<String> categories;
    private Double xMin;
    private Double xMax;
    private final List<Series> series = new ArrayList<>();
    private double[] verticals = new double[0];

    LineChart(String title) {
        this.title = Objects.requireNonNull(title, "title");
    }

    LineChart subtitle(String s) {
        subtitle = s;
        return this;
    }

    LineChart axes(String x, String y) {
        xTitle = x;
        yTitle = y;
        return this;
    }

    LineChart logY() {
        logY = true;
        return this;
    }

    /** Makes the x axis categorical: series x values are indexes into {@code names}. */
    LineChart categories(List<String> names) {
        categories = List.copyOf(names);
        return this;
    }

    LineChart xRange(double min, double max) {
        xMin = min;
        xMax = max;
        return this;
    }

    /** Dashed vertical lines at these x values. */
    LineChart verticals(double[] xs) {
        verticals = xs.clone();
        return this;
    }

    LineChart add(Series s) {
        series.add(s);
        return this;
    }

    boolean isEmpty() {
        return series.stream().noneMatch(s -> s.x.length > 0);
    }

    void draw(Canvas c) {
        // Vertical layout: title, subtitle, plot, x tick labels, x title.
        double top = PAD + TITLE;
        c.text(title, c.width() / 2.0, top, TITLE, true, Charts.INK, Canvas.Align.MIDDLE, 0);
        if (subtitle != null && !subtitle.isEmpty()) {
            top += 8 + SUBTITLE;
            c.text(subtitle, c.width() / 2.0, top, SUBTITLE, false, Charts.MUTED, Canvas.Align.MIDDLE, 0);
        }
        double plotTop = top + 18;

        double[] yRange = yRange();
        List<Tick> yTicks = logY ? logTicks(yRange[0], yRange[1]) : linearTicks(yRange[0], yRange[1], 7);
        double yLabelWidth = 0;
        for (Tick t : yTicks) {
            if (t.label != null) {
                yLabelWidth = Math.max(yLabelWidth, c.textWidth(t.label, TICK, false));
            }
        }
        double legendWidth = legendWidth(c);
        double plotLeft = PAD + AXIS_TITLE + 12 + yLabelWidth + 8;
        double plotRight = c.width() - PAD - (legendWidth > 0 ? legendWidth + 18 : 0);

        double[] xRange = xRange();
        List<Tick> xTicks;
        double xLabelHeight;
        boolean rotate = false;
        if (categories != null) {
            xTicks = new ArrayList<>();
            double widest = 0;
            for (int i = 0; i < categories.size(); i++) {
                xTicks.add(new Tick(i, categories.get(i), true));
                widest = Math.max(widest, c.textWidth(categories.get(i), TICK, false));
            }
            double slot = (plotRight - plotLeft) / Math.max(1, categories.size());
            rotate = widest > slot - 6;
            xLabelHeight = rotate ? widest * Math.sin(Math.toRadians(35)) + TICK + 6 : TICK + 8;
        } else {
            int target = Math.max(3, (int) ((plotRight - plotLeft) / 110));
            xTicks = linearTicks(xRange[0], xRange[1], target);
            xLabelHeight = TICK + 8;
        }
        double plotBottom = c.height() - PAD - AXIS_TITLE - 10 - xLabelHeight;
        Frame f = new Frame(plotLeft, plotTop, plotRight, plotBottom, xRange[0], xRange[1], yRange[0], yRange[1], logY);

        // Grid, frame, ticks.
        for (Tick t : yTicks) {
            double y = f.y(t.value);
            c.line(f.left, y, f.right, y, t.major ? Charts.GRID : Charts.MINOR_GRID, 1f, null);
            if (t.label != null) {
                c.text(t.label, f.left - 8, y + TICK * 0.35, TICK, false, Charts.INK, Canvas.Align.END, 0);
            }
        }
        for (Tick t : xTicks) {
            double x = f.x(t.value);
            if (categories == null) {
                c.line(x, f.top, x, f.bottom, Charts.GRID, 1f, null);
            }
            c.line(x, f.bottom, x, f.bottom + 5, Charts.FRAME, 1f, null);
            if (rotate) {
                c.text(t.label, x + 4, f.bottom + TICK + 4, TICK, false, Charts.INK, Canvas.Align.END, 35);
            } else {
                c.text(t.label, x, f.bottom + TICK + 6, TICK, false, Charts.INK, Canvas.Align.MIDDLE, 0);
            }
        }
        for (double v : verticals) {
            if (v >= f.x0 && v <= f.x1) {
                double x = f.x(v);
                c.line(x, f.top, x, f.bottom, new Color(0x999999), 1f, MARKER_DASH);
            }
        }
        c.strokeRect(f.left, f.top, f.right - f.left, f.bottom - f.top, Charts.FRAME, 1f);
        c.text(xTitle, (f.left + f.right) / 2, c.height() - PAD, AXIS_TITLE, false, Charts.INK, Canvas.Align.MIDDLE, 0);
        c.text(yTitle, PAD + AXIS_TITLE - 2, (f.top + f.bottom) / 2, AXIS_TITLE, false, Charts.INK,
                Canvas.Align.MIDDLE, 90);

        // Series, clipped to the plot.
        c.clip(f.left, f.top, f.right - f.left, f.bottom - f.top);
        for (Series s : series) {
            drawSeries(c, f, s);
        }
        c.unclip();
        drawLegend(c, f.right + 18, f.top);
    }

    private void drawSeries(Canvas c, Frame f, Series s) {
        double[] px = new double[s.x.length];
        double[] py = new double[s.x.length];
        int n = 0;
        for (int i = 0; i <= s.x.length; i++) {
            boolean drawable = i < s.x.length && drawable(s.y[i]) && Double.isFinite(s.x[i]);
            if (drawable) {
                px[n] = f.x(s.x[i]);
                py[n] = f.y(s.y[i]);
                n++;
            }
            if ((!drawable || i == s.x.length) && n > 0) {
                if (s.width > 0) {
                    c.polyline(px, py, n, s.color, s.width, s.dash);
                }
                if (s.markers) {
                    for (int k = 0; k < n; k++) {
                        c.circle(px[k], py[k], 4.5, s.color, Color.WHITE);
                    }
                }
                n = 0;
            }
        }
    }

    private double legendWidth(Canvas c) {
        double widest = 0;
        for (Series s : series) {
            widest = Math.max(widest, c.textWidth(s.name, LEGEND, false));
        }
        return series.isEmpty() ? 0 : widest + 34 + 20;
    }

    private void drawLegend(Canvas c, double left, double top) {
        if (series.isEmpty()) {
            return;
        }
        double row = LEGEND + 9;
        double width = legendWidth(c);
        double height = series.size() * row + 12;
        c.fillRect(left, top, width, height, Color.WHITE);
        c.strokeRect(left, top, width, height, new Color(0xd0d0d0), 1f);
        double y = top + 6 + row / 2;
        for (Series s : series) {
            if (s.width > 0) {
                c.line(left + 10, y, left + 36, y, s.color, Math.max(2.2f, s.width), s.dash);
            }
            if (s.markers) {
                c.circle(left + 23, y, 4.5, s.color, Color.WHITE);
            }
            c.text(s.name, left + 44, y + LEGEND * 0.36, LEGEND, false, Charts.INK, Canvas.Align.START, 0);
            y += row;
        }
    }

    private boolean drawable(double y) {
        return Double.isFinite(y) && (!logY || y > 0);
    }

    private double[] yRange() {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double y : s.y) {
                if (drawable(y)) {
                    lo = Math.min(lo, y);
                    hi = Math.max(hi, y);
                }
            }
        }
        if (lo > hi) {
            return logY ? new double[] {1e-4, 1e-2} : new double[] {0, 1};
        }
        // Ranges end a little beyond the outermost ticks, so a line on a tick is not hidden by the frame.
        if (logY) {
            // Whole decades around the data, so every axis has labelled ticks.
            double a = Math.floor(Math.log10(lo) + 1e-9);
            double b = Math.max(a + 1, Math.ceil(Math.log10(hi) - 1e-9));
            double pad = PAD_SHARE * (b - a);
            return new double[] {Math.pow(10, a - pad), Math.pow(10, b + pad)};
        }
        if (hi == lo) {
            double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            return new double[] {lo - pad, hi + pad};
        }
        double step = niceStep((hi - lo) / 6);
        double from = Math.floor(lo / step) * step;
        double to = Math.ceil(hi / step) * step;
        double pad = PAD_SHARE * (to - from);
        return new double[] {from - pad, to + pad};
    }

    private double[] xRange() {
        if (categories != null) {
            return new double[] {-0.5, categories.size() - 0.5};
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double x : s.x) {
                if (Double.isFinite(x)) {
                    lo = Math.min(lo, x);
                    hi = Math.max(hi, x);
                }
            }
        }
        if (xMin != null) {
            lo = xMin;
        }
        if (xMax != null) {
            hi = xMax;
        }
        if (!(lo < hi)) {
            return lo > hi ? new double[] {0, 1} : new double[] {lo - 0.5, lo + 0.5};
        }
        return new double[] {lo, hi};
    }

    /** A tick: its value, its label (null: a gridline only), and whether its gridline is major. */
    record Tick(double value, String label, boolean major) {
    }

    /** Ticks at multiples of a 1-2-5 step, about {@code target} of them, within [lo, hi]. */
    static List<Tick> linearTicks(double lo, double hi, int target) {
        double step = niceStep((hi - lo) / Math.max(1, target));
        List<Tick> out = new ArrayList<>();
        boolean whole = step >= 1 && step == Math.rint(step);
        DecimalFormat grouped = new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT));
        for (double v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) {
            double value = Math.abs(v) < step * 1e-9 ? 0 : v;
            out.add(new Tick(value, whole ? grouped.format(value) : Charts.number(roundTo(value, step)), true));
        }
        return out;
    }

    /** Labelled ticks at each decade (and at 2x and 5x when the range spans three decades or less), gridlines at 2x..9x. */
    static List<Tick> logTicks(double lo, double hi) {
        int first = (int) Math.floor(Math.log10(lo) + 1e-9);
        int last = (int) Math.ceil(Math.log10(hi) - 1e-9);
        boolean dense = Math.log10(hi) - Math.log10(lo) <= 3.2;
        List<Tick> out = new ArrayList<>();
        for (int e = first; e <= last; e++) {
            double decade = Math.pow(10, e);
            for (int m = 1; m <= 9; m++) {
                double v = m * decade;
                if (v < lo * (1 - 1e-9) || v > hi * (1 + 1e-9)) {
                    continue;
                }
                boolean labelled = m == 1 || (dense && (m == 2 || m == 5));
                out.add(new Tick(v, labelled ? Charts.scientific(v) : null, m == 1));
            }
        }
        return out;
    }

    static double niceStep(double rough) {
        if (!(rough > 0) || !Double.isFinite(rough)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        double f = rough / magnitude;
        double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    private static double roundTo(double v, double step) {
        double digits = Math.pow(10, Math.max(0, -Math.floor(Math.log10(step))) + 1);
        return Math.round(v * digits) / digits;
    }

    /** Maps data to pixels inside the plot rectangle. */
    private record Frame(double left, double top, double right, double bottom, double x0, double x1, double y0,
            double y1, boolean log) {
        double x(double v) {
            return left + (v - x0) / (x1 - x0) * (right - left);
        }

        double y(double v) {
            double t = log ? (Math.log10(v) - Math.log10(y0)) / (Math.log10(y1) - Math.log10(y0)) : (v - y0) / (y1 - y0);
            return bottom - t * (bottom - top);
        }
    }
}
