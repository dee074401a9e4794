package org.metalr.javacpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.HostTensor;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.ParameterUpdater;
import org.metalr.api.TensorInfo;
import org.metalr.api.net.Network;
import org.metalr.models.Initializers;

class CppGradientsTest {

    private static final double STEP = 1e-6;

    /** Central differences of the training loss at a few elements of different kinds of parameter. */
    @Test
    void gradientMatchesFiniteDifferencesInFloat64() {
        Network net = CppFixtures.smallCnn();
        Map<String, HostTensor> theta = Initializers.randomized(net, 21);
        Batch batch = CppFixtures.batch(22);
        try (Differentiable m = CppFixtures.BACKEND.create(net, theta, DType.FLOAT64);
                Gradients g = m.gradients(batch, CppFixtures.all(m, true))) {
            List<TensorInfo> params = m.parameters();
            for (String name : List.of("conv1.weight", "bn1.weight", "block1.conv2.weight", "block1.bn2.bias",
                    "block2.downsample.0.weight", "block2.bn2.weight", "fc.weight", "fc.bias")) {
                int p = indexOf(params, name);
                double[] analytic = g.get(p).toDoubleArray();
                for (int element : new int[] {0, analytic.length / 2, analytic.length - 1}) {
                    double plus = lossAt(m, theta, name, element, STEP, batch);
                    double minus = lossAt(m, theta, name, element, -STEP, batch);
                    double numeric = (plus - minus) / (2 * STEP);
                    assertThat(analytic[element]).as("%s[%d]", name, element)
                            .isCloseTo(numeric, within(1e-7 + 1e-6 * Math.abs(numeric)));
                }
            }
        }
    }

    /** The look-ahead gradient is the training gradient of a model placed at theta + c * direction. */
    @Test
    void gradientsAtIsTheGradientAtTheDisplacedParameters() {
        Network net = CppFixtures.smallCnn();
        Map<String, HostTensor> theta = Initializers.randomized(net, 31);
        Batch train = CppFixtures.batch(32);
        Batch validation = CppFixtures.batch(33);
        try (Differentiable m = CppFixtures.BACKEND.create(net, theta, DType.FLOAT64);
                Gradients g = m.gradients(train, CppFixtures.all(m, true))) {
            Map<String, HostTensor> before = m.state();
            int n = m.parameters().size();
            double[] c = new double[n];
            for (int p = 0; p < n; p++) {
                c[p] = p % 5 == 0 ? 0.0 : -0.05 * (1 + p % 3);
            }
            boolean[] trainable = CppFixtures.all(m, true);
            trainable[n - 1] = false;
            try (Gradients h = m.gradientsAt(validation, g, c, trainable)) {
                assertThat(m.state()).usingRecursiveComparison().isEqualTo(before);

                Map<String, HostTensor> displaced = CppFixtures.copy(before);
                for (int p = 0; p < n; p++) {
                    String name = m.parameters().get(p).name();
                    double[] v = before.get(name).toDoubleArray();
                    double[] d = g.get(p).toDoubleArray();
                    for (int i = 0; i < v.length; i++) {
                        v[i] += c[p] * d[i];
                    }
                    displaced.put(name, HostTensor.of(v, before.get(name).shape()));
                }
                try (Differentiable at = CppFixtures.BACKEND.create(net, displaced, DType.FLOAT64);
                        Gradients expected = at.gradients(validation, trainable)) {
                    assertThat(h.loss()).isCloseTo(expected.loss(), within(1e-12));
                    for (int p = 0; p < n; p++) {
                        assertThat(h.has(p)).isEqualTo(trainable[p]);
                        if (trainable[p]) {
                            assertThat(CppFixtures.maxRelDiff(h.get(p).toDoubleArray(),
                                    expected.get(p).toDoubleArray())).as(m.parameters().get(p).name()).isLessThan(1e-9);
                        }
                    }
                }
            }
        }
    }

    @Test
    void untrainedParametersGetNoGradientAndNoDot() {
        try (Differentiable m = CppFixtures.smallCnn(DType.FLOAT64, 41)) {
            boolean[] trainable = CppFixtures.all(m, true);
            trainable[0] = false;
            trainable[5] = false;
            try (Gradients g = m.gradients(CppFixtures.batch(1), trainable);
                    Gradients all = m.gradients(CppFixtures.batch(1), CppFixtures.all(m, true))) {
                assertThat(g.has(0)).isFalse();
                assertThat(g.has(5)).isFalse();
                assertThat(g.has(1)).isTrue();
                assertThatThrownBy(() -> g.get(0)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("conv1.weight");
                double[] dots = g.dotPerParameter(all);
                assertThat(dots[0]).isZero();
                assertThat(dots[5]).isZero();
                // freezing a parameter does not change the others' gradients
                assertThat(g.get(7).toDoubleArray()).containsExactly(all.get(7).toDoubleArray());
            }
            try (Gradients none = m.gradients(CppFixtures.batch(1), CppFixtures.all(m, false))) {
                assertThat(none.loss()).isFinite();
                for (int p = 0; p < m.parameters().size(); p++) {
                    assertThat(none.has(p)).isFalse();
                }
            }
        }
    }

    @Test
    void dotPerParameterSumsElementwiseProducts() {
        try (Differentiable m = CppFixtures.smallCnn(DType.FLOAT64, 51);
                Gradients g = m.gradients(CppFixtures.batch(1), CppFixtures.all(m, true));
                Gradients h = m.gradients(CppFixtures.batch(2), CppFixtures.all(m, true))) {
            double[] dots = g.dotPerParameter(h);
            for (int p = 0; p < dots.length; p++) {
                double[] a = g.get(p).toDoubleArray();
                double[] b = h.get(p).toDoubleArray();
                double sum = 0;
                for (int i = 0; i < a.length; i++) {
                    sum += a[i] * b[i];
                }
                assertThat(dots[p]).isCloseTo(sum, within(1e-14 + 1e-12 * Math.abs(sum)));
            }
        }
    }

    @Test
    void gradientsSurviveLaterParameterUpdates() {
        try (Differentiable m = CppFixtures.smallCnn(DType.FLOAT64, 61);
                Gradients g = m.gradients(CppFixtures.batch(1), CppFixtures.all(m, true));
                ParameterUpdater sgd = m.newUpdater(OptimizerConfig.Sgd.plain())) {
            double[] before = g.get(0).toDoubleArray();
            double[] lr = new double[m.parameters().size()];
            java.util.Arrays.fill(lr, 0.5);
            sgd.step(g, lr);
            sgd.step(g, lr);
            assertThat(g.get(0).toDoubleArray()).containsExactly(before);
            // and a second pass starts from fresh leaves: no accumulation into the first one's gradients
            try (Gradients again = m.gradients(CppFixtures.batch(1), CppFixtures.all(m, true))) {
                assertThat(g.get(0).toDoubleArray()).containsExactly(before);
                assertThat(again.get(0).toDoubleArray()).isNotEqualTo(before);
            }
        }
    }

    @Test
    void rejectsMisfitArguments() {
        try (Differentiable m = CppFixtures.smallCnn(DType.FLOAT64, 71);
                Gradients g = m.gradients(CppFixtures.batch(1), CppFixtures.all(m, true))) {
            int n = m.parameters().size();
            assertThatThrownBy(() -> m.gradients(CppFixtures.batch(1), new boolean[n - 1]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(String.valueOf(n));
            assertThatThrownBy(() -> m.gradientsAt(CppFixtures.batch(1), g, new double[3], new boolean[n]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("coefficients");
            Map<String, HostTensor> before = m.state();
            Batch badLabel = new Batch(CppFixtures.batch(1).inputs(), new long[] {0, 1, 3, 0});
            assertThatThrownBy(() -> m.gradients(badLabel, CppFixtures.all(m, true)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label 3 of sample 2");
            assertThat(m.state()).usingRecursiveComparison().isEqualTo(before);
            Batch single = CppFixtures.batch(1, 1, CppFixtures.CHANNELS, 1);
            assertThatThrownBy(() -> m.gradients(single, CppFixtures.all(m, true)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bn1");
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
        } finally {
            m.loadState(theta);
        }
    }

    static int indexOf(List<TensorInfo> params, String name) {
        for (int p = 0; p < params.size(); p++) {
            if (params.get(p).name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException(name);
    }
}
