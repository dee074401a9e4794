package org.metalr.api;

import java.util.List;
import java.util.Map;

/**
 * What every optimizer step over one {@link Differentiable} has in common, whatever its iteration
 * does: per-group learning rates, an iteration count, and the real optimizer's state, each exported
 * and restored so that a run continues bit for bit. Plain fine-tuning ({@code PlainStep}) and MetaLR
 * ({@link BilevelStep}) implement it; their iterations differ (one pass, or two passes and a rate
 * update), so the iteration itself is on the implementations.
 *
 * <h2>Call order</h2>
 * create -> ({@code step} | {@link #restore} | {@link #loadOptimizerState} | the accessors)* ->
 * {@link #close}. To continue a saved run: create the step over the model with the saved parameters and
 * buffers, then {@link #restore} the rates and iteration and {@link #loadOptimizerState} the optimizer's
 * state, in either order, before the next iteration.
 *
 * <h2>Ownership</h2>
 * The step does not own the model: closing the step releases its optimizer state, not the model. Arrays
 * and maps returned are the caller's copies; arrays passed in are copied.
 *
 * <h2>Errors</h2>
 * An iteration with a NaN or infinite loss (or hypergradient) throws before anything changes. After
 * {@link #close} the optimizer-state calls fail with {@link IllegalStateException}.
 */
public interface TrainingStep extends AutoCloseable {

    /** The parameter groups with their frozen flags, in the order of every per-group array. */
    List<ParamGroup> groups();

    /** Current per-group learning rates (a copy): the ones the next iteration's update uses. */
    double[] learningRates();

    /** Iterations completed (0 before the first, or what {@link #restore} set). */
    long iteration();

    /**
     * Sets the learning rates and the iteration count: to continue a saved run (rates as
     * {@link #learningRates()} returned them then), or to change the rates between iterations
     * ({@code restore(newRates, iteration())}). Frozen groups' rates are kept but never used.
     *
     * @throws IllegalArgumentException if the array's length is not the number of groups, a trained
     *     group's rate is not one this step accepts (named in the message), or {@code iteration} is
     *     negative; the step is unchanged then
     */
    void restore(double[] learningRates, long iteration);

    /**
     * Host copies of the real optimizer's state; see {@link ParameterUpdater#state()}. With the model's
     * {@link Differentiable#state()}, the rates and the iteration, everything needed to continue exactly.
     * Costs one host copy of the state.
     */
    Map<String, HostTensor> optimizerState();

    /**
     * Replaces the real optimizer's whole state (an empty map: a fresh optimizer); see
     * {@link ParameterUpdater#loadState}.
     *
     * @throws IllegalArgumentException naming the key when an entry does not fit the model; the state is
     *     unchanged then
     */
    void loadOptimizerState(Map<String, HostTensor> state);

    /** Releases the optimizer state, not the model. Idempotent. */
    @Override
    void close();
}
