package org.metalr.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.metalr.conformance.Close.maxRelDiff;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.HostTensor;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.ParameterUpdater;
import org.metalr.api.net.Network;
import org.metalr.models.Initializers;

/**
 * The two passes of {@link Differentiable} and the {@link Gradients} they return, on every backend:
 * gradients against central differences (float64), the loss against torch's cross-entropy, no
 * accumulation between passes, frozen parameters, dot products, the look-ahead against a pass at the
 * displaced parameters, and misuse refused before anything moves.
 */
class GradientsTest {

    private static final double STEP = 1e-6;

    /** Parameters of every kind in SmallCnn: convolutions, BatchNorm scales and shifts, the shortcut, the head. */
    private static final List<String> CHECKED = List.of("conv1.weight", "bn1.weight", "block1.conv2.weight",
            "block1.bn2.bias", "block2.conv1.weight", "block2.downsample.0.weight", "block2.bn2.weight", "fc.weight",
            "fc.bias");

    @EveryBackend
    void gradientsMatchCentralDifferencesInFloat64(String backend) {
        // two draws of weights and batch
        for (long[] seeds : new long[][] {{Cases.WEIGHT_SEED, 21}, {21, 22}}) {
            Map<String, HostTensor> theta = Initializers.randomized(Cases.NETWORK, seeds[0]);
            Batch batch = Cases.batch(seeds[1]);
            try (Differentiable m = Cases.backend(backend).create(Cases.NETWORK, theta, DType.FLOAT64);
                    Gradients g = m.gradients(batch, Cases.all(m, true))) {
                for (String name : CHECKED) {
                    double[] analytic = g.get(Cases.indexOf(m, name)).toDoubleArray();
                    for (int element : new int[] {0, analytic.length / 2, analytic.length - 1}) {
                        double plus = lossAt(m, theta, name, element, STEP, batch);
                        double minus = lossAt(m, theta, name, element, -STEP, batch);
                        double numeric = (plus - minus) / (2 * STEP);
                        assertThat(analytic[element]).as("%s weights %d: %s[%d]", backend, seeds[0], name, element)
                                .isCloseTo(numeric, within(1e-7 + 1e-6 * Math.abs(numeric)));
                    }
                }
            }
        }
    }

    /**
     * The training loss (batch statistics, so independent of the running ones) at theta with one element
     * moved, from a pass that trains nothing and so returns no gradient.
     */
    static double lossAt(Differentiable m, Map<String, HostTensor> theta, String name, int element, double delta,
            Batch batch) {
        double[] v = theta.get(name).toDoubleArray();
        v[element] += delta;
        m.loadState(Cases.with(theta, name, HostTensor.of(v, theta.get(name).shape())));
        try (Gradients g = m.gradients(batch, Cases.all(m, false))) {
            for (int p = 0; p < m.parameters().size(); p++) {
                assertThat(g.has(p)).isFalse();
            }
            return g.loss();
        } finally {
            m.loadState(theta);
        }
    }

    @EveryBackend
    void lossIsTorchCrossEntropyOfTheTrainingLogits(String backend) {
        try (Differentiable model = Cases.model(backend, DType.FLOAT64)) {
            Batch batch = Cases.batch(22);
            double[] logits = model.forward(batch.inputs(), true).toDoubleArray();
            try (Gradients g = model.gradients(batch, Cases.all(model, false))) {
                assertThat(g.loss()).isCloseTo(crossEntropy(logits, batch.labels(), Cases.CLASSES), within(1e-13));
            }
        }
    }

    /** {@code F.cross_entropy}: the mean over samples of {@code -log_softmax(logits)[label]}, computed stably. */
    static double crossEntropy(double[] logits, long[] labels, int classes) {
        double total = 0;
        for (int s = 0; s < labels.length; s++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, logits[s * classes + c]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(logits[s * classes + c] - max);
            }
            total += max + Math.log(sum) - logits[s * classes + (int) labels[s]];
        }
        return total / labels.length;
    }

    @EveryBackend
    void passesDoNotAccumulateAndGradientsOutliveParameterChanges(String backend) {
        try (Differentiable model = Cases.model(backend, DType.FLOAT64);
                ParameterUpdater sgd = model.newUpdater(OptimizerConfig.Sgd.plain())) {
            Batch batch = Cases.batch(23);
            Map<String, HostTensor> theta = model.state();
            try (Gradients first = model.gradients(batch, Cases.all(model, true))) {
                double[] g0 = first.get(0).toDoubleArray();
                try (Gradients second = model.gradients(batch, Cases.all(model, true))) {
                    assertThat(second.get(0).toDoubleArray()).containsExactly(g0);
                    assertThat(second.dotPerParameter(first)).containsExactly(first.dotPerParameter(first));
                }
                double[] lr = new double[model.parameters().size()];
                Arrays.fill(lr, 0.5);
                sgd.step(first, lr);
                sgd.step(first, lr);
                assertThat(first.get(0).toDoubleArray()).containsExactly(g0);
                // a pass at the moved parameters starts from fresh leaves: nothing flows into the first one's
                try (Gradients again = model.gradients(batch, Cases.all(model, true))) {
                    assertThat(first.get(0).toDoubleArray()).containsExactly(g0);
                    assertThat(again.get(0).toDoubleArray()).isNotEqualTo(g0);
                }
                HostTensor w = theta.get("conv1.weight");
                model.loadState(Cases.with(theta, "conv1.weight", HostTensor.of(new double[(int) w.numel()], w.shape())));
                assertThat(first.get(0).toDoubleArray()).containsExactly(g0);
            }
        }
    }

    @EveryBackend
    void frozenParametersGetNoGradientAndNoDot(String backend) {
        try (Differentiable m = Cases.model(backend, DType.FLOAT64, 41)) {
            int n = m.parameters().size();
            boolean[] trainable = Cases.all(m, true);
            trainable[0] = false;
            trainable[5] = false;
            trainable[n - 1] = false;
            Batch batch = Cases.batch(24);
            try (Gradients some = m.gradients(batch, trainable);
                    Gradients all = m.gradients(batch, Cases.all(m, true))) {
                assertThat(some.has(0)).isFalse();
                assertThat(some.has(5)).isFalse();
                assertThat(some.has(n - 1)).isFalse();
                assertThat(some.has(1)).isTrue();
                assertThatThrownBy(() -> some.get(0)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("conv1.weight");
                // freezing a parameter does not change the others' gradients
                assertThat(some.get(1).toDoubleArray()).containsExactly(all.get(1).toDoubleArray());
                assertThat(some.get(7).toDoubleArray()).containsExactly(all.get(7).toDoubleArray());
                double[] dots = some.dotPerParameter(all);
                double[] self = all.dotPerParameter(all);
                assertThat(dots[0]).isZero();
                assertThat(dots[5]).isZero();
                assertThat(dots[n - 1]).isZero();
                assertThat(dots[1]).isEqualTo(self[1]);
                double expected = 0;
                for (double v : all.get(1).toDoubleArray()) {
                    expected += v * v;
                }
                assertThat(self[1]).isCloseTo(expected, within(1e-12 * expected));
            }
            try (Gradients none = m.gradients(batch(1), Cases.all(m, false))) {
                assertThat(none.loss()).isFinite();
                for (int p = 0; p < n; p++) {
                    assertThat(none.has(p)).isFalse();
                }
            }
        }
    }

    @EveryBackend
    void dotPerParameterSumsElementwiseProducts(String backend) {
        try (Differentiable m = Cases.model(backend, DType.FLOAT64, 51);
                Gradients g = m.gradients(batch(1), Cases.all(m, true));
                Gradients h = m.gradients(batch(2), Cases.all(m, true))) {
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

    /**
     * The look-ahead gradient is the training gradient of a model placed at theta + c * direction, and
     * the look-ahead moves nothing: in both element types, with two patterns of coefficients (some zero)
     * and frozen parameters.
     */
    @EveryBackend
    void lookAheadIsTheGradientAtTheDisplacedParameters(String backend) {
        for (DType dtype : DType.values()) {
            lookAhead(backend, dtype, 7, 25, 26, p -> p == 3 ? 0.0 : -0.01 * (1 + p % 3), 2);
        }
        lookAhead(backend, DType.FLOAT64, 31, 32, 33, p -> p % 5 == 0 ? 0.0 : -0.05 * (1 + p % 3), -1);
    }

    /** @param frozen the one parameter that gets no look-ahead gradient; -1 for the last one */
    private static void lookAhead(String backend, DType dtype, long weights, long trainSeed, long validationSeed,
            java.util.function.IntToDoubleFunction coefficientOf, int frozen) {
        Network net = Cases.NETWORK;
        Map<String, HostTensor> theta = Initializers.randomized(net, weights);
        Batch train = Cases.batch(trainSeed);
        Batch validation = Cases.batch(validationSeed);
        try (Differentiable m = Cases.backend(backend).create(net, theta, dtype);
                Gradients g = m.gradients(train, Cases.all(m, true))) {
            int n = m.parameters().size();
            boolean[] trainable = Cases.all(m, true);
            trainable[frozen < 0 ? n - 1 : frozen] = false;
            double[] c = new double[n];
            for (int p = 0; p < n; p++) {
                c[p] = coefficientOf.applyAsDouble(p);
            }
            Map<String, HostTensor> before = m.state();
            try (Gradients h = m.gradientsAt(validation, g, c, trainable)) {
                assertThat(m.state()).usingRecursiveComparison().isEqualTo(before);

                Map<String, HostTensor> displaced = new java.util.LinkedHashMap<>(before);
                for (int p = 0; p < n; p++) {
                    String name = m.parameters().get(p).name();
                    double[] v = before.get(name).toDoubleArray();
                    double[] d = g.get(p).toDoubleArray();
                    for (int i = 0; i < v.length; i++) {
                        v[i] = dtype == DType.FLOAT32 ? (float) (v[i] + (float) c[p] * d[i]) : v[i] + c[p] * d[i];
                    }
                    displaced.put(name, HostTensor.of(v, before.get(name).shape()).to(dtype));
                }
                double tol = dtype == DType.FLOAT64 ? 1e-12 : 1e-4;
                try (Differentiable at = Cases.backend(backend).create(net, displaced, dtype);
                        Gradients expected = at.gradients(validation, trainable)) {
                    assertThat(h.loss()).as("%s %s look-ahead loss", backend, dtype).isCloseTo(expected.loss(),
                            within(tol));
                    for (int p = 0; p < n; p++) {
                        assertThat(h.has(p)).isEqualTo(trainable[p]);
                        if (!trainable[p]) {
                            continue;
                        }
                        String name = m.parameters().get(p).name();
                        assertThat(h.get(p).kind().name()).isEqualTo(dtype.name());
                        double[] a = h.get(p).toDoubleArray();
                        double[] b = expected.get(p).toDoubleArray();
                        for (int i = 0; i < a.length; i++) {
                            assertThat(a[i]).as("%s %s %s[%d]", backend, dtype, name, i).isCloseTo(b[i], within(tol));
                        }
                        if (dtype == DType.FLOAT64) {
                            assertThat(maxRelDiff(a, b)).as("%s %s", backend, name).isLessThan(1e-9);
                        }
                    }
                }
            }
        }
    }

    @EveryBackend
    void misuseIsRefusedBeforeAnythingMoves(String backend) {
        try (Differentiable m = Cases.model(backend, DType.FLOAT64, 71);
                Differentiable other = Cases.model(backend, DType.FLOAT64, 71);
                Gradients g = m.gradients(batch(1), Cases.all(m, true))) {
            int n = m.parameters().size();
            assertThatThrownBy(() -> m.gradients(batch(1), new boolean[n - 1]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(String.valueOf(n));
            assertThatThrownBy(() -> m.gradientsAt(batch(1), g, new double[3], new boolean[n]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("coefficients");

            // a direction from another model, even of the same network, is not this model's
            Gradients foreign = other.gradients(batch(1), Cases.all(other, true));
            assertThatThrownBy(() -> m.gradientsAt(batch(1), foreign, new double[n], Cases.all(m, true)))
                    .isInstanceOf(IllegalArgumentException.class);
            foreign.close();
            foreign.close();
            assertThatThrownBy(() -> foreign.get(1)).isInstanceOf(IllegalStateException.class);

            Map<String, HostTensor> before = m.state();
            Batch badLabel = new Batch(batch(1).inputs(), new long[] {0, 1, 3, 0});
            assertThatThrownBy(() -> m.gradients(badLabel, Cases.all(m, true)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label 3 of sample 2");
            assertThat(m.state()).usingRecursiveComparison().isEqualTo(before);
            Batch single = Cases.batch(1, 1, 1);
            assertThatThrownBy(() -> m.gradients(single, Cases.all(m, true)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bn1");
            // the model still works after the failed passes
            m.gradients(batch(1), Cases.all(m, true)).close();
        }
    }

    private static Batch batch(long seed) {
        return Cases.batch(seed);
    }
}
