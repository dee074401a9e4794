package org.metalr.train.method;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.metalr.api.HostTensor;
import org.metalr.core.MetaLrStep;
import org.metalr.core.PlainStep;

/**
 * The part every run shares: it holds one optimizer step ({@link MetaLrStep} or {@link PlainStep})
 * and exposes its plan, rates and iteration, saves its optimizer state under {@code optimizer/},
 * restores it, and closes it. Subclasses add the iteration itself and any state of their own.
 */
abstract class StepRun implements MethodRun {

    /** The step operations this class needs; the two core steps share no type, so they are given as method references. */
    record Ops(Supplier<double[]> learningRates, LongSupplier iteration, Supplier<Map<String, HostTensor>> optimizerState,
               BiConsumer<double[], Long> restore, Consumer<Map<String, HostTensor>> loadOptimizerState, Runnable close) {

        static Ops of(MetaLrStep s) {
            return new Ops(s::learningRates, s::iteration, s::optimizerState, s::restore, s::loadOptimizerState, s::close);
        }

        static Ops of(PlainStep s) {
            return new Ops(s::learningRates, s::iteration, s::optimizerState, s::restore, s::loadOptimizerState, s::close);
        }
    }

    private final GroupPlan plan;
    private final Ops ops;

    StepRun(GroupPlan plan, Ops ops) {
        this.plan = plan;
        this.ops = ops;
    }

    @Override
    public GroupPlan plan() {
        return plan;
    }

    @Override
    public double[] learningRates() {
        return ops.learningRates().get();
    }

    @Override
    public long iteration() {
        return ops.iteration().getAsLong();
    }

    @Override
    public MethodState state() {
        return new MethodState(learningRates(), iteration(), null);
    }

    @Override
    public Map<String, HostTensor> tensors() {
        return Prefixed.add(new LinkedHashMap<>(), Prefixed.OPTIMIZER, ops.optimizerState().get());
    }

    @Override
    public void restore(MethodState state, Map<String, HostTensor> tensors) {
        Prefixed.requireOnly(tensors, Prefixed.OPTIMIZER);
        restoreStep(state, tensors);
    }

    /** Sets the step's rates and iteration from {@code state} and its optimizer state from the {@code optimizer/} tensors. */
    final void restoreStep(MethodState state, Map<String, HostTensor> tensors) {
        ops.restore().accept(state.learningRates(), state.iteration());
        ops.loadOptimizerState().accept(Prefixed.under(tensors, Prefixed.OPTIMIZER));
    }

    @Override
    public void close() {
        ops.close().run();
    }
}
