package org.metalr.train.method;

import java.util.function.Supplier;
import org.metalr.api.Batch;
import org.metalr.api.Differentiable;
import org.metalr.api.OptimizerConfig;
import org.metalr.core.PlainStep;

/**
 * The baselines: plain fine-tuning at the plan's fixed per-group rates, frozen groups left alone.
 * {@link AutoLrRun} extends it with its per-epoch rate search.
 */
class PlainRun extends StepRun {

    final PlainStep step;

    PlainRun(Differentiable model, GroupPlan plan, OptimizerConfig optimizer) {
        this(plan, new PlainStep(model, plan.groups(), plan.initialLrs(), optimizer));
    }

    private PlainRun(GroupPlan plan, PlainStep step) {
        super(plan, Ops.of(step));
        this.step = step;
    }

    @Override
    public IterationResult step(Batch train, Supplier<Batch> metaValidation, int epoch) {
        return new IterationResult(step.step(train), Double.NaN);
    }
}
