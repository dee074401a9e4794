package org.metalr.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.HostTensor;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.ParameterUpdater;

/** The optimizers against a plain-Java, double-precision transcription of torch.optim. */
class DjlUpdaterTest {

    private static final int STEPS = 4;

    @Test
    void sgdVariantsMatchTorchOptim() {
        for (OptimizerConfig.Sgd config : new OptimizerConfig.Sgd[] {
                OptimizerConfig.Sgd.plain(),
                new OptimizerConfig.Sgd(0.9, 0.1, false, 1e-3),
                new OptimizerConfig.Sgd(0.8, 0.0, true, 1e-4)}) {
            for (DType dtype : DType.values()) {
                check(config, dtype);
            }
        }
    }

    @Test
    void adamMatchesTorchOptim() {
        for (OptimizerConfig.Adam config : new OptimizerConfig.Adam[] {
                OptimizerConfig.Adam.withWeightDecay(1e-4), new OptimizerConfig.Adam(0.8, 0.99, 1e-6, 0)}) {
            for (DType dtype : DType.values()) {
                check(config, dtype);
            }
        }
    }

    private static void check(OptimizerConfig config, DType dtype) {
        try (Differentiable model = DjlFixtures.smallCnn(dtype);
                ParameterUpdater updater = model.newUpdater(config)) {
            assertThat(updater.config()).isEqualTo(config);
            int n = model.parameters().size();
            Reference ref = new Reference(config, model.state(), model);
            Map<String, HostTensor> initial = model.state();
            for (int step = 0; step < STEPS; step++) {
                boolean[] trainable = DjlFixtures.all(n, true);
                trainable[0] = false; // frozen throughout
                trainable[n - 1] = step != 1; // skipped at one step: no state change then
                double[] lr = new double[n];
                for (int p = 0; p < n; p++) {
                    lr[p] = 0.01 * (1 + p % 4) / (1 + step);
                }
                try (Gradients g = model.gradients(DjlFixtures.batch(100 + step), trainable)) {
                    ref.step(g, lr);
                    updater.step(g, lr);
                }
            }
            Map<String, HostTensor> after = model.state();
            double tol = dtype == DType.FLOAT64 ? 1e-12 : 2e-6;
            for (int p = 0; p < n; p++) {
                String name = model.parameters().get(p).name();
                assertThat(after.get(name).kind().name()).isEqualTo(dtype.name());
                double[] actual = after.get(name).toDoubleArray();
                double[] expected = ref.params[p];
                for (int i = 0; i < actual.length; i++) {
                    assertThat(actual[i]).as("%s %s %s[%d]", config, dtype, name, i)
                            .isCloseTo(expected[i], within(tol * (1 + Math.abs(expected[i]))));
                }
            }
            assertThat(after.get(model.parameters().get(0).name()).toDoubleArray())
                    .containsExactly(initial.get(model.parameters().get(0).name()).toDoubleArray());
        }
    }

    /** torch.optim.SGD / Adam, single-tensor path, in Java doubles. */
    private static final class Reference {
        final OptimizerConfig config;
        final double[][] params;
        final double[][] buf;
        final double[][] m;
        final double[][] v;
        final long[] steps;

        Reference(OptimizerConfig config, Map<String, HostTensor> state, Differentiable model) {
            this.config = config;
            int n = model.parameters().size();
            params = new double[n][];
            for (int p = 0; p < n; p++) {
                params[p] = state.get(model.parameters().get(p).name()).toDoubleArray();
            }
            buf = new double[n][];
            m = new double[n][];
            v = new double[n][];
            steps = new long[n];
        }

        void step(Gradients g, double[] lr) {
            for (int p = 0; p < params.length; p++) {
                if (!g.has(p)) {
                    continue;
                }
                double[] grad = g.get(p).toDoubleArray();
                double[] x = params[p];
                if (config instanceof OptimizerConfig.Sgd s) {
                    double[] d = new double[x.length];
                    for (int i = 0; i < x.length; i++) {
                        d[i] = grad[i] + s.weightDecay() * x[i];
                    }
                    if (s.momentum() != 0) {
                        if (buf[p] == null) {
                            buf[p] = d.clone();
                        } else {
                            for (int i = 0; i < x.length; i++) {
                                buf[p][i] = s.momentum() * buf[p][i] + (1 - s.dampening()) * d[i];
                            }
                        }
                        for (int i = 0; i < x.length; i++) {
                            d[i] = s.nesterov() ? d[i] + s.momentum() * buf[p][i] : buf[p][i];
                        }
                    }
                    for (int i = 0; i < x.length; i++) {
                        x[i] -= lr[p] * d[i];
                    }
                } else {
                    OptimizerConfig.Adam a = (OptimizerConfig.Adam) config;
                    if (m[p] == null) {
                        m[p] = new double[x.length];
                        v[p] = new double[x.length];
                    }
                    long t = ++steps[p];
                    double bc1 = 1 - Math.pow(a.beta1(), t);
                    double bc2 = 1 - Math.pow(a.beta2(), t);
                    for (int i = 0; i < x.length; i++) {
                        double gi = grad[i] + a.weightDecay() * x[i];
                        m[p][i] = a.beta1() * m[p][i] + (1 - a.beta1()) * gi;
                        v[p][i] = a.beta2() * v[p][i] + (1 - a.beta2()) * gi * gi;
                        double denom = Math.sqrt(v[p][i]) / Math.sqrt(bc2) + a.eps();
                        x[i] -= lr[p] / bc1 * m[p][i] / denom;
                    }
                }
            }
        }
    }
}
