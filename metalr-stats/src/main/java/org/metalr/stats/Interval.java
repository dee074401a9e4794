package org.metalr.stats;

/**
 * A point estimate with a confidence interval.
 *
 * @param estimate the statistic of the data as observed
 * @param lower    lower bound; NaN where the statistic is undefined
 * @param upper    upper bound; NaN where the statistic is undefined
 * @param level    the coverage the interval was built for, in (0, 1) (0.95 for a 95% interval)
 */
public record Interval(double estimate, double lower, double upper, double level) {

    /** @throws IllegalArgumentException if {@code lower > upper} or the level is outside (0, 1) */
    public Interval {
        if (lower > upper) {
            throw new IllegalArgumentException("interval [" + lower + ", " + upper + "] is reversed");
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("confidence level " + level + " is outside (0, 1)");
        }
    }

    /** Whether {@code value} lies in {@code [lower, upper]}. */
    public boolean contains(double value) {
        return lower <= value && value <= upper;
    }
}
