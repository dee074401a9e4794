package org.metalr.api.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.metalr.api.Gradients;
import org.metalr.api.HostTensor;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.TensorInfo;

/**
 * The bookkeeping every backend shares, over a backend of host arrays whose kernels record their
 * arguments: which parameters get state and when, the step counts and bias corrections the kernels
 * receive, the saved state's names, restoring it, the checks, and that every state tensor made is
 * released exactly once. (The arithmetic of the real backends is checked against torch.optim in
 * {@code metalr-conformance}.)
 */
class TensorUpdaterTest {

    private static final List<TensorInfo> PARAMS = List.of(new TensorInfo("a.weight", new long[] {2}),
            new TensorInfo("b.weight", new long[] {3}), new TensorInfo("b.bias", new long[] {1}));

    @Test
    void adamGivesTheKernelsPerParameterStepsAndBiasCorrectionsAndSavesTorchsNames() {
        OptimizerConfig.Adam adam = new OptimizerConfig.Adam(0.8, 0.9, 1e-8, 0);
        Host host = new Host();
        try (HostUpdater u = new HostUpdater(adam, host)) {
            u.step(host.gradients(true, false, true), new double[] {0.1, 0.2, 0.3});
            u.step(host.gradients(true, true, false), new double[] {0.1, 0.2, 0.3});
            // a.weight stepped twice, b.weight once (at the second step), b.bias once
            assertThat(host.calls).containsExactly(adam(0, 0.1, 1), adam(2, 0.3, 1), adam(0, 0.1, 2), adam(1, 0.2, 1));
            Map<String, HostTensor> state = u.state();
            assertThat(state).containsOnlyKeys("a.weight.exp_avg", "a.weight.exp_avg_sq", "a.weight.step",
                    "b.weight.exp_avg", "b.weight.exp_avg_sq", "b.weight.step", "b.bias.exp_avg", "b.bias.exp_avg_sq",
                    "b.bias.step");
            assertThat(new ArrayList<>(state.keySet()).subList(0, 3))
                    .containsExactly("a.weight.exp_avg", "a.weight.exp_avg_sq", "a.weight.step");
            assertThat(state.get("a.weight.step").toLongArray()).containsExactly(2);
            assertThat(state.get("b.bias.step").toLongArray()).containsExactly(1);
            // the kernel moved the moments in place: the state holds what it wrote
            assertThat(state.get("a.weight.exp_avg").toDoubleArray()).containsExactly(2, 2);
            assertThat(host.live()).isEqualTo(6);
        }
        assertThat(host.live()).isZero();
    }

    /** The call the Adam kernel of parameter {@code p} should get at the parameter's step {@code t} (betas 0.8, 0.9). */
    private static String adam(int p, double lr, int t) {
        return "adam " + p + " " + lr / (1 - Math.pow(0.8, t)) + " " + Math.sqrt(1 - Math.pow(0.9, t));
    }

    @Test
    void theDirectionReadsTheStateAtTheNextStepWithoutChangingIt() {
        OptimizerConfig.Adam adam = new OptimizerConfig.Adam(0.8, 0.9, 1e-8, 0);
        Host host = new Host();
        try (HostUpdater u = new HostUpdater(adam, host)) {
            u.step(host.gradients(true, false, false), new double[] {0.1, 0.2, 0.3});
            Map<String, HostTensor> before = u.state();
            host.calls.clear();
            Gradients d = u.direction(host.gradients(true, true, false));
            // a.weight: its second step's bias corrections, its moments; b.weight: its first, no moments yet
            assertThat(host.calls).containsExactly("adamDirection 0 " + (1 - Math.pow(0.8, 2)) + " "
                    + Math.sqrt(1 - Math.pow(0.9, 2)) + " kept", "adamDirection 1 " + (1 - 0.8) + " "
                    + Math.sqrt(1 - 0.9) + " fresh");
            assertThat(d.has(0)).isTrue();
            assertThat(d.has(1)).isTrue();
            assertThat(d.has(2)).isFalse();
            assertThat(d.get(0).toDoubleArray()[0]).isEqualTo(1 - Math.pow(0.8, 2));
            assertThat(u.state()).usingRecursiveComparison().isEqualTo(before);
            assertThat(host.live()).isEqualTo(2);
            // the step after it is the step it previewed: step 2 of a.weight, step 1 of b.weight
            host.calls.clear();
            u.step(host.gradients(true, true, false), new double[] {0.1, 0.2, 0.3});
            assertThat(host.calls).containsExactly(adam(0, 0.1, 2), adam(1, 0.2, 1));
        }
        Host sgd = new Host();
        try (HostUpdater u = new HostUpdater(new OptimizerConfig.Sgd(0.9, 0, true, 0), sgd)) {
            u.direction(sgd.gradients(false, true, false));
            u.step(sgd.gradients(false, true, false), new double[] {1, 1, 1});
            u.direction(sgd.gradients(false, true, false));
            assertThat(sgd.calls).containsExactly("sgdDirection 1 fresh", "sgd 1 fresh", "sgdDirection 1 kept");
            assertThatThrownBy(() -> u.direction(new Host().gradients(true, true, true)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another model");
        }
    }

    @Test
    void sgdKeepsTheBufferTheKernelStartsAndPlainSgdKeepsNothing() {
        Host host = new Host();
        try (HostUpdater u = new HostUpdater(new OptimizerConfig.Sgd(0.9, 0, false, 0), host)) {
            u.step(host.gradients(false, true, false), new double[] {1, 1, 1});
            u.step(host.gradients(false, true, false), new double[] {1, 1, 1});
            assertThat(host.calls).containsExactly("sgd 1 fresh", "sgd 1 kept");
            assertThat(u.state()).containsOnlyKeys("b.weight.momentum_buffer");
            assertThat(host.live()).isEqualTo(1);
        }
        assertThat(host.live()).isZero();
        Host plain = new Host();
        try (HostUpdater u = new HostUpdater(OptimizerConfig.Sgd.plain(), plain)) {
            u.step(plain.gradients(true, true, true), new double[] {1, 1, 1});
            assertThat(u.state()).isEmpty();
            assertThat(plain.live()).isZero();
        }
    }

    @Test
    void aRestoredUpdaterContinuesWhereTheSavedOneWas() {
        OptimizerConfig.Adam adam = OptimizerConfig.Adam.withWeightDecay(0);
        Host host = new Host();
        try (HostUpdater a = new HostUpdater(adam, host); HostUpdater b = new HostUpdater(adam, host)) {
            a.step(host.gradients(true, true, false), new double[] {1, 1, 1});
            a.step(host.gradients(true, false, false), new double[] {1, 1, 1});
            b.loadState(a.state());
            assertThat(b.state()).usingRecursiveComparison().isEqualTo(a.state());
            host.calls.clear();
            a.step(host.gradients(true, true, true), new double[] {1, 1, 1});
            b.step(host.gradients(true, true, true), new double[] {1, 1, 1});
            assertThat(host.calls.subList(3, 6)).containsExactlyElementsOf(host.calls.subList(0, 3));
            assertThat(b.state()).usingRecursiveComparison().isEqualTo(a.state());
            // an empty state is a fresh updater, and the replaced tensors are released
            b.loadState(Map.of());
            assertThat(b.state()).isEmpty();
        }
        assertThat(host.live()).isZero();
    }

    @Test
    void misuseIsRefusedAndABadStateChangesNothing() {
        Host host = new Host();
        HostUpdater u = new HostUpdater(OptimizerConfig.Adam.withWeightDecay(0), host);
        u.step(host.gradients(true, true, true), new double[] {1, 1, 1});
        assertThatThrownBy(() -> u.step(host.gradients(true, true, true), new double[2]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected 3 learning rates (one per parameter), got 2");
        assertThatThrownBy(() -> u.step(new Host().gradients(true, true, true), new double[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another model");
        Map<String, HostTensor> good = u.state();
        Map<String, HostTensor> bad = new LinkedHashMap<>(good);
        bad.remove("b.bias.exp_avg_sq");
        assertThatThrownBy(() -> u.loadState(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lacks 'b.bias.exp_avg_sq'");
        assertThat(u.state()).usingRecursiveComparison().isEqualTo(good);
        host.modelClosed = true;
        assertThatThrownBy(u::state).isInstanceOf(IllegalStateException.class).hasMessage("model is closed");
        host.modelClosed = false;
        u.close();
        u.close();
        assertThat(host.live()).isZero();
        assertThatThrownBy(u::state).isInstanceOf(IllegalStateException.class).hasMessage("updater is closed");
        assertThatThrownBy(() -> u.step(host.gradients(true, true, true), new double[3]))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> u.loadState(Map.of())).isInstanceOf(IllegalStateException.class);
    }

    /** A model on the host: its parameters, gradients it made, the live state tensors and the kernels' calls. */
    private static final class Host implements ModelParameters {
        final double[][] params = {new double[2], new double[3], new double[1]};
        final Map<double[], Boolean> kept = new IdentityHashMap<>();
        final List<String> calls = new ArrayList<>();
        boolean modelClosed;

        /** Gradients of ones for the flagged parameters. */
        HostGradients gradients(boolean... has) {
            double[][] g = new double[has.length][];
            for (int p = 0; p < has.length; p++) {
                if (has[p]) {
                    g[p] = new double[params[p].length];
                    java.util.Arrays.fill(g[p], 1);
                }
            }
            return new HostGradients(this, g);
        }

        double[] track(double[] t) {
            assertThat(kept.put(t, true)).as("kept twice").isNull();
            return t;
        }

        int live() {
            return kept.size();
        }

        @Override
        public List<TensorInfo> parameterInfo() {
            return PARAMS;
        }

        @Override
        public void checkOpen() {
            if (modelClosed) {
                throw new IllegalStateException("model is closed");
            }
        }

        @Override
        public Gradients own(Gradients gradients) {
            if (!(gradients instanceof HostGradients g) || g.owner() != this) {
                throw new IllegalArgumentException("gradients of another model");
            }
            return g;
        }
    }

    private record HostGradients(Host owner, double[][] grads) implements Gradients {
        @Override
        public double loss() {
            return 0;
        }

        @Override
        public boolean has(int p) {
            return grads[p] != null;
        }

        @Override
        public double[] dotPerParameter(Gradients other) {
            throw new UnsupportedOperationException();
        }

        @Override
        public HostTensor get(int p) {
            return HostTensor.of(grads[p], grads[p].length);
        }

        @Override
        public void close() {}
    }

    /** The shared bookkeeping over host arrays; the kernels record their calls and add the gradient to the state. */
    private static final class HostUpdater extends TensorUpdater<double[]> {
        private final Host host;

        HostUpdater(OptimizerConfig config, Host host) {
            super(config, host);
            this.host = host;
        }

        @Override
        protected void forEachGradient(Gradients gradients, ParameterStep<double[]> step) {
            double[][] grads = ((HostGradients) gradients).grads();
            for (int p = 0; p < grads.length; p++) {
                if (grads[p] != null) {
                    int index = p;
                    step.update(p, host.params[p], grads[p], new OptimizerKernels<>() {
                        @Override
                        public double[] sgd(OptimizerConfig.Sgd config, double[] param, double[] grad, double lr,
                                double[] buffer) {
                            host.calls.add("sgd " + index + (buffer == null ? " fresh" : " kept"));
                            return buffer == null && config.momentum() != 0 ? grad.clone() : null;
                        }

                        @Override
                        public double[] sgdDirection(OptimizerConfig.Sgd config, double[] param, double[] grad,
                                double[] buffer) {
                            host.calls.add("sgdDirection " + index + (buffer == null ? " fresh" : " kept"));
                            return grad.clone();
                        }

                        @Override
                        public double[] adamDirection(OptimizerConfig.Adam config, double[] param, double[] grad,
                                double[] m, double[] v, double bias1, double sqrtBias2) {
                            host.calls.add("adamDirection " + index + " " + bias1 + " " + sqrtBias2
                                    + (m == null && v == null ? " fresh" : m != null && v != null ? " kept" : " half"));
                            double[] d = grad.clone();
                            d[0] = bias1;
                            return d;
                        }

                        @Override
                        public void adam(OptimizerConfig.Adam config, double[] param, double[] grad, double[] m,
                                double[] v, double stepSize, double sqrtBias2) {
                            host.calls.add("adam " + index + " " + stepSize + " " + sqrtBias2);
                            for (int i = 0; i < m.length; i++) {
                                m[i] += grad[i];
                                v[i] += 2 * grad[i];
                            }
                        }
                    });
                }
            }
        }

        @Override
        protected Directions<double[]> newDirections(Gradients like) {
            double[][] out = new double[PARAMS.size()][];
            return new Directions<>() {
                @Override
                public void put(int p, double[] direction) {
                    out[p] = direction;
                }

                @Override
                public Gradients finish() {
                    return new HostGradients(host, out);
                }

                @Override
                public void abandon() {
                    host.calls.add("abandoned");
                }
            };
        }

        @Override
        protected double[] keep(double[] temporary) {
            return host.track(temporary);
        }

        @Override
        protected double[] zerosLike(double[] parameter) {
            return host.track(new double[parameter.length]);
        }

        @Override
        protected void release(double[] kept) {
            assertThat(host.kept.remove(kept)).as("released twice or never kept").isNotNull();
        }

        @Override
        protected HostTensor download(double[] kept) {
            return HostTensor.of(kept.clone(), kept.length);
        }

        @Override
        protected double[] upload(HostTensor value) {
            return host.track(value.toDoubleArray());
        }
    }
}
