package org.metalr.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.HostTensor;
import org.metalr.api.TensorInfo;

class DjlGradientsTest {

    @Test
    void gradientsMatchCentralDifferences() {
        try (Differentiable model = DjlFixtures.smallCnn(DType.FLOAT64)) {
            List<TensorInfo> params = model.parameters();
            int n = params.size();
            Batch batch = DjlFixtures.batch(21);
            Map<String, HostTensor> theta = model.state();
            double[][] analytic = new double[n][];
            try (Gradients g = model.gradients(batch, DjlFixtures.all(n, true))) {
                for (int p = 0; p < n; p++) {
                    analytic[p] = g.get(p).toDoubleArray();
                }
            }
            double h = 1e-6;
            for (String name : List.of("conv1.weight", "bn1.weight", "block1.bn2.bias", "block2.conv1.weight",
                    "block2.downsample.0.weight", "fc.weight", "fc.bias")) {
                int p = indexOf(params, name);
                double[] base = theta.get(name).toDoubleArray();
                for (int i : new int[] {0, base.length / 2, base.length - 1}) {
                    double plus = lossWith(model, theta, name, base, i, h, batch);
                    double minus = lossWith(model, theta, name, base, i, -h, batch);
                    double numeric = (plus - minus) / (2 * h);
                    assertThat(analytic[p][i]).as("%s[%d]", name, i)
                            .isCloseTo(numeric, within(1e-7 + 1e-5 * Math.abs(numeric)));
                }
            }
        }
    }

    /** Training loss (batch statistics, so independent of the running stats) at theta with one entry moved. */
    private static double lossWith(Differentiable model, Map<String, HostTensor> theta, String name, double[] base,
            int i, double delta, Batch batch) {
        double[] moved = base.clone();
        moved[i] += delta;
        model.loadState(DjlFixtures.with(theta, name, HostTensor.of(moved, theta.get(name).shape())));
        try (Gradients g = model.gradients(batch, DjlFixtures.all(model.parameters().size(), false))) {
            for (int p = 0; p < model.parameters().size(); p++) {
                assertThat(g.has(p)).isFalse();
            }
            return g.loss();
        }
    }

    @Test
    void lossIsTorchCrossEntropyOfTheTrainingLogits() {
        try (Differentiable model = DjlFixtures.smallCnn(DType.FLOAT64)) {
            Batch batch = DjlFixtures.batch(22);
            double[] logits = model.forward(batch.inputs(), true).toDoubleArray();
            int k = DjlFixtures.CLASSES;
            double expected = 0;
            for (int s = 0; s < batch.size(); s++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    max = Math.max(max, logits[s * k + c]);
                }
                double sum = 0;
                for (int c = 0; c < k; c++) {
                    sum += Math.exp(logits[s * k + c] - max);
                }
                expected -= logits[s * k + (int) batch.labels()[s]] - max - Math.log(sum);
            }
            expected /= batch.size();
            try (Gradients g = model.gradients(batch, DjlFixtures.all(model.parameters().size(), false))) {
                assertThat(g.loss()).isCloseTo(expected, within(1e-13));
            }
        }
    }

    @Test
    void consecutivePassesDoNotAccumulateAndResultsOutliveParameterChanges() {
        try (Differentiable model = DjlFixtures.smallCnn(DType.FLOAT64)) {
            int n = model.parameters().size();
            Batch batch = DjlFixtures.batch(23);
            Map<String, HostTensor> theta = model.state();
            try (Gradients first = model.gradients(batch, DjlFixtures.all(n, true))) {
                double[] g0 = first.get(0).toDoubleArray();
                try (Gradients second = model.gradients(batch, DjlFixtures.all(n, true))) {
                    assertThat(second.get(0).toDoubleArray()).containsExactly(g0);
                    assertThat(second.dotPerParameter(first)).containsExactly(first.dotPerParameter(first));
                }
                model.loadState(DjlFixtures.with(theta, "conv1.weight",
                        HostTensor.of(new double[theta.get("conv1.weight").toDoubleArray().length],
                                theta.get("conv1.weight").shape())));
                assertThat(first.get(0).toDoubleArray()).containsExactly(g0);
            }
        }
    }

    @Test
    void frozenParametersGetNoGradientAndDotsAreZeroThere() {
        try (Differentiable model = DjlFixtures.smallCnn(DType.FLOAT64)) {
            int n = model.parameters().size();
            boolean[] trainable = DjlFixtures.all(n, true);
            trainable[0] = false;
            trainable[n - 1] = false;
            Batch batch = DjlFixtures.batch(24);
            try (Gradients all = model.gradients(batch, DjlFixtures.all(n, true));
                    Gradients some = model.gradients(batch, trainable)) {
                assertThat(some.has(0)).isFalse();
                assertThat(some.has(1)).isTrue();
                assertThat(some.get(1).toDoubleArray()).containsExactly(all.get(1).toDoubleArray());
                assertThatThrownBy(() -> some.get(0)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("conv1.weight");
                double[] dots = some.dotPerParameter(all);
                double[] self = all.dotPerParameter(all);
                assertThat(dots[0]).isZero();
                assertThat(dots[n - 1]).isZero();
                assertThat(dots[1]).isEqualTo(self[1]);
                double[] g1 = all.get(1).toDoubleArray();
                double expected = 0;
                for (double v : g1) {
                    expected += v * v;
                }
                assertThat(self[1]).isCloseTo(expected, within(1e-12 * expected));
            }
        }
    }

    @Test
    void lookAheadIsTheGradientAtTheDisplacedParameters() {
        for (DType dtype : DType.values()) {
            try (Differentiable model = DjlFixtures.smallCnn(dtype)) {
                int n = model.parameters().size();
                Batch train = DjlFixtures.batch(25);
                Batch val = DjlFixtures.batch(26);
                boolean[] trainable = DjlFixtures.all(n, true);
                trainable[2] = false;
                double[] coefficient = new double[n];
                for (int p = 0; p < n; p++) {
                    coefficient[p] = p == 3 ? 0.0 : -0.01 * (1 + p % 3);
                }
                Map<String, HostTensor> theta = model.state();
                try (Gradients g = model.gradients(train, DjlFixtures.all(n, true));
                        Gradients h = model.gradientsAt(val, g, coefficient, trainable)) {
                    assertThat(model.state().get("fc.weight").toDoubleArray())
                            .containsExactly(theta.get("fc.weight").toDoubleArray());
                    Map<String, HostTensor> moved = new java.util.LinkedHashMap<>(model.state());
                    for (int p = 0; p < n; p++) {
                        String name = model.parameters().get(p).name();
                        double[] t = moved.get(name).toDoubleArray();
                        double[] d = g.get(p).toDoubleArray();
                        for (int i = 0; i < t.length; i++) {
                            t[i] = dtype == DType.FLOAT32 ? (float) (t[i] + (float) coefficient[p] * d[i])
                                    : t[i] + coefficient[p] * d[i];
                        }
                        moved.put(name, HostTensor.of(t, moved.get(name).shape()).to(dtype));
                    }
                    model.loadState(moved);
                    double tol = dtype == DType.FLOAT64 ? 1e-12 : 1e-4;
                    try (Gradients direct = model.gradients(val, trainable)) {
                        assertThat(h.loss()).isCloseTo(direct.loss(), within(tol));
                        for (int p = 0; p < n; p++) {
                            assertThat(h.has(p)).isEqualTo(trainable[p]);
                            if (trainable[p]) {
                                assertThat(h.get(p).kind().name()).isEqualTo(dtype.name());
                                double[] a = h.get(p).toDoubleArray();
                                double[] b = direct.get(p).toDoubleArray();
                                for (int i = 0; i < a.length; i++) {
                                    assertThat(a[i]).as("%s %d[%d]", dtype, p, i).isCloseTo(b[i], within(tol));
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void passesWorkWhateverTheThreadsGradModeAndRestoreIt() {
        try (Differentiable model = DjlFixtures.smallCnn(DType.FLOAT64)) {
            int n = model.parameters().size();
            Batch batch = DjlFixtures.batch(28);
            boolean original = JniUtils.isGradMode();
            double[] reference = null;
            try {
                for (boolean mode : new boolean[] {false, true}) {
                    JniUtils.setGradMode(mode);
                    try (Gradients g = model.gradients(batch, DjlFixtures.all(n, true))) {
                        assertThat(JniUtils.isGradMode()).isEqualTo(mode);
                        if (reference == null) {
                            reference = g.get(3).toDoubleArray();
                        } else {
                            assertThat(g.get(3).toDoubleArray()).containsExactly(reference);
                        }
                    }
                    model.forward(batch.inputs(), true);
                    assertThat(JniUtils.isGradMode()).isEqualTo(mode);
                }
            } finally {
                JniUtils.setGradMode(original);
            }
        }
    }

    @Test
    void misuseIsRejected() {
        try (Differentiable model = DjlFixtures.smallCnn(DType.FLOAT32);
                Differentiable other = DjlFixtures.smallCnn(DType.FLOAT32)) {
            int n = model.parameters().size();
            Batch batch = DjlFixtures.batch(27);
            assertThatThrownBy(() -> model.gradients(batch, new boolean[n - 1]))
                    .isInstanceOf(IllegalArgumentException.class);
            Gradients foreign = other.gradients(batch, DjlFixtures.all(n, true));
            assertThatThrownBy(() -> model.gradientsAt(batch, foreign, new double[n], DjlFixtures.all(n, true)))
                    .isInstanceOf(IllegalArgumentException.class);
            foreign.close();
            foreign.close();
            assertThatThrownBy(() -> foreign.get(1)).isInstanceOf(IllegalStateException.class);
            Batch badLabel = new Batch(batch.inputs(), new long[] {0, 1, 2, DjlFixtures.CLASSES});
            assertThatThrownBy(() -> model.gradients(badLabel, DjlFixtures.all(n, true)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label 3");
            // the model still works after the failed pass
            model.gradients(batch, DjlFixtures.all(n, true)).close();
        }
    }

    private static int indexOf(List<TensorInfo> params, String name) {
        for (int p = 0; p < params.size(); p++) {
            if (params.get(p).name().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no parameter " + name + " in " + Arrays.toString(params.toArray()));
    }
}
