package org.metalr.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Holm's step-down adjustment of p-values for multiple comparisons (Holm 1979), controlling the
 * family-wise error rate. With the {@code m} defined p-values sorted ascending,
 * {@code p(1) <= ... <= p(m)}, the adjusted value of the {@code i}-th is
 * {@code max over j <= i of min(1, (m - j + 1) p(j))}; each is reported at its original position.
 * Equal p-values receive equal adjusted values whatever their order. This is
 * {@code statsmodels.stats.multitest.multipletests(p, method="holm")[1]}.
 *
 * <p>A NaN p-value (a comparison that could not be tested) stays NaN and does not count in
 * {@code m}.
 */
public final class Holm {

    private Holm() {
    }

    /**
     * The adjusted p-values, position for position.
     *
     * @throws IllegalArgumentException if a p-value lies outside [0, 1]
     */
    public static double[] adjust(double[] pValues) {
        Objects.requireNonNull(pValues, "pValues");
        for (int i = 0; i < pValues.length; i++) {
            double p = pValues[i];
            if (!Double.isNaN(p) && (p < 0 || p > 1)) {
                throw new IllegalArgumentException("p-value " + i + " is " + p + "; expected [0, 1] or NaN");
            }
        }
        Integer[] order = IntStream.range(0, pValues.length).filter(i -> !Double.isNaN(pValues[i]))
                .boxed().sorted(Comparator.comparingDouble(i -> pValues[i])).toArray(Integer[]::new);
        double[] adjusted = new double[pValues.length];
        Arrays.fill(adjusted, Double.NaN);
        int m = order.length;
        double running = 0;
        for (int j = 0; j < m; j++) {
            running = Math.max(running, Math.min(1.0, (m - j) * pValues[order[j]]));
            adjusted[order[j]] = running;
        }
        return adjusted;
    }
}
