package org.metalr.train.method;

import java.util.function.Supplier;
import org.metalr.api.Batch;
import org.metalr.api.Differentiable;
import org.metalr.api.LrRule;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.StepReport;
import org.metalr.core.MetaLrStep;

/**
 * MetaLR: one {@link MetaLrStep} per iteration, one meta-validation batch for each iteration that
 * learns the rates (all of them unless the rule's {@code metaEvery} is above 1; the step's iteration
 * counter decides, so a resumed run draws the same batches).
 */
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
        Batch validation = step.learnsAt(step.iteration() + 1) ? metaValidation.get() : null;
        StepReport r = step.step(train, validation, epoch);
        return new IterationResult(r.trainLoss(), r.validationLoss());
    }
}
