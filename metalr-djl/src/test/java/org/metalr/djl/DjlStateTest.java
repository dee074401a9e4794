package org.metalr.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.HostTensor;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.ParameterUpdater;
import org.metalr.api.net.Network;
import org.metalr.models.Initializers;

class DjlStateTest {

    @Test
    void stateRoundTripsInBothDtypes() {
        Network net = DjlFixtures.smallCnn();
        Map<String, HostTensor> init = Initializers.randomized(net, 9);
        for (DType dtype : DType.values()) {
            try (Differentiable model = DjlFixtures.backend().create(net, init, dtype)) {
                assertThat(model.dtype()).isEqualTo(dtype);
                assertThat(model.parameters()).isEqualTo(net.parameters());
                assertThat(model.buffers()).isEqualTo(net.buffers());
                assertThat(model.defaultGroups()).isEqualTo(net.groups());
                Map<String, HostTensor> state = model.state();
                List<String> order = new ArrayList<>();
                net.parameters().forEach(t -> order.add(t.name()));
                net.buffers().forEach(t -> order.add(t.name()));
                assertThat(new ArrayList<>(state.keySet())).isEqualTo(order);
                for (var e : state.entrySet()) {
                    HostTensor expected = init.get(e.getKey());
                    HostTensor actual = e.getValue();
                    assertThat(actual.shape()).as(e.getKey()).isEqualTo(expected.shape());
                    if (expected.kind() == HostTensor.Kind.INT64) {
                        assertThat(actual.kind()).isEqualTo(HostTensor.Kind.INT64);
                        assertThat(actual.toLongArray()).isEqualTo(expected.toLongArray());
                    } else {
                        assertThat(actual.kind().name()).isEqualTo(dtype.name());
                        assertThat(actual.toDoubleArray()).as(e.getKey())
                                .isEqualTo(expected.to(dtype).toDoubleArray());
                    }
                }
                model.loadState(state);
                assertThat(model.state().get("fc.weight").toDoubleArray())
                        .isEqualTo(state.get("fc.weight").toDoubleArray());
            }
        }
    }

    @Test
    void badStatesAreRejectedBeforeAnythingChanges() {
        Network net = DjlFixtures.smallCnn();
        Map<String, HostTensor> init = Initializers.randomized(net, 9);
        try (Differentiable model = DjlFixtures.backend().create(net, init, DType.FLOAT64)) {
            // a valid change early in the order, then a broken tensor later: nothing may be applied
            double[] zeros = new double[(int) init.get("conv1.weight").numel()];
            Map<String, HostTensor> changed = DjlFixtures.with(init, "conv1.weight",
                    HostTensor.of(zeros, init.get("conv1.weight").shape()));

            Map<String, HostTensor> missing = new LinkedHashMap<>(changed);
            missing.remove("block2.bn2.running_var");
            assertRejected(model, missing, "block2.bn2.running_var");

            assertRejected(model, DjlFixtures.with(changed, "fc.bias", HostTensor.of(new double[4], 4)),
                    "fc.bias", "[4]", "[3]");

            Map<String, HostTensor> unknown = new LinkedHashMap<>(changed);
            unknown.put("fc.extra", HostTensor.of(new double[1], 1));
            assertRejected(model, unknown, "fc.extra");

            assertRejected(model, DjlFixtures.with(changed, "bn1.num_batches_tracked",
                    HostTensor.of(new double[1])), "bn1.num_batches_tracked", "INT64");
            assertRejected(model, DjlFixtures.with(changed, "bn1.running_mean",
                    HostTensor.ofLongs(new long[DjlFixtures.WIDTH], DjlFixtures.WIDTH)), "bn1.running_mean");

            assertThat(model.state().get("conv1.weight").toDoubleArray())
                    .isEqualTo(init.get("conv1.weight").toDoubleArray());
        }
        Map<String, HostTensor> missing = new LinkedHashMap<>(init);
        missing.remove("fc.weight");
        assertThatThrownBy(() -> DjlFixtures.backend().create(net, missing, DType.FLOAT32))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fc.weight");
    }

    private static void assertRejected(Differentiable model, Map<String, HostTensor> state, String... parts) {
        assertThatThrownBy(() -> model.loadState(state)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll(parts);
    }

    @Test
    void closeIsIdempotentAndEverythingAfterItFails() {
        Differentiable model = DjlFixtures.smallCnn(DType.FLOAT32);
        int n = model.parameters().size();
        Gradients g = model.gradients(DjlFixtures.batch(1), DjlFixtures.all(n, true));
        ParameterUpdater updater = model.newUpdater(OptimizerConfig.Sgd.plain());
        model.close();
        model.close();
        assertThatThrownBy(model::state).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> model.gradients(DjlFixtures.batch(1), DjlFixtures.all(n, true)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> model.forward(DjlFixtures.batch(1).inputs(), false))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> model.newUpdater(OptimizerConfig.Sgd.plain()))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> model.loadState(Map.of())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> g.get(0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> updater.step(g, new double[n])).isInstanceOf(IllegalStateException.class);
        assertThat(g.loss()).isFinite();
        g.close();
        updater.close();
        updater.close();
        assertThatThrownBy(model::parameters).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(model::dtype).isInstanceOf(IllegalStateException.class);
    }
}
