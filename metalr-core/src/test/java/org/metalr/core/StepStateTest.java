package org.metalr.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.HostTensor;
import org.metalr.api.LrRule;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.ParamGroup;
import org.metalr.api.ParameterUpdater;
import org.metalr.api.StepReport;
import org.metalr.api.TensorInfo;
import org.metalr.api.TrainingStep;

/**
 * The steps' handling of non-finite values and their restoration, on a scripted model whose losses and
 * dot products the test sets: nothing changes when an iteration fails, and a restored step continues
 * with the saved rates and count.
 */
class StepStateTest {

    private static final List<ParamGroup> GROUPS = List.of(ParamGroup.of("a", "a"), ParamGroup.of("b", "b"));
    private static final Batch BATCH = new Batch(HostTensor.of(new float[2], 1, 2), new long[] {0});

    /** Two one-element parameters, a.w and b.w; gradients 1, scripted losses and dot products. */
    private static final class Scripted implements Differentiable {
        double trainLoss = 1;
        double validationLoss = 1;
        double[] dots = {0.5, -0.5};
        final List<double[]> updates = new ArrayList<>();
        int lookAheads;
        Map<String, HostTensor> optimizer = new LinkedHashMap<>();

        @Override
        public DType dtype() {
            return DType.FLOAT64;
        }

        @Override
        public List<TensorInfo> parameters() {
            return List.of(new TensorInfo("a.w", new long[] {1}), new TensorInfo("b.w", new long[] {1}));
        }

        @Override
        public List<TensorInfo> buffers() {
            return List.of();
        }

        @Override
        public List<ParamGroup> defaultGroups() {
            return GROUPS;
        }

        private Gradients gradients(double loss) {
            return new Gradients() {
                @Override
                public double loss() {
                    return loss;
                }

                @Override
                public boolean has(int p) {
                    return true;
                }

                @Override
                public double[] dotPerParameter(Gradients other) {
                    return dots.clone();
                }

                @Override
                public HostTensor get(int p) {
                    return HostTensor.of(new double[] {1}, 1);
                }

                @Override
                public void close() {}
            };
        }

        @Override
        public Gradients gradients(Batch batch, boolean[] trainable) {
            return gradients(trainLoss);
        }

        @Override
        public Gradients gradientsAt(Batch batch, Gradients direction, double[] coefficient, boolean[] trainable) {
            lookAheads++;
            return gradients(validationLoss);
        }

        @Override
        public HostTensor forward(HostTensor inputs, boolean training) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ParameterUpdater newUpdater(OptimizerConfig config) {
            return new ParameterUpdater() {
                @Override
                public OptimizerConfig config() {
                    return config;
                }

                @Override
                public void step(Gradients gradients, double[] learningRate) {
                    updates.add(learningRate.clone());
                }

                @Override
                public Gradients direction(Gradients gradients) {
                    throw new UnsupportedOperationException("the scripted model's rules look ahead along g");
                }

                @Override
                public Map<String, HostTensor> state() {
                    return optimizer;
                }

                @Override
                public void loadState(Map<String, HostTensor> state) {
                    optimizer = state;
                }

                @Override
                public void close() {}
            };
        }

        @Override
        public Map<String, HostTensor> state() {
            return Map.of();
        }

        @Override
        public void loadState(Map<String, HostTensor> state) {}

        @Override
        public void close() {}
    }

    private static MetaLrStep metaLr(Scripted model) {
        return new MetaLrStep(model, GROUPS, new double[] {0.01, 0.01}, LrRule.multiplicative(0.1),
                OptimizerConfig.Sgd.plain());
    }

    @Test
    void aNonFiniteHypergradientNamesItsGroupAndChangesNothing() {
        Scripted model = new Scripted();
        try (MetaLrStep step = metaLr(model)) {
            step.step(BATCH, BATCH, 1);
            double[] before = step.learningRates();
            model.dots = new double[] {0.5, Double.NaN};
            assertThatThrownBy(() -> step.step(BATCH, BATCH, 1)).isInstanceOf(NonFiniteException.class)
                    .hasMessageStartingWith("iteration 2: the hypergradient of group 'b' is NaN")
                    .satisfies(e -> {
                        NonFiniteException n = (NonFiniteException) e;
                        assertThat(n.iteration()).isEqualTo(2);
                        assertThat(n.group()).isEqualTo("b");
                        assertThat(n.quantity()).isEqualTo(NonFiniteException.Quantity.HYPERGRADIENT);
                    });
            assertThat(step.learningRates()).containsExactly(before);
            assertThat(step.iteration()).isEqualTo(1);
            assertThat(model.updates).hasSize(1);
        }
    }

    @Test
    void nonFiniteLossesAreNamedToo() {
        Scripted model = new Scripted();
        try (MetaLrStep step = metaLr(model)) {
            model.trainLoss = Double.POSITIVE_INFINITY;
            assertThatThrownBy(() -> step.step(BATCH, BATCH, 1))
                    .hasMessageStartingWith("iteration 1: the training loss is Infinity");
            model.trainLoss = 1;
            model.validationLoss = Double.NaN;
            assertThatThrownBy(() -> step.step(BATCH, BATCH, 1))
                    .hasMessageStartingWith("iteration 1: the validation loss at the look-ahead is NaN");
            assertThat(model.updates).isEmpty();
        }
        try (PlainStep plain = new PlainStep(model, GROUPS, new double[] {0.1, 0.2}, OptimizerConfig.Sgd.plain())) {
            model.trainLoss = Double.NaN;
            assertThatThrownBy(() -> plain.step(BATCH)).hasMessageStartingWith("iteration 1: the training loss is NaN");
            assertThat(model.updates).isEmpty();
            assertThat(plain.iteration()).isZero();
        }
    }

    @Test
    void aRestoredMetaLrStepContinuesFromTheSavedRatesAndCount() {
        Scripted model = new Scripted();
        try (MetaLrStep step = metaLr(model)) {
            step.restore(new double[] {0.004, 0.002}, 7);
            step.loadOptimizerState(Map.of("a.w.momentum_buffer", HostTensor.of(new double[] {3}, 1)));
            assertThat(step.optimizerState()).containsOnlyKeys("a.w.momentum_buffer");
            // multiplicative rule, descent look-ahead: hypergradient -dot, lr * (1 - 0.1 * hypergradient)
            assertThat(step.step(BATCH, BATCH, 1).iteration()).isEqualTo(8);
            assertThat(step.learningRates()).containsExactly(0.004 * (1 - 0.1 * -0.5), 0.002 * (1 - 0.1 * 0.5));
            assertThat(model.updates.get(0)).containsExactly(step.learningRates());
            assertThatThrownBy(() -> step.restore(new double[] {0.004}, 1)).hasMessageContaining("expected 2");
            assertThatThrownBy(() -> step.restore(new double[] {0.004, 0.5}, 1))
                    .hasMessageContaining("group 'b' is 0.5, outside the rule's bounds");
            assertThatThrownBy(() -> step.restore(new double[] {0.004, 0.004}, -1)).hasMessageContaining("iteration");
        }
    }

    @Test
    void withMetaEveryKTheIterationCounterDecidesWhichIterationsLearnTheRates() {
        LrRule everyThird = LrRule.multiplicative(0.1).withMetaEvery(3);
        Scripted model = new Scripted();
        try (MetaLrStep step = new MetaLrStep(model, GROUPS, new double[] {0.001, 0.001}, everyThird,
                OptimizerConfig.Sgd.plain())) {
            List<Long> learned = new ArrayList<>();
            for (int t = 1; t <= 7; t++) {
                boolean learns = step.learnsAt(step.iteration() + 1);
                StepReport r = step.step(BATCH, learns ? BATCH : null, 1);
                if (learns) {
                    learned.add(r.iteration());
                } else {
                    assertThat(r.validationLoss()).isNaN();
                    assertThat(r.hypergradient()).containsOnly(0.0);
                }
            }
            assertThat(learned).containsExactly(1L, 4L, 7L);
            assertThat(model.lookAheads).isEqualTo(3);
            assertThat(model.updates).hasSize(7);
            // the rates move only on learning iterations: three moves by the same scripted hypergradient
            assertThat(step.learningRates()[0]).isEqualTo(0.001 * (1 - 0.1 * -0.5) * (1 - 0.1 * -0.5) * (1 - 0.1 * -0.5));
            assertThat(model.updates.get(1)).containsExactly(model.updates.get(0));
            // a restored step continues the phase from its counter, not from where it was made
            try (MetaLrStep resumed = new MetaLrStep(model, GROUPS, new double[] {0.001, 0.001}, everyThird,
                    OptimizerConfig.Sgd.plain())) {
                resumed.restore(step.learningRates(), 9);
                assertThat(resumed.learnsAt(9)).isFalse();
                assertThat(resumed.learnsAt(10)).isTrue();
                assertThatThrownBy(() -> resumed.step(BATCH, null, 1)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("iteration 10");
                resumed.restore(step.learningRates(), 7);
                assertThat(resumed.step(BATCH, null, 1).iteration()).isEqualTo(8);
            }
        }
    }

    @Test
    void aPlainStepUsesTheRatesItIsGiven() {
        Scripted model = new Scripted();
        List<ParamGroup> groups = List.of(GROUPS.get(0).withFrozen(true), GROUPS.get(1));
        try (PlainStep step = new PlainStep(model, groups, new double[] {0.1, 0.2}, OptimizerConfig.Sgd.plain())) {
            step.step(BATCH);
            step.restore(new double[] {0.1, 0.05}, 10);
            step.step(BATCH);
            assertThat(model.updates.get(0)).containsExactly(0, 0.2);
            assertThat(model.updates.get(1)).containsExactly(0, 0.05);
            assertThat(step.iteration()).isEqualTo(11);
            assertThat(step.learningRates()).containsExactly(0.1, 0.05);
            assertThatThrownBy(() -> step.restore(new double[] {0.1, -1}, 0))
                    .hasMessageContaining("group 'b' must be positive and finite");
            // a frozen group's rate is not used and not checked
            step.restore(new double[] {Double.NaN, 0.05}, 0);
        }
    }

    /** A step of one kind over a scripted model, and its iteration. */
    private interface StepKind {
        TrainingStep create(Scripted model);

        void iterate(TrainingStep step);
    }

    private static final StepKind META_LR = new StepKind() {
        @Override
        public TrainingStep create(Scripted model) {
            return metaLr(model);
        }

        @Override
        public void iterate(TrainingStep step) {
            ((MetaLrStep) step).step(BATCH, BATCH, 1);
        }
    };

    private static final StepKind PLAIN = new StepKind() {
        @Override
        public TrainingStep create(Scripted model) {
            return new PlainStep(model, GROUPS, new double[] {0.01, 0.02}, OptimizerConfig.Sgd.plain());
        }

        @Override
        public void iterate(TrainingStep step) {
            ((PlainStep) step).step(BATCH);
        }
    };

    @Test
    void bothStepsContinueFromWhatTheCommonInterfaceExports() {
        for (StepKind kind : List.of(META_LR, PLAIN)) {
            Scripted first = new Scripted();
            Scripted second = new Scripted();
            try (TrainingStep original = kind.create(first); TrainingStep resumed = kind.create(second)) {
                kind.iterate(original);
                first.optimizer = Map.of("a.w.momentum_buffer", HostTensor.of(new double[] {2.5}, 1));
                // what a checkpoint keeps of a step, through the interface only
                double[] rates = original.learningRates();
                long iteration = original.iteration();
                Map<String, HostTensor> optimizer = original.optimizerState();

                resumed.restore(rates, iteration);
                resumed.loadOptimizerState(optimizer);
                assertThat(second.optimizer).isSameAs(optimizer);
                assertThat(resumed.groups()).isEqualTo(original.groups());
                kind.iterate(original);
                kind.iterate(resumed);
                assertThat(resumed.iteration()).isEqualTo(2).isEqualTo(original.iteration());
                assertThat(resumed.learningRates()).containsExactly(original.learningRates());
                assertThat(second.updates.get(0)).as("the rates the resumed step applied")
                        .containsExactly(first.updates.get(1));

                // a refused restore leaves the step as it was
                assertThatThrownBy(() -> resumed.restore(new double[] {0.01}, 5))
                        .isInstanceOf(IllegalArgumentException.class);
                assertThat(resumed.iteration()).isEqualTo(2);
                assertThat(resumed.learningRates()).containsExactly(original.learningRates());
            }
        }
    }
}
