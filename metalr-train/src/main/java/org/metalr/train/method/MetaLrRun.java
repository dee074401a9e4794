package org.metalr.train.method;

import java.util.function.Supplier;
import org.metalr.api.Batch;
import org.metalr.api.Differentiable;
import org.metalr.api.LrRule;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.StepReport;
import org.metalr.core.MetaLrStep;

/** MetaLR: one {@link MetaLrStep} per iteration, one meta-validation batch each. */
final class MetaLrRun extends StepRun {

    private final MetaLrStep step;

    MetaLrRun(Differentiable model, GroupPlan plan, LrRule rule, OptimizerConfig optimizer) {
        this(plan, new MetaLrStep(model, plan.groups(), plan.initialLrs(), rule, optimizer));
    }

    private MetaLrRun(GroupPlan plan, MetaLrStep step) {
        super(plan, step);
        this.step = step;
    }

    @Override
    public IterationResult step(Batch train, Supplier<Batch> metaValidation, int epoch) {
        StepReport r = step.step(train, metaValidation.get(), epoch);
        return new IterationResult(r.trainLoss(), r.validationLoss());
    }
}
