package org.metalr.stats;

import java.util.List;

/**
 * Named figures of a sample in which each observation may count several times: the form a bootstrap
 * resample takes without copying the data. Sample {@code i} counts {@code weights[i]} times (0 when a
 * resample left it out); all weights 1 is the sample as observed.
 *
 * <p>Implementations hold the data (predictions, per-case values) and any precomputation that serves
 * every resample (a sort, say), so that {@link #evaluate} costs about one pass over the samples.
 * {@link Bootstrap} calls {@code evaluate} once per resample, from one thread; an implementation need
 * not be thread-safe.
 */
public interface WeightedStatistic {

    /** Number of samples; the length of every weights array passed to {@link #evaluate}. */
    int samples();

    /** Names of the figures, in the order {@link #evaluate} writes them; never empty. */
    List<String> names();

    /**
     * Writes the figures of the weighted sample into {@code out[0..names().size())}; a figure that is
     * undefined for these weights (a class with no sample, say) is NaN. Must not modify {@code weights}
     * or keep either array.
     */
    void evaluate(int[] weights, double[] out);
}
