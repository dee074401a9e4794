package org.metalr.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.metalr.conformance.Close.assertClose;
import static org.metalr.conformance.Close.assertStatesClose;

import java.util.Arrays;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.GroupLayout;
import org.metalr.api.LrRule;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.StepReport;
import org.metalr.core.MetaLrStep;

/**
 * The parity checks between two models of {@link Cases#NETWORK} built from the same weights, whatever
 * differs between them (the backend, the device): float64 agrees to 1e-9 relative through 20 MetaLR
 * iterations; float32 is compared on the first iteration only, since float32 learning-rate
 * trajectories of two correct implementations drift apart by summation order.
 */
final class Parity {

    static final double RTOL64 = 1e-9;
    static final double ATOL64 = 1e-13;
    static final int ITERATIONS = 20;

    private Parity() {}

    /** Network outputs for the same inputs, in evaluation and in training mode. */
    static void logitsAgree(Differentiable a, Differentiable b, double rtol, double atol, String what) {
        for (boolean training : new boolean[] {false, true}) {
            assertClose(a.forward(Cases.trainBatch(0).inputs(), training),
                    b.forward(Cases.trainBatch(0).inputs(), training), rtol, atol,
                    what + " logits, training=" + training);
        }
    }

    /** Float64 models: losses, gradients and look-ahead gradients, their dot products, and the state after. */
    static void passesAgree(Differentiable a, Differentiable b, String what) {
        boolean[] all = new boolean[a.parameters().size()];
        Arrays.fill(all, true);
        double[] coefficient = GroupLayout.resolve(Cases.NETWORK.groups(), a.parameters())
                .perParameter(new double[] {-1e-2, -2e-2, -3e-2, -1e-1});
        try (Gradients ga = a.gradients(Cases.trainBatch(0), all);
                Gradients gb = b.gradients(Cases.trainBatch(0), all);
                Gradients ha = a.gradientsAt(Cases.validationBatch(0), ga, coefficient, all);
                Gradients hb = b.gradientsAt(Cases.validationBatch(0), gb, coefficient, all)) {
            assertClose(ga.loss(), gb.loss(), RTOL64, ATOL64, what + " train loss");
            assertClose(ha.loss(), hb.loss(), RTOL64, ATOL64, what + " look-ahead loss");
            for (int p = 0; p < all.length; p++) {
                String name = a.parameters().get(p).name();
                assertClose(ga.get(p), gb.get(p), RTOL64, ATOL64, what + " gradient of " + name);
                assertClose(ha.get(p), hb.get(p), RTOL64, ATOL64, what + " look-ahead gradient of " + name);
            }
            assertClose(ga.dotPerParameter(ha), gb.dotPerParameter(hb), RTOL64, ATOL64, what + " <g, h> per parameter");
        }
        assertStatesClose(a.state(), b.state(), RTOL64, ATOL64, what + " state after the passes");
    }

    /** Float64 models: every report of 20 MetaLR iterations, then every parameter and buffer. */
    static void twentyIterationsAgree(Differentiable a, Differentiable b, LrRule rule, OptimizerConfig optimizer,
            String what) {
        try (MetaLrStep sa = new MetaLrStep(a, Cases.NETWORK.groups(), Cases.initialLrs(), rule, optimizer);
                MetaLrStep sb = new MetaLrStep(b, Cases.NETWORK.groups(), Cases.initialLrs(), rule, optimizer)) {
            boolean moved = false;
            for (int t = 1; t <= ITERATIONS; t++) {
                int epoch = t <= ITERATIONS / 2 ? 1 : 2;
                StepReport ra = sa.step(Cases.trainBatch(t), Cases.validationBatch(t), epoch);
                StepReport rb = sb.step(Cases.trainBatch(t), Cases.validationBatch(t), epoch);
                String at = what + " " + rule.name() + " iteration " + t;
                assertClose(ra.trainLoss(), rb.trainLoss(), RTOL64, ATOL64, at + " train loss");
                if (!(Double.isNaN(ra.validationLoss()) && Double.isNaN(rb.validationLoss()))) { // NaN: a plain iteration
                    assertClose(ra.validationLoss(), rb.validationLoss(), RTOL64, ATOL64, at + " validation loss");
                }
                assertClose(ra.hypergradient(), rb.hypergradient(), RTOL64, ATOL64, at + " hypergradient");
                assertClose(ra.learningRates(), rb.learningRates(), RTOL64, 0, at + " learning rates");
                moved |= !Arrays.equals(ra.learningRates(), Cases.initialLrs());
            }
            assertStatesClose(a.state(), b.state(), RTOL64, ATOL64,
                    what + " " + rule.name() + " state after " + ITERATIONS + " iterations");
            assertThat(moved).as("learning rates moved").isTrue();
        }
    }

    /** Float32 models: the first MetaLR iteration, at float32 tolerances. */
    static void firstIterationAgreesInFloat32(Differentiable a, Differentiable b, LrRule rule,
            OptimizerConfig optimizer, String what) {
        try (MetaLrStep sa = new MetaLrStep(a, Cases.NETWORK.groups(), Cases.initialLrs(), rule, optimizer);
                MetaLrStep sb = new MetaLrStep(b, Cases.NETWORK.groups(), Cases.initialLrs(), rule, optimizer)) {
            StepReport ra = sa.step(Cases.trainBatch(1), Cases.validationBatch(1), 1);
            StepReport rb = sb.step(Cases.trainBatch(1), Cases.validationBatch(1), 1);
            assertClose(ra.trainLoss(), rb.trainLoss(), 1e-5, 1e-6, what + " float32 train loss");
            assertClose(ra.validationLoss(), rb.validationLoss(), 1e-5, 1e-6, what + " float32 validation loss");
            assertClose(ra.hypergradient(), rb.hypergradient(), 1e-3, 1e-6, what + " float32 hypergradient");
            assertClose(ra.learningRates(), rb.learningRates(), 1e-5, 0, what + " float32 learning rates");
            assertStatesClose(a.state(), b.state(), 1e-4, 1e-6, what + " float32 state after one iteration");
        }
    }
}
