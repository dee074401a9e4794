package org.metalr.bench;

import java.util.List;
import java.util.Objects;
import org.metalr.api.Backend;
import org.metalr.api.Batch;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.GroupLayout;
import org.metalr.api.LrRule;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.ParamGroup;
import org.metalr.api.ParameterUpdater;
import org.metalr.api.StepReport;
import org.metalr.api.net.Network;

/**
 * The pass structure of the authors' released training step, rebuilt over the public API so its cost
 * can be compared with {@link org.metalr.core.MetaLrStep} on the same backend. Each iteration:
 * <ol>
 *   <li>copies the model into a new look-ahead model ({@code meta_model.load_state_dict(model.state_dict())}
 *       on a freshly built {@code meta_model}): here {@link Backend#create} from {@link Differentiable#state()},
 *       which goes through host memory because the API has no device-side copy;
 *   <li>the look-ahead model's forward+backward on the training batch;
 *   <li>the validation forward+backward at the look-ahead parameters, and the hypergradient;
 *   <li>the rule's learning-rate update;
 *   <li>a third forward+backward, on the real model and the training batch again, and the real
 *       optimizer step with its gradient.
 * </ol>
 * It computes the same learning rates and parameters as {@code MetaLrStep} (the third pass recomputes
 * the first pass's gradient at the same parameters), with one more pass and one model copy per
 * iteration. What it cannot reproduce is the released code's second-order graph: the Java API has no
 * {@code create_graph}, and the hypergradient is the exact dot product in both, so this emulation
 * is, if anything, cheaper than the original structure.
 *
 * <p>Not thread-safe; the model is not owned; {@link #close()} releases the optimizer state.
 */
final class ReleasedStructureStep implements AutoCloseable {

    private final Backend backend;
    private final Network network;
    private final Differentiable model;
    private final GroupLayout layout;
    private final boolean[] trainable;
    private final LrRule rule;
    private final double[] initialLrs;
    private final double[] lrs;
    private final ParameterUpdater updater;
    private long iteration;

    /**
     * @param backend    the backend that built {@code model}, for the per-iteration look-ahead copies
     * @param network    the model's architecture
     * @param model      the model to train; not owned
     * @param initialLrs one initial learning rate per group of {@code network}
     * @param rule       the learning-rate rule
     * @param optimizer  the real optimizer
     */
    ReleasedStructureStep(Backend backend, Network network, Differentiable model, double[] initialLrs, LrRule rule,
            OptimizerConfig optimizer) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.network = Objects.requireNonNull(network, "network");
        this.model = Objects.requireNonNull(model, "model");
        this.rule = Objects.requireNonNull(rule, "rule");
        this.layout = GroupLayout.resolve(network.groups(), model.parameters());
        if (initialLrs.length != network.groups().size()) {
            throw new IllegalArgumentException("expected " + network.groups().size()
                    + " initial learning rates (one per group), got " + initialLrs.length);
        }
        this.trainable = layout.trainableMask();
        this.initialLrs = initialLrs.clone();
        this.lrs = initialLrs.clone();
        this.updater = model.newUpdater(Objects.requireNonNull(optimizer, "optimizer"));
    }

    /** Current per-group learning rates (a copy). */
    double[] learningRates() {
        return lrs.clone();
    }

    /** One iteration of the released structure; see the class comment. */
    StepReport step(Batch train, Batch validation, int epoch) {
        double sign = rule.lookAhead().sign();
        double[] hyper;
        double valLoss;
        try (Differentiable lookAhead = backend.create(network, model.state(), model.dtype());
                Gradients g = lookAhead.gradients(train, trainable)) {
            double[] scaled = new double[lrs.length];
            for (int j = 0; j < lrs.length; j++) {
                scaled[j] = sign * lrs[j];
            }
            try (Gradients h = lookAhead.gradientsAt(validation, g, layout.perParameter(scaled), trainable)) {
                valLoss = h.loss();
                hyper = layout.sumPerGroup(g.dotPerParameter(h));
            }
        }
        List<ParamGroup> groups = layout.groups();
        int last = lrs.length - 1;
        for (int j = 0; j < lrs.length; j++) {
            if (groups.get(j).frozen()) {
                hyper[j] = 0.0;
                continue;
            }
            hyper[j] *= sign;
            lrs[j] = j == last && rule.holdsLast(epoch) ? initialLrs[j] : rule.next(lrs[j], hyper[j]);
        }
        double trainLoss;
        try (Gradients g = model.gradients(train, trainable)) {
            trainLoss = g.loss();
            updater.step(g, layout.perParameter(lrs));
        }
        iteration++;
        return new StepReport(iteration, trainLoss, valLoss, hyper, lrs);
    }

    @Override
    public void close() {
        updater.close();
    }
}
