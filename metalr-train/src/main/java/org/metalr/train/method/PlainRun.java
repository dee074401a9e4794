package org.metalr.train.method;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.metalr.api.Batch;
import org.metalr.api.Differentiable;
import org.metalr.api.HostTensor;
import org.metalr.api.OptimizerConfig;
import org.metalr.core.PlainStep;

/** The baselines: plain fine-tuning at the plan's fixed per-group rates, frozen groups left alone. */
final class PlainRun implements MethodRun {

    private final GroupPlan plan;
    private final PlainStep step;

    PlainRun(Differentiable model, GroupPlan plan, OptimizerConfig optimizer) {
        this.plan = plan;
        this.step = new PlainStep(model, plan.groups(), plan.initialLrs(), optimizer);
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
        return new IterationResult(step.step(train), Double.NaN);
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
