package org.metalr.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.HostTensor;
import org.metalr.api.LrRule;
import org.metalr.api.StepReport;
import org.metalr.backends.Backends;
import org.metalr.core.MetaLrStep;

/**
 * The released structure's emulation does what MetaLR does, with the released code's extra work:
 * the same learning rates and parameters as {@link MetaLrStep} (float64), one model copy and three
 * forward+backward passes per iteration where MetaLR takes two.
 */
class ReleasedStructureStepTest {

    private static final Workload TINY = Workload.named(Workload.SMALLCNN, 4, 4);

    @ParameterizedTest
    @ValueSource(strings = {"official", "paper", "multiplicative"})
    void takesTheSameStepsAsMetaLrWithOneCopyAndOneMorePass(String ruleName) {
        LrRule rule = LrRule.named(ruleName, ruleName.equals("paper") ? 1e-3 : 0.1);
        double[] lrs = StepKind.initialRates(TINY.network().groups().size());
        CountingBackend released = new CountingBackend(Backends.named("javacpp"));
        CountingBackend meta = new CountingBackend(Backends.named("javacpp"));
        try (Differentiable releasedModel = released.create(TINY.network(), TINY.initialState(), DType.FLOAT64);
                Differentiable metaModel = meta.create(TINY.network(), TINY.initialState(), DType.FLOAT64);
                ReleasedStructureStep r = new ReleasedStructureStep(released, TINY.network(), releasedModel, lrs, rule,
                        StepKind.ADAM);
                MetaLrStep m = new MetaLrStep(metaModel, TINY.network().groups(), lrs, rule, StepKind.ADAM)) {
            for (int t = 1; t <= 3; t++) {
                Batch train = TINY.batch(10 + t);
                Batch validation = TINY.batch(20 + t);
                StepReport a = r.step(train, validation, 1);
                StepReport b = m.step(train, validation, 1);
                assertThat(a.trainLoss()).isCloseTo(b.trainLoss(), within(1e-12));
                assertThat(a.validationLoss()).isCloseTo(b.validationLoss(), within(1e-12));
                assertClose(a.hypergradient(), b.hypergradient(), "hypergradient, iteration " + t);
                assertClose(a.learningRates(), b.learningRates(), "learning rates, iteration " + t);
            }
            assertThat(r.learningRates()).isNotEqualTo(lrs);
            Map<String, HostTensor> stateA = releasedModel.state();
            Map<String, HostTensor> stateB = metaModel.state();
            assertThat(stateA.keySet()).isEqualTo(stateB.keySet());
            stateA.forEach((name, value) -> assertClose(value.toDoubleArray(), stateB.get(name).toDoubleArray(), name));
        }
        // besides the model itself: one look-ahead copy per iteration, made from a host copy of the state
        assertThat(released.modelsCreated).isEqualTo(1 + 3);
        assertThat(released.statesCopied).isEqualTo(3 + 1);
        assertThat(released.trainingPasses + released.lookAheadPasses).isEqualTo(3 * 3);
        assertThat(released.lookAheadPasses).isEqualTo(3);
        assertThat(meta.trainingPasses + meta.lookAheadPasses).isEqualTo(3 * 2);
    }

    private static void assertClose(double[] actual, double[] expected, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            double tolerance = 1e-10 * Math.max(1.0, Math.abs(expected[i]));
            assertThat(actual[i]).as(what + " [" + i + "]").isCloseTo(expected[i], within(tolerance));
        }
    }
}
