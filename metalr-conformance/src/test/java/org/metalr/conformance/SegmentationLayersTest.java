package org.metalr.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.HostTensor;
import org.metalr.api.ParamGroup;
import org.metalr.api.net.Layer;
import org.metalr.api.net.Network;
import org.metalr.models.Initializers;

/**
 * The segmentation layers in two dimensions (the U-Net parity tests cover three) on both backends,
 * against their definitions in plain Java: a 3x3 stride-3 transposed convolution with bias, a
 * concatenation of an identity and a 1x1 convolution branch, a sigmoid, and the Dice loss and its
 * gradient (central finite differences), in float64.
 */
class SegmentationLayersTest {

    private static final int N = 2;
    private static final int C = 2;
    private static final int UP = 3;
    private static final int SIDE = 3;
    private static final int H = 2;
    private static final int W = 3;

    private static final Network NETWORK = new Network("segmentation-layers", Layer.Sequential.of(
            new Layer.ConvTranspose("up", 2, C, UP, SIDE, SIDE, true),
            Layer.Concat.of(Layer.Sequential.of(), new Layer.Conv("head", 2, UP, 2, 1, 1, 0, true)),
            new Layer.Sigmoid()),
            Network.Loss.DICE, List.of(ParamGroup.of("all", "up", "head")));

    @EveryBackend
    void forwardAndDiceMatchTheirDefinitions(String backend) {
        Map<String, HostTensor> theta = Initializers.torchDefault(NETWORK, 3);
        Batch batch = batch();
        try (Differentiable model = Cases.backend(backend).create(NETWORK, theta, DType.FLOAT64)) {
            double[] expected = reference(batch.inputs().toDoubleArray(), theta);
            HostTensor output = model.forward(batch.inputs(), false);
            assertThat(output.shape()).containsExactly(N, UP + 2, H * SIDE, W * SIDE);
            double[] actual = output.toDoubleArray();
            for (int i = 0; i < expected.length; i++) {
                assertThat(actual[i]).as("%s output %d", backend, i).isCloseTo(expected[i], within(1e-14));
            }
            try (Gradients g = model.gradients(batch, new boolean[] {false, false, false, false})) {
                assertThat(g.loss()).isCloseTo(dice(expected, batch.masks().toDoubleArray()), within(1e-14));
            }
        }
    }

    @EveryBackend
    void diceGradientMatchesFiniteDifferences(String backend) {
        Map<String, HostTensor> theta = Initializers.torchDefault(NETWORK, 4);
        Batch batch = batch();
        try (Differentiable model = Cases.backend(backend).create(NETWORK, theta, DType.FLOAT64)) {
            int params = model.parameters().size();
            boolean[] all = new boolean[params];
            Arrays.fill(all, true);
            double[][] analytic = new double[params][];
            try (Gradients g = model.gradients(batch, all)) {
                for (int p = 0; p < params; p++) {
                    analytic[p] = g.get(p).toDoubleArray();
                }
            }
            double h = 1e-6;
            for (int p = 0; p < params; p++) {
                String name = model.parameters().get(p).name();
                double[] base = theta.get(name).toDoubleArray();
                for (int i : new int[] {0, base.length / 2, base.length - 1}) {
                    double[] up = base.clone();
                    up[i] += h;
                    double[] down = base.clone();
                    down[i] -= h;
                    double numeric = (loss(model, theta, name, up, batch) - loss(model, theta, name, down, batch)) / (2 * h);
                    assertThat(analytic[p][i]).as("%s d(dice)/d%s[%d]", backend, name, i)
                            .isCloseTo(numeric, within(1e-8 + 1e-6 * Math.abs(numeric)));
                }
            }
        }
    }

    @EveryBackend
    void aMaskOfTheWrongShapeFailsBeforeAnythingMoves(String backend) {
        Batch wrong = Batch.segmentation(batch().inputs(), HostTensor.of(new double[N * 5 * 6 * 6], N, 5, 6, 6));
        try (Differentiable model = Cases.backend(backend).create(NETWORK, Initializers.torchDefault(NETWORK, 3),
                DType.FLOAT64)) {
            assertThatThrownBy(() -> model.gradients(wrong, new boolean[] {true, true, true, true}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("masks of shape [2, 5, 6, 6] do not match the output [2, 5, 6, 9]");
            assertThatThrownBy(() -> model.gradients(new Batch(batch().inputs(), new long[] {0, 1}),
                    new boolean[] {true, true, true, true}))
                    .hasMessageContaining("on masks, but the batch holds class labels");
        }
    }

    private static double loss(Differentiable model, Map<String, HostTensor> theta, String name, double[] values,
            Batch batch) {
        Map<String, HostTensor> state = new LinkedHashMap<>(theta);
        state.put(name, HostTensor.of(values, theta.get(name).shape()));
        model.loadState(state);
        try (Gradients g = model.gradients(batch, new boolean[model.parameters().size()])) {
            return g.loss();
        }
    }

    private static Batch batch() {
        SplittableRandom rnd = new SplittableRandom(5);
        double[] x = new double[N * C * H * W];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextGaussian();
        }
        double[] y = new double[N * (UP + 2) * H * SIDE * W * SIDE];
        for (int i = 0; i < y.length; i++) {
            y[i] = rnd.nextDouble() < 0.4 ? 1 : 0;
        }
        return Batch.segmentation(HostTensor.of(x, N, C, H, W), HostTensor.of(y, N, UP + 2, H * SIDE, W * SIDE));
    }

    /** The network by its definition: up[n,o,3i+a,3j+b] = b[o] + sum_c x[n,c,i,j] W[c,o,a,b]; cat(up, head(up)); sigmoid. */
    private static double[] reference(double[] x, Map<String, HostTensor> theta) {
        double[] w = theta.get("up.weight").toDoubleArray();
        double[] b = theta.get("up.bias").toDoubleArray();
        double[] hw = theta.get("head.weight").toDoubleArray();
        double[] hb = theta.get("head.bias").toDoubleArray();
        int oh = H * SIDE;
        int ow = W * SIDE;
        int channels = UP + 2;
        double[] out = new double[N * channels * oh * ow];
        for (int n = 0; n < N; n++) {
            for (int y = 0; y < oh; y++) {
                for (int xx = 0; xx < ow; xx++) {
                    double[] up = new double[UP];
                    for (int o = 0; o < UP; o++) {
                        double sum = b[o];
                        for (int c = 0; c < C; c++) {
                            sum += x[((n * C + c) * H + y / SIDE) * W + xx / SIDE]
                                    * w[((c * UP + o) * SIDE + y % SIDE) * SIDE + xx % SIDE];
                        }
                        up[o] = sum;
                        out[((n * channels + o) * oh + y) * ow + xx] = sigmoid(sum);
                    }
                    for (int k = 0; k < 2; k++) {
                        double sum = hb[k];
                        for (int o = 0; o < UP; o++) {
                            sum += hw[k * UP + o] * up[o];
                        }
                        out[((n * channels + UP + k) * oh + y) * ow + xx] = sigmoid(sum);
                    }
                }
            }
        }
        return out;
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /** Models Genesis' dice_coef_loss: 1 - (2 sum(p y) + 1) / (sum(p) + sum(y) + 1). */
    private static double dice(double[] p, double[] y) {
        double intersection = 0;
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            intersection += p[i] * y[i];
            sum += p[i] + y[i];
        }
        return 1 - (2 * intersection + 1) / (sum + 1);
    }
}
