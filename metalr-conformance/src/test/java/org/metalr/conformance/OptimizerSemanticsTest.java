package org.metalr.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.metalr.conformance.Close.assertClose;
import static org.metalr.conformance.Close.maxRelDiff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.GroupLayout;
import org.metalr.api.HostTensor;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.ParameterUpdater;
import org.metalr.api.TensorInfo;
import org.metalr.api.net.Network;
import org.metalr.core.PlainStep;
import org.metalr.models.Initializers;

/**
 * Each backend's SGD and Adam follow torch.optim exactly, against {@link ReferenceOptimizer} with the
 * gradients taken from the same backend at the same parameters: three steps with per-group learning
 * rates (float64); four steps with a parameter frozen throughout and one sitting a step out (both
 * element types); every step of four on a network small enough to check by hand, with parameters that
 * join at the second step. Moments survive learning-rate changes, skipped parameters keep their state,
 * frozen ones never move, and float32 tracks float64.
 */
class OptimizerSemanticsTest {

    private static final double[] LRS = {1e-3, 3e-3, 1e-2, 3e-2};

    static Stream<Arguments> cases() {
        List<OptimizerConfig> configs = List.of(
                OptimizerConfig.Sgd.plain(),
                new OptimizerConfig.Sgd(0.9, 0.0, false, 0.0),
                new OptimizerConfig.Sgd(0.9, 0.3, false, 1e-2),
                new OptimizerConfig.Sgd(0.8, 0.0, true, 5e-4),
                OptimizerConfig.Adam.withWeightDecay(0.0),
                new OptimizerConfig.Adam(0.8, 0.99, 1e-6, 1e-2));
        return Cases.backends().flatMap(b -> configs.stream().map(c -> Arguments.of(b, c)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void threeStepsFollowTorchOptim(String backend, OptimizerConfig config) {
        try (Differentiable model = Cases.model(backend, DType.FLOAT64);
                Differentiable probe = Cases.model(backend, DType.FLOAT64);
                PlainStep step = new PlainStep(model, Cases.NETWORK.groups(), LRS, config)) {
            GroupLayout layout = GroupLayout.resolve(Cases.NETWORK.groups(), model.parameters());
            List<ReferenceOptimizer> reference = new ArrayList<>();
            for (int p = 0; p < model.parameters().size(); p++) {
                reference.add(new ReferenceOptimizer(config));
            }
            for (int t = 1; t <= 3; t++) {
                Map<String, HostTensor> before = model.state();
                probe.loadState(before);
                List<double[]> grads = new ArrayList<>();
                try (Gradients g = probe.gradients(Cases.trainBatch(t), layout.trainableMask())) {
                    for (int p = 0; p < model.parameters().size(); p++) {
                        grads.add(g.get(p).toDoubleArray());
                    }
                }
                step.step(Cases.trainBatch(t));
                Map<String, HostTensor> after = model.state();
                for (int p = 0; p < model.parameters().size(); p++) {
                    String name = model.parameters().get(p).name();
                    double[] expected = before.get(name).toDoubleArray();
                    reference.get(p).step(expected, grads.get(p), LRS[layout.groupOf(p)]);
                    assertClose(after.get(name).toDoubleArray(), expected, 1e-11, 1e-15,
                            config + " step " + t + " " + name);
                }
            }
        }
    }

    static Stream<Arguments> skipCases() {
        List<OptimizerConfig> configs = List.of(
                OptimizerConfig.Sgd.plain(),
                new OptimizerConfig.Sgd(0.9, 0.1, false, 1e-3),
                new OptimizerConfig.Sgd(0.8, 0.0, true, 1e-4),
                OptimizerConfig.Adam.withWeightDecay(1e-4),
                new OptimizerConfig.Adam(0.8, 0.99, 1e-6, 0));
        return Cases.backends().flatMap(b -> configs.stream().flatMap(c -> Arrays.stream(DType.values())
                .map(d -> Arguments.of(b, c, d))));
    }

    /** SmallCnn: the first parameter frozen throughout, the last one sitting out the second of four steps. */
    @ParameterizedTest(name = "{0}: {1} {2}")
    @MethodSource("skipCases")
    void frozenAndSkippedParametersKeepTheirState(String backend, OptimizerConfig config, DType dtype) {
        try (Differentiable model = Cases.model(backend, dtype);
                ParameterUpdater updater = model.newUpdater(config)) {
            assertThat(updater.config()).isEqualTo(config);
            int n = model.parameters().size();
            Map<String, HostTensor> initial = model.state();
            double[][] expected = new double[n][];
            List<ReferenceOptimizer> reference = new ArrayList<>();
            for (int p = 0; p < n; p++) {
                expected[p] = initial.get(model.parameters().get(p).name()).toDoubleArray();
                reference.add(new ReferenceOptimizer(config));
            }
            for (int step = 0; step < 4; step++) {
                boolean[] trainable = Cases.all(model, true);
                trainable[0] = false;
                trainable[n - 1] = step != 1;
                double[] lr = new double[n];
                for (int p = 0; p < n; p++) {
                    lr[p] = 0.01 * (1 + p % 4) / (1 + step);
                }
                try (Gradients g = model.gradients(Cases.batch(100 + step), trainable)) {
                    for (int p = 0; p < n; p++) {
                        if (g.has(p)) {
                            reference.get(p).step(expected[p], g.get(p).toDoubleArray(), lr[p]);
                        }
                    }
                    updater.step(g, lr);
                }
            }
            Map<String, HostTensor> after = model.state();
            double tol = dtype == DType.FLOAT64 ? 1e-12 : 2e-6;
            for (int p = 0; p < n; p++) {
                String name = model.parameters().get(p).name();
                assertThat(after.get(name).kind().name()).isEqualTo(dtype.name());
                double[] actual = after.get(name).toDoubleArray();
                for (int i = 0; i < actual.length; i++) {
                    assertThat(actual[i]).as("%s %s %s %s[%d]", backend, config, dtype, name, i)
                            .isCloseTo(expected[p][i], within(tol * (1 + Math.abs(expected[p][i]))));
                }
            }
            String first = model.parameters().get(0).name();
            assertThat(after.get(first).toDoubleArray()).containsExactly(initial.get(first).toDoubleArray());
        }
    }

    static Stream<Arguments> perStepCases() {
        List<OptimizerConfig> configs = List.of(
                OptimizerConfig.Sgd.plain(),
                new OptimizerConfig.Sgd(0.9, 0.1, false, 1e-2),
                new OptimizerConfig.Sgd(0.8, 0.0, true, 1e-3),
                new OptimizerConfig.Adam(0.9, 0.999, 1e-8, 0.0),
                OptimizerConfig.Adam.withWeightDecay(1e-2),
                new OptimizerConfig.Adam(0.5, 0.9, 1e-3, 1e-3));
        return Cases.backends().flatMap(b -> configs.stream().map(c -> Arguments.of(b, c)));
    }

    /** Every step of four on {@link Cases#normHead}; bn.weight and fc.bias join at the second step. */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("perStepCases")
    void everyStepFollowsTorchOptim(String backend, OptimizerConfig config) {
        Network net = Cases.normHead(3);
        try (Differentiable m = Cases.backend(backend).create(net, Initializers.randomized(net, 13), DType.FLOAT64);
                ParameterUpdater updater = m.newUpdater(config)) {
            assertThat(updater.config()).isEqualTo(config);
            List<TensorInfo> params = m.parameters();
            List<ReferenceOptimizer> reference = new ArrayList<>();
            for (int p = 0; p < params.size(); p++) {
                reference.add(new ReferenceOptimizer(config));
            }
            for (int step = 0; step < 4; step++) {
                boolean[] trainable = Cases.all(m, true);
                if (step == 0) {
                    trainable[0] = false;
                    trainable[3] = false;
                }
                double[] lr = new double[params.size()];
                for (int p = 0; p < lr.length; p++) {
                    lr[p] = 0.01 * (1 + p) * (1 + 0.5 * step);
                }
                Map<String, HostTensor> before = m.state();
                try (Gradients g = m.gradients(Cases.batch(100 + step, 4, 3, 5), trainable)) {
                    updater.step(g, lr);
                    Map<String, HostTensor> after = m.state();
                    for (int p = 0; p < params.size(); p++) {
                        String name = params.get(p).name();
                        double[] theta = before.get(name).toDoubleArray();
                        double[] got = after.get(name).toDoubleArray();
                        if (!trainable[p]) {
                            assertThat(got).as("frozen %s", name).containsExactly(theta);
                            continue;
                        }
                        reference.get(p).step(theta, g.get(p).toDoubleArray(), lr[p]);
                        assertThat(maxRelDiff(got, theta)).as("%s %s step %d", backend, name, step).isLessThan(1e-12);
                    }
                }
            }
        }
    }

    @EveryBackend
    void float32UpdatesTrackTheFloat64Ones(String backend) {
        Network net = Cases.normHead(3);
        Map<String, HostTensor> theta = Initializers.randomized(net, 17);
        OptimizerConfig adam = OptimizerConfig.Adam.withWeightDecay(1e-4);
        double[][] results = new double[2][];
        DType[] types = {DType.FLOAT32, DType.FLOAT64};
        for (int t = 0; t < 2; t++) {
            try (Differentiable m = Cases.backend(backend).create(net, theta, types[t]);
                    ParameterUpdater u = m.newUpdater(adam)) {
                for (int step = 0; step < 3; step++) {
                    try (Gradients g = m.gradients(Cases.batch(200 + step, 4, 3, 5), Cases.all(m, true))) {
                        u.step(g, new double[] {0.01, 0.01, 0.01, 0.01});
                    }
                }
                HostTensor w = m.state().get("fc.weight");
                assertThat(w.kind().name()).isEqualTo(types[t].name());
                results[t] = w.toDoubleArray();
            }
        }
        assertThat(maxRelDiff(results[0], results[1])).isLessThan(1e-4);
    }

    @EveryBackend
    void rejectsForeignOrMisfitArguments(String backend) {
        Network net = Cases.normHead(3);
        try (Differentiable m = Cases.backend(backend).create(net, Initializers.randomized(net, 1), DType.FLOAT64);
                Differentiable other = Cases.model(backend, DType.FLOAT64, 1);
                ParameterUpdater sgd = m.newUpdater(OptimizerConfig.Sgd.plain());
                Gradients foreign = other.gradients(Cases.batch(1), Cases.all(other, true));
                Gradients own = m.gradients(Cases.batch(1, 4, 3, 5), Cases.all(m, true))) {
            assertThatThrownBy(() -> sgd.step(foreign, new double[4])).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> sgd.step(own, new double[3])).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("4");
        }
    }
}
