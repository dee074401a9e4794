package org.metalr.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The means of several per-case figures (Dice, HD95, NSD of each test volume, say) as one
 * {@link WeightedStatistic}, so that one bootstrap resamples the cases once for all of them.
 *
 * <p>A NaN value (a figure undefined for that case: HD95 where prediction and reference are both
 * empty) is left out of the mean, as MONAI's mean reduction leaves it out ({@code nanmean}); a
 * resample with no defined value of a figure gives NaN for it, and so a NaN interval. Infinite values
 * are kept: a resample that holds one has an infinite mean.
 */
public final class Means implements WeightedStatistic {

    private final List<String> names;
    private final double[][] values;
    /** Per figure: every value finite, so a weight of 0 may multiply its value (a loop without a branch). */
    private final boolean[] finite;

    private Means(List<String> names, double[][] values) {
        this.names = names;
        this.values = values;
        this.finite = new boolean[values.length];
        for (int f = 0; f < values.length; f++) {
            boolean all = true;
            for (double v : values[f]) {
                all &= Double.isFinite(v);
            }
            finite[f] = all;
        }
    }

    /**
     * @param figures per-case values of each figure by name, all of one length, in output order (copied)
     * @throws IllegalArgumentException if there is no figure or the lengths differ
     */
    public static Means of(Map<String, double[]> figures) {
        Objects.requireNonNull(figures, "figures");
        if (figures.isEmpty()) {
            throw new IllegalArgumentException("no figures to average");
        }
        Map<String, double[]> ordered = new LinkedHashMap<>(figures);
        List<String> names = new ArrayList<>(ordered.keySet());
        double[][] values = new double[names.size()][];
        for (int f = 0; f < values.length; f++) {
            values[f] = Objects.requireNonNull(ordered.get(names.get(f)), names.get(f)).clone();
            if (values[f].length != values[0].length) {
                throw new IllegalArgumentException("figure '" + names.get(f) + "' has " + values[f].length
                        + " cases, '" + names.get(0) + "' " + values[0].length);
            }
        }
        return new Means(List.copyOf(names), values);
    }

    @Override
    public int samples() {
        return values[0].length;
    }

    @Override
    public List<String> names() {
        return names;
    }

    @Override
    public void evaluate(int[] weights, double[] out) {
        for (int f = 0; f < values.length; f++) {
            double[] v = values[f];
            double sum = 0;
            long count = 0;
            if (finite[f]) {
                for (int i = 0; i < v.length; i++) {
                    sum += weights[i] * v[i];
                    count += weights[i];
                }
            } else {
                for (int i = 0; i < v.length; i++) {
                    if (weights[i] != 0 && !Double.isNaN(v[i])) {
                        sum += weights[i] * v[i];
                        count += weights[i];
                    }
                }
            }
            out[f] = count == 0 ? Double.NaN : sum / count;
        }
    }
}
