package org.metalr.core;

import java.util.List;
import java.util.Objects;
import org.metalr.api.Batch;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.GroupLayout;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.ParamGroup;
import org.metalr.api.ParameterUpdater;

/**
 * Plain fine-tuning: one forward+backward on the training batch and the optimizer step, with fixed
 * per-group learning rates. The baseline every method is measured against.
 *
 * <p>Call order: create -> {@link #step}* -> {@link #close}; the model is not owned.
 */
public final class PlainStep implements AutoCloseable {

    private final Differentiable model;
    private final boolean[] trainable;
    private final double[] lrPerParameter;
    private final ParameterUpdater updater;

    public PlainStep(Differentiable model, List<ParamGroup> groups, double[] lrs, OptimizerConfig optimizer) {
        this.model = Objects.requireNonNull(model, "model");
        GroupLayout layout = GroupLayout.resolve(groups, model.parameters());
        this.trainable = layout.trainableMask();
        this.lrPerParameter = layout.perParameter(lrs);
        this.updater = model.newUpdater(optimizer);
    }

    /** One training iteration; returns the training loss at the parameters before the update. */
    public double step(Batch train) {
        try (Gradients g = model.gradients(train, trainable)) {
            updater.step(g, lrPerParameter);
            return g.loss();
        }
    }

    @Override
    public void close() {
        updater.close();
    }
}
