package org.metalr.train.metrics;

import java.util.Arrays;
import java.util.Objects;

/**
 * Median, minimum and maximum of a figure over repetitions (seeds, folds): the paper reports the
 * median with the range beside it. All three are {@code NaN} only in {@link #UNDEFINED}.
 */
public record Spread(double median, double min, double max) {

    /** The spread of no values. */
    public static final Spread UNDEFINED = new Spread(Double.NaN, Double.NaN, Double.NaN);

    /** @throws IllegalArgumentException unless {@code min <= median <= max}, or all three are NaN */
    public Spread {
        boolean allNaN = Double.isNaN(median) && Double.isNaN(min) && Double.isNaN(max);
        if (!allNaN && !(min <= median && median <= max)) {
            throw new IllegalArgumentException("not a spread: median " + median + ", min " + min + ", max " + max);
        }
    }

    /**
     * The spread of {@code values} (not modified). The median of an even count is the mean of the two
     * middle values, as {@code numpy.median}.
     *
     * @throws IllegalArgumentException if {@code values} is empty or holds a NaN (drop NaNs first, as
     *     {@link SeedSummary} does)
     */
    public static Spread of(double[] values) {
        Objects.requireNonNull(values, "values");
        if (values.length == 0) {
            throw new IllegalArgumentException("no values to summarise");
        }
        double[] sorted = values.clone();
        for (int i = 0; i < sorted.length; i++) {
            if (Double.isNaN(sorted[i])) {
                throw new IllegalArgumentException("value " + i + " is NaN");
            }
        }
        Arrays.sort(sorted);
        int n = sorted.length;
        // (a + b) / 2 rounds exactly as numpy's mean of the two middle values does.
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Spread(median, sorted[0], sorted[n - 1]);
    }
}
