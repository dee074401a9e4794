package org.metalr.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.metalr.api.Batch;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.GroupLayout;
import org.metalr.api.HostTensor;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.ParamGroup;
import org.metalr.api.ParameterUpdater;
import org.metalr.api.TrainingStep;

/**
 * Plain fine-tuning: one forward+backward on the training batch and the optimizer step, with
 * per-group learning rates that only the caller changes. The baseline every method is measured
 * against; frozen groups get no gradient, no optimizer state and no update.
 *
 * <p>Call order and ownership as every {@link TrainingStep}: create -> ({@link #step} |
 * {@link #restore} | {@link #loadOptimizerState})* -> {@link #close}; the model is not owned. A
 * non-finite training loss stops the iteration with a {@link NonFiniteException} before anything
 * changes.
 */
public final class PlainStep implements TrainingStep {

    private final Differentiable model;
    private final GroupLayout layout;
    private final boolean[] trainable;
    private final double[] lrs;
    private double[] lrPerParameter;
    private final ParameterUpdater updater;
    private long iteration;

    /**
     * @param model     the model to train; not owned
     * @param groups    parameter groups partitioning the model's parameters
     * @param lrs       one learning rate per group, positive and finite for every trained group
     * @param optimizer the optimizer
     * @throws IllegalArgumentException if the groups do not partition the parameters or a rate is invalid
     */
    public PlainStep(Differentiable model, List<ParamGroup> groups, double[] lrs, OptimizerConfig optimizer) {
        this.model = Objects.requireNonNull(model, "model");
        this.layout = GroupLayout.resolve(groups, model.parameters());
        this.trainable = layout.trainableMask();
        this.lrs = checked(lrs).clone();
        this.lrPerParameter = layout.perParameter(this.lrs);
        this.updater = model.newUpdater(Objects.requireNonNull(optimizer, "optimizer"));
    }

    @Override
    public List<ParamGroup> groups() {
        return layout.groups();
    }

    @Override
    public double[] learningRates() {
        return lrs.clone();
    }

    @Override
    public long iteration() {
        return iteration;
    }

    /** One training iteration; returns the training loss at the parameters before the update. */
    public double step(Batch train) {
        try (Gradients g = model.gradients(train, trainable)) {
            NonFiniteException.requireFinite(g.loss(), iteration + 1, NonFiniteException.Quantity.TRAINING_LOSS, null);
            updater.step(g, lrPerParameter);
            iteration++;
            return g.loss();
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the array has the wrong length, a trained group's rate is not
     *     positive and finite, or {@code iteration} is negative
     */
    @Override
    public void restore(double[] learningRates, long iteration) {
        if (iteration < 0) {
            throw new IllegalArgumentException("iteration must be >= 0: " + iteration);
        }
        System.arraycopy(checked(learningRates), 0, lrs, 0, lrs.length);
        this.lrPerParameter = layout.perParameter(lrs);
        this.iteration = iteration;
    }

    private double[] checked(double[] perGroup) {
        List<ParamGroup> groups = layout.groups();
        if (perGroup.length != groups.size()) {
            throw new IllegalArgumentException(
                    "expected " + groups.size() + " learning rates (one per group), got " + perGroup.length);
        }
        for (int j = 0; j < perGroup.length; j++) {
            if (!groups.get(j).frozen() && !(perGroup[j] > 0 && Double.isFinite(perGroup[j]))) {
                throw new IllegalArgumentException("learning rate of group '" + groups.get(j).name()
                        + "' must be positive and finite, got " + perGroup[j]);
            }
        }
        return perGroup;
    }

    @Override
    public Map<String, HostTensor> optimizerState() {
        return updater.state();
    }

    @Override
    public void loadOptimizerState(Map<String, HostTensor> state) {
        updater.loadState(state);
    }

    @Override
    public void close() {
        updater.close();
    }
}
