package org.metalr.javacpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.HostTensor;
import org.metalr.api.net.Network;
import org.metalr.libtorch.SharedLibTorch;
import org.metalr.models.Initializers;
import org.metalr.models.ResNet18;
import org.metalr.models.UNet3D;
import org.junit.jupiter.api.Test;

/**
 * Float32 passes of ResNet-18 and the 3D U-Net with the oneDNN the per-network check enabled agree with
 * float64 passes (which oneDNN never computes) to float32 tolerance: outputs and the gradient of every
 * parameter. Runs in a JVM of its own (see the module's pom): another test's float32 model of the
 * user's own would have turned oneDNN off for the process.
 */
class OneDnnNetworkTest {

    /** Of the largest magnitude of each tensor: float32 through a deep network stays far below, oneDNN's errors far above. */
    private static final double TOLERANCE = 2e-3;

    @Test
    void resNet18InFloat32WithOneDnnAgreesWithFloat64() {
        Network net = ResNet18.network(3, 3, 16);
        SplittableRandom rnd = new SplittableRandom(3);
        Batch batch = new Batch(HostTensor.of(gaussian(rnd, 2 * 3 * 40 * 40), 2, 3, 40, 40), new long[] {0, 2});
        agree(net, batch);
    }

    @Test
    void unet3dInFloat32WithOneDnnAgreesWithFloat64() {
        Network net = UNet3D.network(1, 8);
        SplittableRandom rnd = new SplittableRandom(4);
        int n = 2 * 24 * 16 * 8;
        double[] masks = new double[n];
        for (int i = 0; i < n; i++) {
            masks[i] = rnd.nextBoolean() ? 1 : 0;
        }
        agree(net, Batch.segmentation(HostTensor.of(gaussian(rnd, n), 2, 1, 24, 16, 8), HostTensor.of(masks, 2, 1, 24, 16, 8)));
    }

    private static void agree(Network net, Batch batch) {
        Map<String, HostTensor> state = Initializers.randomized(net, 11);
        CppBackend backend = CppFixtures.backend();
        try (Differentiable single = backend.create(net, state, DType.FLOAT32);
                Differentiable reference = backend.create(net, state, DType.FLOAT64)) {
            String status = SharedLibTorch.convolutions();
            assumeTrue(status.startsWith("oneDNN: checked"), "the check turned oneDNN off: " + status);
            boolean[] all = CppFixtures.all(single.parameters().size(), true);
            Gradients g32 = single.gradients(batch, all);
            Gradients again = single.gradients(batch, all);
            Gradients g64 = reference.gradients(batch, all);
            reference.gradients(batch, all); // moves BatchNorm's running statistics as the second float32 pass did
            assertThat(g32.loss()).isCloseTo(g64.loss(), org.assertj.core.data.Offset.offset(TOLERANCE * (1 + Math.abs(g64.loss()))));
            double largest = 0;
            for (int p = 0; p < all.length; p++) {
                largest = Math.max(largest, largest(g64.get(p).toDoubleArray()));
            }
            for (int p = 0; p < all.length; p++) {
                String name = single.parameters().get(p).name();
                // a bias before BatchNorm has a gradient of float64 rounding only: a floor of the largest gradient's
                assertClose(name + " gradient", g32.get(p).toDoubleArray(), g64.get(p).toDoubleArray(), 1e-3 * largest);
                assertThat(again.get(p).toFloatArray()).as("%s: a repeated pass is bit for bit the same", name)
                        .isEqualTo(g32.get(p).toFloatArray());
            }
            assertClose("output", single.forward(batch.inputs(), false).toDoubleArray(),
                    reference.forward(batch.inputs(), false).toDoubleArray(), 0);
            assertThat(SharedLibTorch.convolutions()).isEqualTo(status);
        }
    }

    private static void assertClose(String what, double[] actual, double[] expected, double floor) {
        double scale = Math.max(floor, largest(expected));
        double error = 0;
        for (int i = 0; i < expected.length; i++) {
            error = Math.max(error, Math.abs(actual[i] - expected[i]));
        }
        assertThat(error).as("%s: largest error against float64 (largest magnitude %s)", what, scale)
                .isLessThanOrEqualTo(TOLERANCE * scale);
    }

    private static double largest(double[] values) {
        double out = 0;
        for (double v : values) {
            out = Math.max(out, Math.abs(v));
        }
        return out;
    }

    private static double[] gaussian(SplittableRandom rnd, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = rnd.nextGaussian();
        }
        return out;
    }
}
