package org.metalr.stats;

import java.util.Objects;

/** Paired differences {@code x[i] - y[i]}, checked once for every paired procedure. */
final class Differences {

    private Differences() {
    }

    /**
     * @throws IllegalArgumentException if the lengths differ, there are no pairs, or a value is NaN
     */
    static double[] of(double[] x, double[] y) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.length != y.length) {
            throw new IllegalArgumentException("paired samples differ in length: " + x.length + " and " + y.length);
        }
        if (x.length == 0) {
            throw new IllegalArgumentException("no pairs");
        }
        double[] d = new double[x.length];
        for (int i = 0; i < d.length; i++) {
            if (Double.isNaN(x[i]) || Double.isNaN(y[i])) {
                throw new IllegalArgumentException("pair " + i + " holds NaN: " + x[i] + ", " + y[i]);
            }
            d[i] = x[i] - y[i];
        }
        return d;
    }
}
