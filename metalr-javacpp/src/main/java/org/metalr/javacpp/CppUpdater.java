package org.metalr.javacpp;

import java.util.Objects;
import org.bytedeco.pytorch.Tensor;
import org.metalr.api.Gradients;
import org.metalr.api.ParameterUpdater;

/**
 * Common part of the optimizers of a {@link CppModel}: argument checks, one native scope and no-grad
 * mode per step ({@link CppScopes#withoutGrad(Runnable)}), and the skip of parameters without a
 * gradient. Subclasses keep their per-parameter state as retained tensors, created on a parameter's
 * first update, and release it on {@link #close()}.
 */
abstract class CppUpdater implements ParameterUpdater {

    protected final CppModel model;
    private boolean closed;

    CppUpdater(CppModel model) {
        this.model = model;
    }

    @Override
    public final void step(Gradients gradients, double[] learningRate) {
        if (closed) {
            throw new IllegalStateException("optimizer already closed");
        }
        model.ensureOpen();
        CppGradients g = model.requireCompatible(gradients);
        Objects.requireNonNull(learningRate, "learningRate");
        if (learningRate.length != model.parameterCount()) {
            throw new IllegalArgumentException("expected " + model.parameterCount()
                    + " learning rates (one per parameter), got " + learningRate.length);
        }
        CppScopes.withoutGrad(() -> {
            for (int p = 0; p < learningRate.length; p++) {
                Tensor grad = g.tensor(p);
                if (grad != null) {
                    update(p, model.parameterTensor(p), grad, learningRate[p]);
                }
            }
        });
    }

    /**
     * Updates {@code param} in place; runs inside the step's scope under no-grad. State tensors kept
     * past the step must be {@linkplain Tensor#retainReference() retained}.
     */
    protected abstract void update(int p, Tensor param, Tensor grad, double lr);

    /** Releases the retained state tensors. */
    protected abstract void releaseState();

    protected static void release(Tensor[] tensors) {
        for (int i = 0; i < tensors.length; i++) {
            if (tensors[i] != null) {
                tensors[i].releaseReference();
                tensors[i] = null;
            }
        }
    }

    @Override
    public final void close() {
        if (!closed) {
            closed = true;
            releaseState();
        }
    }
}
