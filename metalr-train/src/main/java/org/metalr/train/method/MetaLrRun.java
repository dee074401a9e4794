package org.metalr.train.method;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.metalr.api.Batch;
import org.metalr.api.Differentiable;
import org.metalr.api.HostTensor;
import org.metalr.api.LrRule;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.StepReport;
import org.metalr.core.MetaLrStep;

/** MetaLR: one {@link MetaLrStep} per iteration, one meta-validation batch each. */
final class MetaLrRun implements MethodRun {

    private final GroupPlan plan;
    private final MetaLrStep step;

    MetaLrRun(Differentiable model, GroupPlan plan, LrRule rule, OptimizerConfig optimizer) {
        this.plan = plan;
        this.step = new MetaLrStep(model, plan.groups(), plan.initialLrs(), rule, optimizer);
    }

    @Override
    public GroupPlan plan() {
        return plan;
    }

    @Override
    public double[] learningRates() {
        return step.learningRates();
    }

    @Override
    public long iteration() {
        return step.iteration();
    }

    @Override
    public IterationResult step(Batch train, Supplier<Batch> metaValidation, int epoch) {
        StepReport r = step.step(train, metaValidation.get(), epoch);
        return new IterationResult(r.trainLoss(), r.validationLoss());
    }

    @Override
    public MethodState state() {
        return new MethodState(step.learningRates(), step.iteration(), null);
    }

    @Override
    public Map<String, HostTensor> tensors() {
        return Prefixed.add(new LinkedHashMap<>(), Prefixed.OPTIMIZER, step.optimizerState());
    }

    @Override
    public void restore(MethodState state, Map<String, HostTensor> tensors) {
        Prefixed.requireOnly(tensors, Prefixed.OPTIMIZER);
        step.restore(state.learningRates(), state.iteration());
        step.loadOptimizerState(Prefixed.under(tensors, Prefixed.OPTIMIZER));
    }

    @Override
    public void close() {
        step.close();
    }
}
