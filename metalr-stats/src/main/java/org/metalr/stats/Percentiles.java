package org.metalr.stats;

import java.util.Arrays;

/**
 * Percentiles by linear interpolation between order statistics: Hyndman and Fan's type 7, the
 * default of {@code numpy.percentile}/{@code numpy.quantile} and of {@code torch.quantile} (which
 * MONAI's HD95 uses). For sorted values {@code v[0..n-1]} and a fraction {@code p}, with
 * {@code h = (n - 1) p}, the result is {@code v[floor h] + (h - floor h) (v[floor h + 1] - v[floor h])},
 * evaluated as numpy 1.24 evaluates it (from the upper neighbour when the weight is at least one
 * half), so that results agree with numpy to the last bit or close to it.
 *
 * <p>One difference, on purpose: between an infinite neighbour and a finite one (or the same infinity
 * twice) the result is that infinity, where numpy returns NaN ({@code inf - inf} inside its
 * interpolation); between {@code -inf} and {@code +inf} it is NaN.
 */
public final class Percentiles {

    private Percentiles() {
    }

    /**
     * The {@code p}-quantile of ascending {@code sorted} values (not checked for order; not modified).
     *
     * @param p a fraction in [0, 1] (0.95 for the 95th percentile)
     * @return the quantile; NaN if a neighbour is NaN
     * @throws IllegalArgumentException if there are no values or {@code p} is outside [0, 1]
     */
    public static double ofSorted(double[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values to take a percentile of");
        }
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("quantile fraction " + p + " is outside [0, 1]");
        }
        int n = sorted.length;
        double h = (n - 1) * p;
        if (h >= n - 1) {
            return sorted[n - 1];
        }
        int below = (int) Math.floor(h);
        double a = sorted[below];
        double b = sorted[below + 1];
        double gamma = h - below;
        if (a == b || gamma == 0) {
            return a;
        }
        if (Double.isInfinite(a) || Double.isInfinite(b)) {
            return a == Double.NEGATIVE_INFINITY && b == Double.POSITIVE_INFINITY ? Double.NaN
                    : Double.isInfinite(a) ? a : b;
        }
        double difference = b - a;
        return gamma >= 0.5 ? b - difference * (1 - gamma) : a + difference * gamma;
    }

    /** The {@code p}-quantile of {@code values} in any order (copied and sorted; not modified). */
    public static double of(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return ofSorted(sorted, p);
    }
}
