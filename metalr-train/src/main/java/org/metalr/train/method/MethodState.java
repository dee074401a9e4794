package org.metalr.train.method;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Objects;
import org.metalr.runs.RunFiles;

/**
 * The non-tensor state of a {@link MethodRun}, small enough for a checkpoint's JSON: what every method
 * has (rates, iteration) and what a method keeps of its own, as a JSON tree the trainer saves and
 * restores without knowing what is inside (Lightning's {@code state_dict} idea).
 *
 * @param learningRates per-group learning rates
 * @param iteration     iterations taken
 * @param own           the method's own state (AutoLR's retry state, ...) as {@link RunFiles} writes it;
 *                      null for a method without one. Checkpoints written before the methods kept their
 *                      own state held AutoLR's under {@code autoLr}: read as this.
 */
public record MethodState(double[] learningRates, long iteration, @JsonAlias("autoLr") JsonNode own) {

    public MethodState {
        learningRates = learningRates.clone();
        own = own == null || own.isNull() ? null : own.deepCopy();
    }

    /**
     * Rates, iteration and the method's own state as a value Jackson writes (a record), or null.
     *
     * @throws IllegalArgumentException if Jackson cannot represent {@code own}
     */
    public static MethodState of(double[] learningRates, long iteration, Object own) {
        return new MethodState(learningRates, iteration, own == null ? null : RunFiles.toTree(own));
    }

    /**
     * The method's own state read as a {@code type}.
     *
     * @throws IllegalArgumentException if there is none, or it does not fit {@code type} (a state saved
     *     by another method)
     */
    public <T> T own(Class<T> type) {
        if (own == null) {
            throw new IllegalArgumentException("the saved method state holds no " + type.getSimpleName()
                    + "; was it saved by another method?");
        }
        return RunFiles.fromTree(own, type);
    }

    @Override
    public double[] learningRates() {
        return learningRates.clone();
    }

    @Override
    public JsonNode own() {
        return own == null ? null : own.deepCopy();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MethodState s && Arrays.equals(learningRates, s.learningRates) && iteration == s.iteration
                && Objects.equals(own, s.own);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(learningRates) + Long.hashCode(iteration);
    }
}
