package org.metalr.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.HostTensor;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.ParameterUpdater;
import org.metalr.api.net.Network;
import org.metalr.models.Initializers;

/** Saving and loading the optimizers' state, on every backend: a restored updater continues bit for bit. */
class UpdaterStateTest {

    private static final double[] LR = {0.01, 0.02, 0.03, 0.04};

    /** BatchNorm straight on the input, pooling and a linear head: bn.weight, bn.bias, fc.weight, fc.bias. */
    private static final Network NET = Cases.normHead(Cases.CHANNELS);

    static Stream<Arguments> cases() {
        List<Object[]> configs = List.of(
                new Object[] {OptimizerConfig.Adam.withWeightDecay(1e-2), DType.FLOAT32},
                new Object[] {new OptimizerConfig.Adam(0.5, 0.9, 1e-3, 0), DType.FLOAT64},
                new Object[] {new OptimizerConfig.Sgd(0.9, 0.1, false, 1e-2), DType.FLOAT32},
                new Object[] {new OptimizerConfig.Sgd(0.8, 0.0, true, 0), DType.FLOAT64},
                new Object[] {OptimizerConfig.Sgd.plain(), DType.FLOAT32});
        return Cases.backends().flatMap(b -> configs.stream().map(c -> Arguments.of(b, c[0], c[1])));
    }

    private static Differentiable model(String backend, Map<String, HostTensor> state, DType dtype) {
        return Cases.backend(backend).create(NET, state, dtype);
    }

    private static void step(Differentiable m, ParameterUpdater u, int seed, boolean[] trainable) {
        try (Gradients g = m.gradients(Cases.batch(seed), trainable)) {
            u.step(g, LR);
        }
    }

    @ParameterizedTest(name = "{0}: {1} {2}")
    @MethodSource("cases")
    void restoredUpdaterContinuesExactly(String backend, OptimizerConfig config, DType dtype) {
        boolean[] firstFrozen = {false, true, true, true};
        try (Differentiable a = model(backend, Initializers.randomized(NET, 5), dtype);
                ParameterUpdater ua = a.newUpdater(config)) {
            step(a, ua, 1, firstFrozen);
            step(a, ua, 2, Cases.all(a, true));
            Map<String, HostTensor> model = a.state();
            Map<String, HostTensor> optimizer = ua.state();

            // bn.weight was frozen in the first step: Adam counts one step for it, two for the others
            if (config instanceof OptimizerConfig.Adam) {
                assertThat(optimizer).containsOnlyKeys("bn.weight.exp_avg", "bn.weight.exp_avg_sq", "bn.weight.step",
                        "bn.bias.exp_avg", "bn.bias.exp_avg_sq", "bn.bias.step", "fc.weight.exp_avg",
                        "fc.weight.exp_avg_sq", "fc.weight.step", "fc.bias.exp_avg", "fc.bias.exp_avg_sq", "fc.bias.step");
                assertThat(optimizer.get("bn.weight.step").toLongArray()).containsExactly(1);
                assertThat(optimizer.get("fc.bias.step").toLongArray()).containsExactly(2);
                assertThat(optimizer.get("fc.weight.exp_avg").kind().name()).isEqualTo(dtype.name());
            } else if (((OptimizerConfig.Sgd) config).momentum() != 0) {
                assertThat(optimizer).containsOnlyKeys("bn.weight.momentum_buffer", "bn.bias.momentum_buffer",
                        "fc.weight.momentum_buffer", "fc.bias.momentum_buffer");
            } else {
                assertThat(optimizer).isEmpty();
            }

            step(a, ua, 3, Cases.all(a, true));
            try (Differentiable b = model(backend, model, dtype);
                    ParameterUpdater ub = b.newUpdater(config)) {
                ub.loadState(optimizer);
                step(b, ub, 3, Cases.all(b, true));
                Map<String, HostTensor> sa = a.state();
                Map<String, HostTensor> sb = b.state();
                for (String name : sa.keySet()) {
                    assertThat(sb.get(name).toDoubleArray()).as(name).containsExactly(sa.get(name).toDoubleArray());
                }
                Map<String, HostTensor> oa = ua.state();
                Map<String, HostTensor> ob = ub.state();
                assertThat(ob.keySet()).isEqualTo(oa.keySet());
                for (String name : oa.keySet()) {
                    assertThat(ob.get(name).toDoubleArray()).as(name).containsExactly(oa.get(name).toDoubleArray());
                }
            }
        }
    }

    @EveryBackend
    void anEmptyStateIsAFreshUpdater(String backend) {
        Map<String, HostTensor> theta = Initializers.randomized(NET, 9);
        OptimizerConfig adam = OptimizerConfig.Adam.withWeightDecay(0);
        try (Differentiable a = model(backend, theta, DType.FLOAT64);
                Differentiable b = model(backend, theta, DType.FLOAT64);
                ParameterUpdater ua = a.newUpdater(adam);
                ParameterUpdater ub = b.newUpdater(adam)) {
            step(a, ua, 1, Cases.all(a, true));
            ua.loadState(Map.of());
            a.loadState(theta);
            assertThat(ua.state()).isEmpty();
            step(a, ua, 2, Cases.all(a, true));
            step(b, ub, 2, Cases.all(b, true));
            assertThat(a.state().get("fc.weight").toDoubleArray())
                    .containsExactly(b.state().get("fc.weight").toDoubleArray());
        }
    }

    @EveryBackend
    void rejectsBadStatesNamingTheKeyAndKeepsTheOldOne(String backend) {
        try (Differentiable m = model(backend, Initializers.randomized(NET, 3), DType.FLOAT64);
                ParameterUpdater u = m.newUpdater(OptimizerConfig.Adam.withWeightDecay(0))) {
            step(m, u, 1, Cases.all(m, true));
            Map<String, HostTensor> good = u.state();

            Map<String, HostTensor> unknown = new LinkedHashMap<>(good);
            unknown.put("fc.weight.momentum_buffer", good.get("fc.weight.exp_avg"));
            assertThatThrownBy(() -> u.loadState(unknown)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'fc.weight.momentum_buffer'");

            Map<String, HostTensor> noSuchParam = new LinkedHashMap<>(good);
            noSuchParam.put("conv9.weight.exp_avg", good.get("fc.weight.exp_avg"));
            assertThatThrownBy(() -> u.loadState(noSuchParam)).hasMessageContaining("'conv9.weight.exp_avg'");

            Map<String, HostTensor> shape = new LinkedHashMap<>(good);
            shape.put("fc.bias.exp_avg", good.get("fc.weight.exp_avg"));
            assertThatThrownBy(() -> u.loadState(shape)).hasMessageContaining("'fc.bias.exp_avg'")
                    .hasMessageContaining("shape");

            Map<String, HostTensor> partial = new LinkedHashMap<>(good);
            partial.remove("bn.bias.step");
            assertThatThrownBy(() -> u.loadState(partial)).hasMessageContaining("lacks 'bn.bias.step'");

            Map<String, HostTensor> zeroStep = new LinkedHashMap<>(good);
            zeroStep.put("bn.bias.step", HostTensor.ofLongs(new long[] {0}));
            assertThatThrownBy(() -> u.loadState(zeroStep)).hasMessageContaining("'bn.bias.step'");

            Map<String, HostTensor> after = u.state();
            for (String name : good.keySet()) {
                assertThat(after.get(name).toDoubleArray()).as(name).containsExactly(good.get(name).toDoubleArray());
            }
            u.close();
            assertThatThrownBy(u::state).isInstanceOf(IllegalStateException.class);
        }
    }
}
