package org.metalr.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
 * Layers SmallCnn does not use, on every backend: biased and strided convolutions and max pooling
 * against their definitions in plain Java, and two volumetric networks (3-D convolution, BatchNorm and
 * max pooling, residual blocks) against central differences, float64. {@link SegmentationLayersTest}
 * covers the transposed convolution, the concatenation and the sigmoid.
 */
class LayersTest {

    private static final int N = 2;
    private static final int C = 2;
    private static final int OUT = 3;
    private static final int S = 7;

    @EveryBackend
    void stridedBiasedConvolutionAndMaxPoolingMatchTheirDefinitions(String backend) {
        Network net = network(Layer.Sequential.of(
                new Layer.Conv("conv", 2, C, OUT, 3, 2, 1, true),
                new Layer.MaxPool(2, 3, 2, 1),
                new Layer.GlobalAvgPool(),
                new Layer.Linear("fc", OUT, Cases.CLASSES, true)));
        Map<String, HostTensor> init = Initializers.kaiming(net, 4);
        double[] x = random(N * C * S * S, 8);
        try (Differentiable model = Cases.backend(backend).create(net, init, DType.FLOAT64)) {
            double[] logits = model.forward(HostTensor.of(x, N, C, S, S), false).toDoubleArray();
            double[] conv = conv2d(x, init.get("conv.weight").toDoubleArray(), init.get("conv.bias").toDoubleArray());
            int cs = (S + 2 - 3) / 2 + 1; // 4
            int ps = (cs + 2 - 3) / 2 + 1; // 2
            double[] w = init.get("fc.weight").toDoubleArray();
            double[] b = init.get("fc.bias").toDoubleArray();
            for (int n = 0; n < N; n++) {
                double[] pooled = new double[OUT];
                for (int o = 0; o < OUT; o++) {
                    double sum = 0;
                    for (int py = 0; py < ps; py++) {
                        for (int px = 0; px < ps; px++) {
                            double max = Double.NEGATIVE_INFINITY;
                            for (int ky = 0; ky < 3; ky++) {
                                for (int kx = 0; kx < 3; kx++) {
                                    int y = py * 2 - 1 + ky;
                                    int xx = px * 2 - 1 + kx;
                                    if (y >= 0 && y < cs && xx >= 0 && xx < cs) {
                                        max = Math.max(max, conv[((n * OUT + o) * cs + y) * cs + xx]);
                                    }
                                }
                            }
                            sum += max;
                        }
                    }
                    pooled[o] = sum / (ps * ps);
                }
                for (int k = 0; k < Cases.CLASSES; k++) {
                    double expected = b[k];
                    for (int o = 0; o < OUT; o++) {
                        expected += w[k * OUT + o] * pooled[o];
                    }
                    assertThat(logits[n * Cases.CLASSES + k]).as(backend).isCloseTo(expected, within(1e-12));
                }
            }
        }
    }

    @EveryBackend
    void threeDimensionalNetworkHasCorrectGradients(String backend) {
        Network net = network(Layer.Sequential.of(
                new Layer.Conv("conv", 3, C, OUT, 3, 1, 1, true),
                new Layer.BatchNorm("bn", 3, OUT),
                new Layer.Relu(),
                new Layer.Residual(new Layer.Conv("body", 3, OUT, OUT, 3, 1, 1, false), null),
                new Layer.MaxPool(3, 2, 2, 0),
                new Layer.GlobalAvgPool(),
                new Layer.Linear("fc", OUT, Cases.CLASSES, true)));
        Map<String, HostTensor> theta = Initializers.randomized(net, 6);
        Batch batch = new Batch(HostTensor.of(random(N * C * 4 * 4 * 4, 9), N, C, 4, 4, 4), new long[] {0, 2});
        try (Differentiable model = Cases.backend(backend).create(net, theta, DType.FLOAT64)) {
            int params = model.parameters().size();
            assertThat(model.forward(batch.inputs(), false).shape()).containsExactly(N, Cases.CLASSES);
            double[][] analytic = new double[params][];
            try (Gradients g = model.gradients(batch, Cases.all(model, true))) {
                for (int p = 0; p < params; p++) {
                    analytic[p] = g.get(p).toDoubleArray();
                }
            }
            assertThat(model.state().get("bn.num_batches_tracked").toLongArray()).containsExactly(1L);
            double h = 1e-6;
            for (int p = 0; p < params; p++) {
                String name = model.parameters().get(p).name();
                int i = analytic[p].length / 3;
                double numeric = (GradientsTest.lossAt(model, theta, name, i, h, batch)
                        - GradientsTest.lossAt(model, theta, name, i, -h, batch)) / (2 * h);
                assertThat(analytic[p][i]).as("%s %s", backend, name)
                        .isCloseTo(numeric, within(1e-7 + 1e-5 * Math.abs(numeric)));
            }
        }
    }

    @EveryBackend
    void volumetricNetworkRunsAndDifferentiates(String backend) {
        Network net = volumetric();
        Map<String, HostTensor> theta = Initializers.randomized(net, 5);
        Batch batch = volumes(6);
        try (Differentiable m = Cases.backend(backend).create(net, theta, DType.FLOAT64);
                Gradients g = m.gradients(batch, Cases.all(m, true))) {
            assertThat(m.forward(batch.inputs(), false).shape()).containsExactly(3, 2);
            assertThat(m.state().get("bn.num_batches_tracked").toLongArray()).containsExactly(1L);
            double step = 1e-6;
            for (String name : List.of("conv.weight", "conv.bias", "bn.weight", "res.weight", "fc.weight")) {
                double[] analytic = g.get(Cases.indexOf(m, name)).toDoubleArray();
                int element = analytic.length / 3;
                double numeric = (GradientsTest.lossAt(m, theta, name, element, step, batch)
                        - GradientsTest.lossAt(m, theta, name, element, -step, batch)) / (2 * step);
                assertThat(analytic[element]).as("%s %s", backend, name)
                        .isCloseTo(numeric, within(1e-7 + 1e-6 * Math.abs(numeric)));
            }
        }
    }

    /** 3-D convolution, BatchNorm, max pooling before a 1x1x1 residual block, and a bias-free head. */
    private static Network volumetric() {
        Layer body = Layer.Sequential.of(
                new Layer.Conv("conv", 3, 2, 3, 3, 1, 1, true),
                new Layer.BatchNorm("bn", 3, 3),
                new Layer.Relu(),
                new Layer.MaxPool(3, 2, 2, 0),
                new Layer.Residual(new Layer.Conv("res", 3, 3, 3, 1, 1, 0, false), null),
                new Layer.GlobalAvgPool(),
                new Layer.Linear("fc", 3, 2, false));
        return new Network("volumetric", body, Network.Loss.CROSS_ENTROPY,
                List.of(ParamGroup.of("body", "conv", "bn", "res"), ParamGroup.of("fc", "fc")));
    }

    private static Batch volumes(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 3;
        double[] x = new double[n * 2 * 4 * 4 * 4];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextGaussian();
        }
        return new Batch(HostTensor.of(x, n, 2, 4, 4, 4), new long[] {0, 1, 1});
    }

    private static Network network(Layer body) {
        return new Network("layers", body, Network.Loss.CROSS_ENTROPY, List.of(ParamGroup.of("all", "conv", "bn",
                "body", "fc")));
    }

    /** 3x3 convolution, stride 2, zero padding 1, with bias; input [N, C, S, S]. */
    private static double[] conv2d(double[] x, double[] w, double[] bias) {
        int cs = (S + 2 - 3) / 2 + 1;
        double[] out = new double[N * OUT * cs * cs];
        for (int n = 0; n < N; n++) {
            for (int o = 0; o < OUT; o++) {
                for (int y = 0; y < cs; y++) {
                    for (int xx = 0; xx < cs; xx++) {
                        double sum = bias[o];
                        for (int c = 0; c < C; c++) {
                            for (int ky = 0; ky < 3; ky++) {
                                for (int kx = 0; kx < 3; kx++) {
                                    int iy = y * 2 - 1 + ky;
                                    int ix = xx * 2 - 1 + kx;
                                    if (iy >= 0 && iy < S && ix >= 0 && ix < S) {
                                        sum += w[((o * C + c) * 3 + ky) * 3 + kx] * x[((n * C + c) * S + iy) * S + ix];
                                    }
                                }
                            }
                        }
                        out[((n * OUT + o) * cs + y) * cs + xx] = sum;
                    }
                }
            }
        }
        return out;
    }

    private static double[] random(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextGaussian();
        }
        return v;
    }
}
