package org.metalr.train.method;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.metalr.api.HostTensor;
import org.metalr.api.TrainingStep;

/**
 * What every run shares: one {@link TrainingStep} ({@link org.metalr.core.PlainStep} or
 * {@link org.metalr.core.MetaLrStep}) whose plan, rates and iteration it exposes, whose optimizer state
 * it saves under {@code optimizer/} and restores, and which it closes. A subclass adds the iteration
 * itself and, if the method keeps state of its own, {@link #ownState()} and {@link #restoreOwnState}:
 * the trainer saves and restores it without looking inside.
 *
 * <p>Call order as {@link MethodRun}; the step is owned (closed with this run), the model is not.
 */
public abstract class StepRun implements MethodRun {

    /** Name prefix of the optimizer's state among {@link #tensors()}. */
    protected static final String OPTIMIZER = "optimizer/";

    private final GroupPlan plan;
    private final TrainingStep step;

    /**
     * @param plan the method's plan for the model
     * @param step the step over the model with the plan's groups and initial rates; owned from now on
     */
    protected StepRun(GroupPlan plan, TrainingStep step) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.step = Objects.requireNonNull(step, "step");
    }

    @Override
    public final GroupPlan plan() {
        return plan;
    }

    @Override
    public final double[] learningRates() {
        return step.learningRates();
    }

    @Override
    public final long iteration() {
        return step.iteration();
    }

    /** Rates, iteration and {@link #ownState()}. */
    @Override
    public MethodState state() {
        return MethodState.of(learningRates(), iteration(), ownState());
    }

    /**
     * The method's own state, for checkpoints and {@code metrics.json}: a value Jackson writes and reads
     * back (a record of numbers, arrays and lists); null, the default, for a method without one.
     */
    protected Object ownState() {
        return null;
    }

    /**
     * Takes the method's own state back from a saved {@link MethodState} (read it with
     * {@link MethodState#own(Class)}); called by {@link #restore} after the step's rates, iteration and
     * optimizer state are back. Nothing by default.
     *
     * @throws IllegalArgumentException if the state does not fit the method
     */
    protected void restoreOwnState(MethodState state) {}

    /** The optimizer's state under {@value #OPTIMIZER}. */
    @Override
    public Map<String, HostTensor> tensors() {
        return Prefixed.add(new LinkedHashMap<>(), OPTIMIZER, step.optimizerState());
    }

    /** The step's rates, iteration and optimizer state, then {@link #restoreOwnState}. */
    @Override
    public void restore(MethodState state, Map<String, HostTensor> tensors) {
        Prefixed.requireOnly(tensors, OPTIMIZER);
        restoreStep(state, tensors);
        restoreOwnState(state);
    }

    /** Sets the step's rates and iteration from {@code state} and its optimizer state from the {@code optimizer/} tensors. */
    protected final void restoreStep(MethodState state, Map<String, HostTensor> tensors) {
        step.restore(state.learningRates(), state.iteration());
        step.loadOptimizerState(Prefixed.under(tensors, OPTIMIZER));
    }

    @Override
    public void close() {
        step.close();
    }
}
