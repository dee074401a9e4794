package org.metalr.train.method;

import java.util.function.Supplier;
import org.metalr.api.Batch;
import org.metalr.api.Differentiable;
import org.metalr.api.OptimizerConfig;
import org.metalr.core.PlainStep;

/**
 * Plain fine-tuning at the plan's per-group rates, frozen groups left alone: the baselines' run, and the
 * base of methods that set the rates between iterations ({@link AutoLr}: after each epoch), which change
 * them with {@code step.restore(newRates, step.iteration())}. Draws no meta-validation batch.
 */
public class PlainRun extends StepRun {

    /** The step, for subclasses that read or set its rates and optimizer state. */
    protected final PlainStep step;

    /**
     * @param model     the model; not owned
     * @param plan      the method's plan for it
     * @param optimizer the real optimizer
     */
    public PlainRun(Differentiable model, GroupPlan plan, OptimizerConfig optimizer) {
        this(plan, new PlainStep(model, plan.groups(), plan.initialLrs(), optimizer));
    }

    private PlainRun(GroupPlan plan, PlainStep step) {
        super(plan, step);
        this.step = step;
    }

    @Override
    public IterationResult step(Batch train, Supplier<Batch> metaValidation, int epoch) {
        return new IterationResult(step.step(train), Double.NaN);
    }
}
