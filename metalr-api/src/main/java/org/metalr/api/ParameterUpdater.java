package org.metalr.api;

import java.util.Map;
import org.metalr.api.optim.OptimizerStates;

/**
 * The real optimizer of one {@link Differentiable}: applies gradients to the model's parameters in
 * place with one learning rate per parameter. Owns its state (momentum buffers, Adam moments and
 * step counts) in native memory until {@link #close()}. Parameters without a gradient in the
 * {@link Gradients} passed (frozen ones) are skipped entirely: no state, no work.
 */
public interface ParameterUpdater extends AutoCloseable {

    /** The configuration this updater follows. */
    OptimizerConfig config();

    /**
     * One optimizer step, in place, without autograd. Learning rates may differ from step to step;
     * moments are kept across changes. Costs O(|theta|).
     *
     * @param gradients    gradients at the current parameters (from {@link Differentiable#gradients})
     * @param learningRate one learning rate per parameter
     */
    void step(Gradients gradients, double[] learningRate);

    /**
     * The update {@link #step} would apply to each parameter per unit learning rate if it took
     * {@code gradients} now, without changing any state: {@code step(gradients, lr)} then moves parameter
     * {@code p} by {@code -lr[p] * d_p} (equal up to rounding; the step computes it its own way). For
     * {@link OptimizerConfig.Adam} (weight decay folded into {@code g'}, moments {@code m'}, {@code v'}
     * after folding {@code g'} in, {@code t} the parameter's steps so far):
     * {@code d = (m' / (1 - b1^(t+1))) / (sqrt(v' / (1 - b2^(t+1))) + eps)}; for
     * {@link OptimizerConfig.Sgd}: {@code g + wd p}, or with momentum the buffer the step would make
     * ({@code g'} itself on the first step), plus {@code momentum * buffer} under Nesterov.
     *
     * <p>Owned by the caller, valid until closed, independent of later steps; its {@link Gradients#loss}
     * is that of {@code gradients}, and it has a tensor exactly where {@code gradients} has one, so the
     * model's {@link Differentiable#gradientsAt} takes it as a direction. Costs one O(|theta|) pass and
     * one tensor per parameter; the optimizer's state is read, never written.
     *
     * @param gradients gradients at the current parameters, from this updater's model
     * @throws IllegalArgumentException if {@code gradients} are not this model's
     * @throws IllegalStateException if the updater, its model or the gradients are closed
     */
    Gradients direction(Gradients gradients);

    /**
     * Host copies of the optimizer state, named as {@link OptimizerStates} describes ({@code
     * <parameter>.exp_avg}, {@code .exp_avg_sq}, {@code .step} for Adam; {@code .momentum_buffer} for
     * SGD with momentum), in the model's dtype; parameters never updated have no entries. With the
     * model's {@link Differentiable#state()} it is everything needed to continue training exactly.
     * Costs one host copy of the state.
     *
     * @throws IllegalStateException if the updater or its model is closed
     */
    Map<String, HostTensor> state();

    /**
     * Replaces the whole optimizer state with {@code state} (as {@link #state()} returns it, converted
     * to the model's dtype): parameters without entries start afresh on their next update.
     *
     * @throws IllegalArgumentException naming the key when an entry is unknown, misshapen, of the
     *     wrong element type, or a parameter lacks part of its slots ({@link OptimizerStates#unpack});
     *     the state is unchanged then
     * @throws IllegalStateException if the updater or its model is closed
     */
    void loadState(Map<String, HostTensor> state);

    /** Releases the optimizer state. Idempotent. */
    @Override
    void close();
}
