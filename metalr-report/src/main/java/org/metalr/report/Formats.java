package org.metalr.report;

import java.util.Locale;
import java.util.function.DoubleFunction;
import org.metalr.stats.Interval;

/** How the pages print numbers; NaN (undefined or absent) prints as an en dash. */
final class Formats {

    static final String NONE = "–";

    private Formats() {
    }

    /** A fraction as a percentage with two decimals: {@code 93.47%}. */
    static String percent(double fraction) {
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.2f%%", 100 * fraction) : NONE;
    }

    /**
     * An interval's bounds in a figure's format: {@code 80.00–90.00%} for percentages (the unit once),
     * {@code 0.8125–0.9375} for scores; an en dash alone when the interval is undefined.
     */
    static String interval(Interval interval, DoubleFunction<String> format) {
        if (Double.isNaN(interval.lower()) || Double.isNaN(interval.upper())) {
            return NONE;
        }
        String lower = format.apply(interval.lower());
        String upper = format.apply(interval.upper());
        String unit = lower.endsWith("%") && upper.endsWith("%") ? "%" : lower.endsWith(" mm") && upper.endsWith(" mm")
                ? " mm" : "";
        return lower.substring(0, lower.length() - unit.length()) + "–" + upper;
    }

    /** A distance in millimetres, two decimals ({@code 3.25 mm}); {@code inf mm} for an infinite one. */
    static String millimetres(double mm) {
        if (mm == Double.POSITIVE_INFINITY) {
            return "inf mm";
        }
        return Double.isFinite(mm) ? String.format(Locale.ROOT, "%.2f mm", mm) : NONE;
    }

    /** A score in [0, 1] such as an AUC, four decimals. */
    static String score(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : NONE;
    }

    /** A loss, four significant digits. */
    static String loss(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : NONE;
    }

    /** A learning rate in scientific form with four significant digits: {@code 1.235e-03}. */
    static String rate(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3e", v) : NONE;
    }

    /** Wall time as {@code 1 h 02 min}, {@code 3 min 05 s} or {@code 12.3 s}. */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return NONE;
        }
        long s = Math.round(seconds);
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
        }
        if (s >= 60) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%.1f s", seconds);
    }
}
