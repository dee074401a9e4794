package org.metalr.train.method;

import java.util.Map;
import java.util.function.Supplier;
import org.metalr.api.Batch;
import org.metalr.api.HostTensor;

/**
 * A method running on one model: takes the iterations, decides at the end of each pass over the
 * training set whether the epoch stands (AutoLR may redo it), and saves and restores everything it
 * holds so that a run continues bit for bit. Made by {@link Method#start}; does not own the model.
 * {@link StepRun} and {@link PlainRun} implement the bookkeeping every method shares.
 *
 * <h2>Call order</h2>
 * start -> [{@link #restore}] -> ({@link #beginEpoch} -> ({@link #step}* -> {@link #endEpoch})+)* ->
 * {@link #close}: {@code beginEpoch} once per epoch, and {@code endEpoch} after each pass; a pass that
 * {@code endEpoch} rejects is followed by another pass of the same epoch without {@code beginEpoch}.
 *
 * <p>{@link #step} throws {@link org.metalr.core.NonFiniteException} for a NaN or infinite loss or
 * hypergradient, before changing the model, the rates or the optimizer state.
 */
public interface MethodRun extends AutoCloseable {

    /** The groups with the method's frozen flags, and the initial rates. */
    GroupPlan plan();

    /** Current per-group learning rates (a copy). */
    double[] learningRates();

    /** Iterations taken so far (over all passes, retried ones included). */
    long iteration();

    /**
     * One iteration on {@code train}; a method that needs a meta-validation batch draws exactly one
     * from {@code metaValidation}, the others draw none.
     *
     * @param epoch the current epoch, counted from 1
     */
    IterationResult step(Batch train, Supplier<Batch> metaValidation, int epoch);

    /** Called before the first pass of each epoch (counted from 1). */
    default void beginEpoch(int epoch) {}

    /**
     * Called after each pass over the training set.
     *
     * @return true if the epoch stands; false if it is to be redone from its starting weights (the
     *     method has already restored them and set new rates)
     */
    default boolean endEpoch(int epoch) {
        return true;
    }

    /**
     * What the method holds besides tensors: rates, iteration and its own state ({@link MethodState#own()},
     * AutoLR's retry state), saved in checkpoints and reported in {@code metrics.json} as
     * {@code methodState}. The caller does not look inside its own state.
     */
    MethodState state();

    /** The method's tensors: the optimizer state ({@code optimizer/<key>}) and any of its own. */
    Map<String, HostTensor> tensors();

    /**
     * Continues from a saved {@link #state()} and {@link #tensors()}; the model's own parameters and
     * buffers are restored by the caller, before this call.
     *
     * @throws IllegalArgumentException if the state does not fit this method and model
     */
    void restore(MethodState state, Map<String, HostTensor> tensors);

    /** Releases the optimizer state. Idempotent. */
    @Override
    void close();
}
