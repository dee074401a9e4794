package org.metalr.javacpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.HostTensor;
import org.metalr.api.ParamGroup;
import org.metalr.api.net.Layer;
import org.metalr.api.net.Network;
import org.metalr.models.Initializers;

/** The layers SmallCnn does not use: 3-D convolution, BatchNorm and max pooling, and biased convolutions. */
class CppLayersTest {

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

    @Test
    void volumetricNetworkRunsAndDifferentiates() {
        Network net = volumetric();
        Map<String, HostTensor> theta = Initializers.randomized(net, 5);
        Batch batch = volumes(6);
        try (Differentiable m = CppFixtures.BACKEND.create(net, theta, DType.FLOAT64);
                Gradients g = m.gradients(batch, CppFixtures.all(m, true))) {
            assertThat(m.forward(batch.inputs(), false).shape()).containsExactly(3, 2);
            assertThat(m.state().get("bn.num_batches_tracked").toLongArray()).containsExactly(1L);
            double step = 1e-6;
            for (String name : List.of("conv.weight", "conv.bias", "bn.weight", "res.weight", "fc.weight")) {
                int p = CppGradientsTest.indexOf(m.parameters(), name);
                double[] analytic = g.get(p).toDoubleArray();
                int element = analytic.length / 3;
                double numeric = (lossAt(m, theta, name, element, step, batch)
                        - lossAt(m, theta, name, element, -step, batch)) / (2 * step);
                assertThat(analytic[element]).as(name).isCloseTo(numeric, within(1e-7 + 1e-6 * Math.abs(numeric)));
            }
        }
    }

    private static double lossAt(Differentiable m, Map<String, HostTensor> theta, String name, int element,
            double delta, Batch batch) {
        Map<String, HostTensor> moved = CppFixtures.copy(theta);
        double[] v = theta.get(name).toDoubleArray();
        v[element] += delta;
        moved.put(name, HostTensor.of(v, theta.get(name).shape()));
        m.loadState(moved);
        try (Gradients g = m.gradients(batch, CppFixtures.all(m, false))) {
            return g.loss();
        }
    }
}
