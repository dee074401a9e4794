package org.metalr.conformance;

import static org.metalr.conformance.Close.assertClose;
import static org.metalr.conformance.Close.assertStatesClose;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.GroupLayout;
import org.metalr.api.LrRule;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.StepReport;
import org.metalr.core.MetaLrStep;

/**
 * Both backends, one JVM, one LibTorch: the same weights and batches must give the same numbers.
 * Float64 agrees to 1e-9 relative through 20 iterations; float32 is compared on the first iteration
 * only, since float32 learning-rate trajectories of two correct implementations drift apart by
 * summation order.
 */
class ParityTest {

    private static final double RTOL64 = 1e-9;
    private static final double ATOL64 = 1e-13;
    private static final int ITERATIONS = 20;

    static Stream<Arguments> rulesAndOptimizers() {
        return Cases.rulesAndOptimizers().stream().map(Arguments::of);
    }

    @Test
    void logitsAgreeInBothModes() {
        for (DType dtype : DType.values()) {
            double rtol = dtype == DType.FLOAT64 ? RTOL64 : 1e-5;
            double atol = dtype == DType.FLOAT64 ? ATOL64 : 1e-6;
            try (Differentiable djl = Cases.model("djl", dtype); Differentiable cpp = Cases.model("javacpp", dtype)) {
                for (boolean training : new boolean[] {false, true}) {
                    assertClose(djl.forward(Cases.trainBatch(0).inputs(), training),
                            cpp.forward(Cases.trainBatch(0).inputs(), training), rtol, atol,
                            dtype + " logits, training=" + training);
                }
            }
        }
    }

    @Test
    void gradientsAndLookAheadGradientsAgree() {
        try (Differentiable djl = Cases.model("djl", DType.FLOAT64);
                Differentiable cpp = Cases.model("javacpp", DType.FLOAT64)) {
            boolean[] all = new boolean[djl.parameters().size()];
            java.util.Arrays.fill(all, true);
            double[] coefficient = GroupLayout.resolve(Cases.NETWORK.groups(), djl.parameters())
                    .perParameter(new double[] {-1e-2, -2e-2, -3e-2, -1e-1});
            try (Gradients gd = djl.gradients(Cases.trainBatch(0), all);
                    Gradients gc = cpp.gradients(Cases.trainBatch(0), all);
                    Gradients hd = djl.gradientsAt(Cases.validationBatch(0), gd, coefficient, all);
                    Gradients hc = cpp.gradientsAt(Cases.validationBatch(0), gc, coefficient, all)) {
                assertClose(gd.loss(), gc.loss(), RTOL64, ATOL64, "train loss");
                assertClose(hd.loss(), hc.loss(), RTOL64, ATOL64, "look-ahead loss");
                for (int p = 0; p < all.length; p++) {
                    String name = djl.parameters().get(p).name();
                    assertClose(gd.get(p), gc.get(p), RTOL64, ATOL64, "gradient of " + name);
                    assertClose(hd.get(p), hc.get(p), RTOL64, ATOL64, "look-ahead gradient of " + name);
                }
                assertClose(gd.dotPerParameter(hd), gc.dotPerParameter(hc), RTOL64, ATOL64, "<g, h> per parameter");
            }
            assertStatesClose(djl.state(), cpp.state(), RTOL64, ATOL64, "state after the passes");
        }
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("rulesAndOptimizers")
    void twentyIterationsAgreeInFloat64(LrRule rule, OptimizerConfig optimizer) {
        try (Differentiable djl = Cases.model("djl", DType.FLOAT64);
                Differentiable cpp = Cases.model("javacpp", DType.FLOAT64);
                MetaLrStep sd = new MetaLrStep(djl, Cases.NETWORK.groups(), Cases.initialLrs(), rule, optimizer);
                MetaLrStep sc = new MetaLrStep(cpp, Cases.NETWORK.groups(), Cases.initialLrs(), rule, optimizer)) {
            boolean moved = false;
            for (int t = 1; t <= ITERATIONS; t++) {
                int epoch = t <= ITERATIONS / 2 ? 1 : 2;
                StepReport rd = sd.step(Cases.trainBatch(t), Cases.validationBatch(t), epoch);
                StepReport rc = sc.step(Cases.trainBatch(t), Cases.validationBatch(t), epoch);
                String at = rule.name() + " iteration " + t;
                assertClose(rd.trainLoss(), rc.trainLoss(), RTOL64, ATOL64, at + " train loss");
                assertClose(rd.validationLoss(), rc.validationLoss(), RTOL64, ATOL64, at + " validation loss");
                assertClose(rd.hypergradient(), rc.hypergradient(), RTOL64, ATOL64, at + " hypergradient");
                assertClose(rd.learningRates(), rc.learningRates(), RTOL64, 0, at + " learning rates");
                moved |= !java.util.Arrays.equals(rd.learningRates(), Cases.initialLrs());
            }
            assertStatesClose(djl.state(), cpp.state(), RTOL64, ATOL64, rule.name() + " state after 20 iterations");
            org.assertj.core.api.Assertions.assertThat(moved).as("learning rates moved").isTrue();
        }
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("rulesAndOptimizers")
    void firstIterationAgreesInFloat32(LrRule rule, OptimizerConfig optimizer) {
        try (Differentiable djl = Cases.model("djl", DType.FLOAT32);
                Differentiable cpp = Cases.model("javacpp", DType.FLOAT32);
                MetaLrStep sd = new MetaLrStep(djl, Cases.NETWORK.groups(), Cases.initialLrs(), rule, optimizer);
                MetaLrStep sc = new MetaLrStep(cpp, Cases.NETWORK.groups(), Cases.initialLrs(), rule, optimizer)) {
            StepReport rd = sd.step(Cases.trainBatch(1), Cases.validationBatch(1), 1);
            StepReport rc = sc.step(Cases.trainBatch(1), Cases.validationBatch(1), 1);
            assertClose(rd.trainLoss(), rc.trainLoss(), 1e-5, 1e-6, "float32 train loss");
            assertClose(rd.validationLoss(), rc.validationLoss(), 1e-5, 1e-6, "float32 validation loss");
            assertClose(rd.hypergradient(), rc.hypergradient(), 1e-3, 1e-6, "float32 hypergradient");
            assertClose(rd.learningRates(), rc.learningRates(), 1e-5, 0, "float32 learning rates");
            assertStatesClose(djl.state(), cpp.state(), 1e-4, 1e-6, "float32 state after one iteration");
        }
    }
}
