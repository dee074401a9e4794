package org.metalr.train.method;

import java.util.Arrays;
import java.util.Objects;

/**
 * The non-tensor state of a {@link MethodRun}, small enough for a checkpoint's JSON.
 *
 * @param learningRates per-group learning rates
 * @param iteration     iterations taken
 * @param autoLr        AutoLR's retry state; null for the other methods
 */
public record MethodState(double[] learningRates, long iteration, AutoLrState autoLr) {

    public MethodState {
        learningRates = learningRates.clone();
    }

    @Override
    public double[] learningRates() {
        return learningRates.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MethodState s && Arrays.equals(learningRates, s.learningRates) && iteration == s.iteration
                && Objects.equals(autoLr, s.autoLr);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(learningRates) + Long.hashCode(iteration);
    }
}
