package org.metalr.train.metrics;

import java.util.Objects;
import org.metalr.stats.Summary;

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
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                throw new IllegalArgumentException("value " + i + " is NaN");
            }
        }
        Summary s = Summary.of(values);
        return new Spread(s.median(), s.min(), s.max());
    }
}
