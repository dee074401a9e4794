package org.metalr.javacpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.HostTensor;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.ParameterUpdater;
import org.metalr.api.TensorInfo;
import org.metalr.api.net.Network;
import org.metalr.models.Initializers;

/** SGD and Adam against a plain-Java transcription of torch.optim's single-tensor updates. */
class CppUpdaterTest {

    private static final int STEPS = 4;

    static List<OptimizerConfig> configs() {
        return List.of(
                OptimizerConfig.Sgd.plain(),
                new OptimizerConfig.Sgd(0.9, 0.1, false, 1e-2),
                new OptimizerConfig.Sgd(0.8, 0.0, true, 1e-3),
                new OptimizerConfig.Adam(0.9, 0.999, 1e-8, 0.0),
                OptimizerConfig.Adam.withWeightDecay(1e-2),
                new OptimizerConfig.Adam(0.5, 0.9, 1e-3, 1e-3));
    }

    @ParameterizedTest
    @MethodSource("configs")
    void matchesTorchOptimSemantics(OptimizerConfig config) {
        Network net = CppFixtures.normHead(3);
        try (Differentiable m = CppFixtures.BACKEND.create(net, Initializers.randomized(net, 13), DType.FLOAT64);
                ParameterUpdater updater = m.newUpdater(config)) {
            assertThat(updater.config()).isEqualTo(config);
            List<TensorInfo> params = m.parameters();
            Reference reference = new Reference(config, params.size());
            for (int step = 0; step < STEPS; step++) {
                // bn.weight and fc.bias sit out the first step: their state starts at the second
                boolean[] trainable = CppFixtures.all(m, true);
                if (step == 0) {
                    trainable[0] = false;
                    trainable[3] = false;
                }
                double[] lr = new double[params.size()];
                for (int p = 0; p < lr.length; p++) {
                    lr[p] = 0.01 * (1 + p) * (1 + 0.5 * step);
                }
                Map<String, HostTensor> before = m.state();
                try (Gradients g = m.gradients(CppFixtures.batch(100 + step, 4, 3, 5), trainable)) {
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
                        reference.update(p, theta, g.get(p).toDoubleArray(), lr[p]);
                        assertThat(CppFixtures.maxRelDiff(got, theta)).as("%s step %d", name, step)
                                .isLessThan(1e-12);
                    }
                }
            }
        }
    }

    @Test
    void rejectsForeignOrMisfitArguments() {
        Network net = CppFixtures.normHead(3);
        try (Differentiable m = CppFixtures.BACKEND.create(net, Initializers.randomized(net, 1), DType.FLOAT64);
                Differentiable other = CppFixtures.smallCnn(DType.FLOAT64, 1);
                ParameterUpdater sgd = m.newUpdater(OptimizerConfig.Sgd.plain());
                Gradients foreign = other.gradients(CppFixtures.batch(1), CppFixtures.all(other, true));
                Gradients own = m.gradients(CppFixtures.batch(1, 4, 3, 5), CppFixtures.all(m, true))) {
            assertThatThrownBy(() -> sgd.step(foreign, new double[4])).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> sgd.step(own, new double[3])).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("4");
        }
    }

    @Test
    void float32UpdatesTrackTheFloat64Ones() {
        Network net = CppFixtures.normHead(3);
        Map<String, HostTensor> theta = Initializers.randomized(net, 17);
        OptimizerConfig adam = OptimizerConfig.Adam.withWeightDecay(1e-4);
        double[][] results = new double[2][];
        DType[] types = {DType.FLOAT32, DType.FLOAT64};
        for (int t = 0; t < 2; t++) {
            try (Differentiable m = CppFixtures.BACKEND.create(net, theta, types[t]);
                    ParameterUpdater u = m.newUpdater(adam)) {
                for (int step = 0; step < 3; step++) {
                    try (Gradients g = m.gradients(CppFixtures.batch(200 + step, 4, 3, 5), CppFixtures.all(m, true))) {
                        u.step(g, new double[] {0.01, 0.01, 0.01, 0.01});
                    }
                }
                HostTensor w = m.state().get("fc.weight");
                assertThat(w.kind().name()).isEqualTo(types[t].name());
                results[t] = w.toDoubleArray();
            }
        }
        assertThat(CppFixtures.maxRelDiff(results[0], results[1])).isLessThan(1e-4);
    }

    /** torch.optim.SGD / torch.optim.Adam (PyTorch 1.13, single tensor, no amsgrad) in Java doubles. */
    private static final class Reference {
        private final OptimizerConfig config;
        private final double[][] buffer;
        private final double[][] m;
        private final double[][] v;
        private final long[] steps;

        Reference(OptimizerConfig config, int n) {
            this.config = config;
            this.buffer = new double[n][];
            this.m = new double[n][];
            this.v = new double[n][];
            this.steps = new long[n];
        }

        /** Moves {@code theta} in place. */
        void update(int p, double[] theta, double[] grad, double lr) {
            if (config instanceof OptimizerConfig.Sgd sgd) {
                sgd(sgd, p, theta, grad, lr);
            } else {
                adam((OptimizerConfig.Adam) config, p, theta, grad, lr);
            }
        }

        private void sgd(OptimizerConfig.Sgd c, int p, double[] theta, double[] grad, double lr) {
            double[] d = new double[theta.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = grad[i] + c.weightDecay() * theta[i];
            }
            if (c.momentum() != 0) {
                if (buffer[p] == null) {
                    buffer[p] = d.clone();
                } else {
                    for (int i = 0; i < d.length; i++) {
                        buffer[p][i] = buffer[p][i] * c.momentum() + (1 - c.dampening()) * d[i];
                    }
                }
                for (int i = 0; i < d.length; i++) {
                    d[i] = c.nesterov() ? d[i] + c.momentum() * buffer[p][i] : buffer[p][i];
                }
            }
            for (int i = 0; i < d.length; i++) {
                theta[i] -= lr * d[i];
            }
        }

        private void adam(OptimizerConfig.Adam c, int p, double[] theta, double[] grad, double lr) {
            if (m[p] == null) {
                m[p] = new double[theta.length];
                v[p] = new double[theta.length];
            }
            long step = ++steps[p];
            double bias1 = 1 - Math.pow(c.beta1(), step);
            double bias2 = 1 - Math.pow(c.beta2(), step);
            double stepSize = lr / bias1;
            for (int i = 0; i < theta.length; i++) {
                double g = grad[i] + c.weightDecay() * theta[i];
                m[p][i] = m[p][i] * c.beta1() + (1 - c.beta1()) * g;
                v[p][i] = v[p][i] * c.beta2() + (1 - c.beta2()) * g * g;
                double denom = Math.sqrt(v[p][i]) / Math.sqrt(bias2) + c.eps();
                theta[i] -= stepSize * m[p][i] / denom;
            }
        }
    }
}
