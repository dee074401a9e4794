package org.metalr.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.metalr.conformance.Close.assertClose;
import static org.metalr.conformance.Close.assertStatesClose;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.Device;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.GroupLayout;
import org.metalr.api.HostTensor;
import org.metalr.api.LrRule;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.StepReport;
import org.metalr.api.net.Network;
import org.metalr.core.MetaLrStep;
import org.metalr.models.Initializers;
import org.metalr.models.UNet3D;

/**
 * MetaLR on a small 3D U-Net with the Dice loss and mask batches: both backends take the same steps
 * (float64, 1e-9 relative), and the hypergradient of one group equals the central finite difference
 * of the validation loss at the look-ahead in that group's learning rate.
 */
class UNetMetaLrTest {

    private static final Network NETWORK = UNet3D.network(1, 4);
    private static final long[] INPUT = {2, 1, 16, 16, 8};
    private static final int FD_GROUP = UNet3D.GROUPS.indexOf("up_tr64");

    static Map<String, HostTensor> initialState() {
        return Initializers.torchDefault(NETWORK, 11);
    }

    /** The float64 U-Net of {@link #initialState()} on {@code device}. */
    static Differentiable model(String backend, Device device) {
        return Cases.backend(backend).create(NETWORK, initialState(), DType.FLOAT64, device);
    }

    /** Uniform [0, 1) volumes and masks of about 30% foreground, seeded. */
    static Batch batch(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = Math.toIntExact(HostTensor.numel(INPUT));
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextDouble();
            y[i] = rnd.nextDouble() < 0.3 ? 1 : 0;
        }
        return Batch.segmentation(HostTensor.of(x, INPUT), HostTensor.of(y, INPUT));
    }

    static double[] initialLrs() {
        double[] lrs = new double[UNet3D.GROUPS.size()];
        Arrays.fill(lrs, 1e-2);
        return lrs;
    }

    @Test
    void bothBackendsTakeTheSameSteps() {
        try (Differentiable djl = Cases.backend("djl").create(NETWORK, initialState(), DType.FLOAT64);
                Differentiable cpp = Cases.backend("javacpp").create(NETWORK, initialState(), DType.FLOAT64)) {
            twoIterationsAgree(djl, cpp, "djl vs javacpp");
            assertThat(djl.state().get("down_tr64.ops.0.bn1.num_batches_tracked").toLongArray())
                    .as("one training pass per iteration moves the counters").containsExactly(2L);
        }
    }

    /** Two MetaLR iterations (official rule, Adam) of two float64 U-Nets agree to 1e-9, and so do their states. */
    static void twoIterationsAgree(Differentiable a, Differentiable b, String what) {
        LrRule rule = LrRule.official();
        OptimizerConfig optimizer = OptimizerConfig.Adam.withWeightDecay(1e-4);
        try (MetaLrStep sa = new MetaLrStep(a, NETWORK.groups(), initialLrs(), rule, optimizer);
                MetaLrStep sb = new MetaLrStep(b, NETWORK.groups(), initialLrs(), rule, optimizer)) {
            for (int t = 1; t <= 2; t++) {
                StepReport ra = sa.step(batch(100 + t), batch(200 + t), 1);
                StepReport rb = sb.step(batch(100 + t), batch(200 + t), 1);
                String at = what + " iteration " + t;
                assertThat(ra.trainLoss()).as(at + " train loss is a Dice loss").isBetween(0.0, 1.0);
                assertClose(ra.trainLoss(), rb.trainLoss(), 1e-9, 1e-13, at + " train loss");
                assertClose(ra.validationLoss(), rb.validationLoss(), 1e-9, 1e-13, at + " validation loss");
                assertClose(ra.hypergradient(), rb.hypergradient(), 1e-9, 1e-13, at + " hypergradient");
                assertClose(ra.learningRates(), rb.learningRates(), 1e-9, 0, at + " learning rates");
            }
            assertStatesClose(a.state(), b.state(), 1e-9, 1e-13, what + " state after two iterations");
        }
    }

    @EveryBackend
    void hypergradientOfOneGroupMatchesFiniteDifferences(String backend) {
        LrRule rule = LrRule.paper(1e-3);
        double[] lrs = initialLrs();
        Batch train = batch(1);
        Batch validation = batch(2);
        try (Differentiable model = Cases.backend(backend).create(NETWORK, initialState(), DType.FLOAT64)) {
            Map<String, HostTensor> theta = model.state();
            StepReport report;
            try (MetaLrStep step = new MetaLrStep(model, NETWORK.groups(), lrs, rule, OptimizerConfig.Sgd.plain())) {
                report = step.step(train, validation, 1);
            }
            model.loadState(theta);

            GroupLayout layout = GroupLayout.resolve(NETWORK.groups(), model.parameters());
            boolean[] all = layout.trainableMask();
            double sign = rule.lookAhead().sign();
            double eps = 1e-6;
            try (Gradients g = model.gradients(train, all)) {
                double up = lossAt(model, layout, g, all, sign, lrs, validation, +eps);
                double down = lossAt(model, layout, g, all, sign, lrs, validation, -eps);
                double fd = (up - down) / (2 * eps);
                assertThat(Math.abs(fd)).as("finite difference is informative").isGreaterThan(1e-6);
                assertClose(report.hypergradient()[FD_GROUP], fd, 1e-6, 0, backend + " hypergradient of up_tr64");
            }
        }
    }

    private static double lossAt(Differentiable model, GroupLayout layout, Gradients g, boolean[] all, double sign,
            double[] lrs, Batch validation, double delta) {
        double[] shifted = Arrays.copyOf(lrs, lrs.length);
        shifted[FD_GROUP] += delta;
        for (int j = 0; j < shifted.length; j++) {
            shifted[j] *= sign;
        }
        try (Gradients h = model.gradientsAt(validation, g, layout.perParameter(shifted), all)) {
            return h.loss();
        }
    }
}
