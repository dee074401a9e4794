package org.metalr.api;

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

    /** Releases the optimizer state. Idempotent. */
    @Override
    void close();
}
