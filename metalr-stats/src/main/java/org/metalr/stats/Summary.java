package org.metalr.stats;

import java.util.Arrays;
import java.util.Objects;

/**
 * The summary figures of a set of values (runs over seeds and folds, cases of a test set): count,
 * mean, sample standard deviation, median, minimum and maximum. NaN values (a figure undefined in one
 * run) are left out and counted in {@link #ignored}; infinities are kept (an HD95 of a missed
 * structure makes the mean infinite, as it should).
 *
 * <p>Conventions, as numpy: {@code sd} has {@code n - 1} in the denominator ({@code ddof=1}) and is
 * NaN for one value; the median of an even count is the mean of the two middle values. With no
 * defined value every figure but the counts is NaN.
 *
 * @param count   values summarised
 * @param ignored NaN values left out
 */
public record Summary(int count, int ignored, double mean, double sd, double median, double min, double max) {

    /** @throws IllegalArgumentException if a count is negative */
    public Summary {
        if (count < 0 || ignored < 0) {
            throw new IllegalArgumentException("negative count in summary: " + count + ", " + ignored);
        }
    }

    /** The summary of {@code values} (not modified). */
    public static Summary of(double[] values) {
        Objects.requireNonNull(values, "values");
        double[] kept = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        int n = kept.length;
        int ignored = values.length - n;
        if (n == 0) {
            return new Summary(0, ignored, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double sum = 0;
        for (double v : kept) {
            sum += v;
        }
        double mean = sum / n;
        double sd = Double.NaN;
        if (n > 1) {
            double squares = 0;
            for (double v : kept) {
                squares += (v - mean) * (v - mean);
            }
            sd = Math.sqrt(squares / (n - 1));
        }
        return new Summary(n, ignored, mean, sd, median(kept), kept[0], kept[n - 1]);
    }

    /** Median of ascending values; an even count gives the mean of the middle two. */
    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
