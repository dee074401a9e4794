package org.metalr.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.metalr.api.Batch;
import org.metalr.api.BilevelStep;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.GroupLayout;
import org.metalr.api.HostTensor;
import org.metalr.api.LrRule;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.ParamGroup;
import org.metalr.api.ParameterUpdater;
import org.metalr.api.StepReport;
import org.metalr.api.TrainingStep;

/**
 * The MetaLR iteration over any backend's {@link Differentiable}: two forward+backward passes, the
 * exact hypergradient as per-group sums of dot products, the rule's learning-rate update, and the real
 * optimizer step reusing the training gradient. See {@link BilevelStep} for the contract.
 *
 * <p>The rule's options: with {@link LrRule.Direction#OPTIMIZER} the look-ahead steps along
 * {@link ParameterUpdater#direction} (the real step's update per unit rate, which the real step then
 * takes); with {@link LrRule.Normalize#COSINE} the update moves each rate with the cosine of {@code h}
 * and the direction within the group (two more O(|theta|) dot products); with
 * {@link LrRule#metaEvery()} K &gt; 1 only iterations {@code 1, 1 + K, ...} ({@link #learnsAt}) take the
 * look-ahead pass, the others one plain optimizer step at the current rates, which needs no
 * meta-validation batch (pass {@code null}), reports a hypergradient of zeros and a NaN validation
 * loss. The iteration counter decides, so a restored step continues the same phase.
 *
 * <p>A non-finite training loss, validation loss or hypergradient stops the iteration with a
 * {@link NonFiniteException} before anything changes. A run continues exactly from a saved
 * {@link #learningRates()}, {@link #iteration()} and {@link #optimizerState()} (with the model's own
 * state) through {@link #restore} and {@link #loadOptimizerState}, as every {@link TrainingStep}.
 */
public final class MetaLrStep implements BilevelStep {

    private final Differentiable model;
    private final GroupLayout layout;
    private final LrRule rule;
    private final double[] initialLrs;
    private final double[] lrs;
    private final boolean[] trainable;
    private final ParameterUpdater updater;
    private long iteration;

    /**
     * @param model      the model to train; not owned
     * @param groups     parameter groups partitioning the model's parameters, in depth order
     * @param initialLrs one initial learning rate per group, each within the rule's bounds
     * @param rule       the learning-rate rule
     * @param optimizer  the real optimizer
     */
    public MetaLrStep(Differentiable model, List<ParamGroup> groups, double[] initialLrs, LrRule rule,
            OptimizerConfig optimizer) {
        this.model = Objects.requireNonNull(model, "model");
        this.rule = Objects.requireNonNull(rule, "rule");
        this.layout = GroupLayout.resolve(groups, model.parameters());
        if (initialLrs.length != groups.size()) {
            throw new IllegalArgumentException(
                    "expected " + groups.size() + " initial learning rates (one per group), got " + initialLrs.length);
        }
        for (int j = 0; j < initialLrs.length; j++) {
            double lr = initialLrs[j];
            if (!(lr >= rule.floor(lr) && lr <= rule.ceiling(lr))) {
                throw new IllegalArgumentException("initial learning rate of group '" + groups.get(j).name()
                        + "' is " + lr + ", outside the rule's bounds " + rule.bounds(lr));
            }
        }
        this.initialLrs = initialLrs.clone();
        this.lrs = initialLrs.clone();
        this.trainable = layout.trainableMask();
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

    /**
     * Whether iteration {@code iteration} (counted from 1) moves the rates: takes the look-ahead pass
     * and needs a meta-validation batch ({@link LrRule#learnsAt}).
     */
    public boolean learnsAt(long iteration) {
        return rule.learnsAt(iteration);
    }

    /**
     * {@inheritDoc}
     *
     * @param validation the meta-validation batch; may be {@code null} when the iteration does not
     *                   {@link #learnsAt learn} the rates
     * @throws IllegalArgumentException also if {@code validation} is null on an iteration that learns them
     */
    @Override
    public StepReport step(Batch train, Batch validation, int epoch) {
        long current = iteration + 1;
        if (!rule.learnsAt(current)) {
            return plainStep(train, current);
        }
        if (validation == null) {
            throw new IllegalArgumentException("iteration " + current + " learns the rates and needs a meta-validation batch");
        }
        double sign = rule.lookAhead().sign();
        double[] hyper;
        double[] signal;
        double trainLoss;
        double valLoss;
        try (Gradients g = model.gradients(train, trainable);
             Gradients optimizerDirection = rule.direction() == LrRule.Direction.OPTIMIZER ? updater.direction(g) : null) {
            trainLoss = g.loss();
            NonFiniteException.requireFinite(trainLoss, current, NonFiniteException.Quantity.TRAINING_LOSS, null);
            Gradients d = optimizerDirection != null ? optimizerDirection : g;
            double[] coefficient = layout.perParameter(scaled(lrs, sign));
            try (Gradients h = model.gradientsAt(validation, d, coefficient, trainable)) {
                valLoss = h.loss();
                NonFiniteException.requireFinite(valLoss, current, NonFiniteException.Quantity.VALIDATION_LOSS, null);
                hyper = layout.sumPerGroup(d.dotPerParameter(h));
                for (int j = 0; j < hyper.length; j++) {
                    hyper[j] *= sign;
                }
                signal = rule.normalize() == LrRule.Normalize.COSINE
                        ? cosine(hyper, layout.sumPerGroup(h.dotPerParameter(h)), layout.sumPerGroup(d.dotPerParameter(d)))
                        : hyper;
            }
            List<ParamGroup> groups = layout.groups();
            for (int j = 0; j < lrs.length; j++) {
                if (groups.get(j).frozen()) {
                    hyper[j] = 0.0;
                    signal[j] = 0.0;
                }
                NonFiniteException.requireFinite(hyper[j], current, NonFiniteException.Quantity.HYPERGRADIENT,
                        groups.get(j).name());
            }
            int last = lrs.length - 1;
            for (int j = 0; j < lrs.length; j++) {
                if (groups.get(j).frozen()) {
                    continue;
                }
                lrs[j] = j == last && rule.holdsLast(epoch) ? initialLrs[j] : rule.next(lrs[j], signal[j], initialLrs[j]);
            }
            updater.step(g, layout.perParameter(lrs));
        }
        iteration = current;
        return new StepReport(iteration, trainLoss, valLoss, hyper, lrs);
    }

    /** An iteration between hypergradient steps: one pass, the real step at the current rates. */
    private StepReport plainStep(Batch train, long current) {
        double trainLoss;
        try (Gradients g = model.gradients(train, trainable)) {
            trainLoss = g.loss();
            NonFiniteException.requireFinite(trainLoss, current, NonFiniteException.Quantity.TRAINING_LOSS, null);
            updater.step(g, layout.perParameter(lrs));
        }
        iteration = current;
        return new StepReport(iteration, trainLoss, Double.NaN, new double[lrs.length], lrs);
    }

    /**
     * Per group, {@code hyper_j / (|h_j| |d_j|)} from the squared norms; 0 where a norm is 0 (no signal,
     * the rate stays).
     */
    static double[] cosine(double[] hyper, double[] hSquared, double[] dSquared) {
        double[] out = new double[hyper.length];
        for (int j = 0; j < out.length; j++) {
            double norms = Math.sqrt(hSquared[j]) * Math.sqrt(dSquared[j]);
            out[j] = norms > 0 ? hyper[j] / norms : 0.0;
        }
        return out;
    }

    @Override
    public long iteration() {
        return iteration;
    }

    /**
     * {@inheritDoc} The initial learning rates given to the constructor stay those the rule's hold of
     * the last group returns to.
     *
     * @throws IllegalArgumentException if the array has the wrong length, a trained group's rate is
     *     outside the rule's bounds, or {@code iteration} is negative
     */
    @Override
    public void restore(double[] learningRates, long iteration) {
        if (learningRates.length != lrs.length) {
            throw new IllegalArgumentException(
                    "expected " + lrs.length + " learning rates (one per group), got " + learningRates.length);
        }
        if (iteration < 0) {
            throw new IllegalArgumentException("iteration must be >= 0: " + iteration);
        }
        for (int j = 0; j < lrs.length; j++) {
            double lr = learningRates[j];
            double initial = initialLrs[j];
            if (!layout.groups().get(j).frozen() && !(lr >= rule.floor(initial) && lr <= rule.ceiling(initial))) {
                throw new IllegalArgumentException("learning rate of group '" + layout.groups().get(j).name() + "' is "
                        + lr + ", outside the rule's bounds " + rule.bounds(initial));
            }
        }
        System.arraycopy(learningRates, 0, lrs, 0, lrs.length);
        this.iteration = iteration;
    }

    @Override
    public Map<String, HostTensor> optimizerState() {
        return updater.state();
    }

    @Override
    public void loadOptimizerState(Map<String, HostTensor> state) {
        updater.loadState(state);
    }

    private static double[] scaled(double[] values, double factor) {
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[i] * factor;
        }
        return out;
    }

    @Override
    public void close() {
        updater.close();
    }
}
