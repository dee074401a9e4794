package org.metalr.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.HostTensor;
import org.metalr.api.StateChecks;
import org.metalr.api.net.Network;
import org.metalr.models.Initializers;
import org.metalr.models.SmallCnn;

/**
 * A model's description and state on every backend: it reports its network, its state comes back
 * exactly as given (rounded to float32 in a float32 model; batch counters int64), loading overwrites
 * every tensor, host copies are independent of the model, and a state that does not fit is refused,
 * naming the tensor, before anything changes.
 */
class StateTest {

    private static final Network NET = Cases.NETWORK;

    @EveryBackend
    void modelReportsItsNetwork(String backend) {
        try (Differentiable m = Cases.backend(backend).create(NET, Initializers.kaiming(NET, 1), DType.FLOAT32)) {
            assertThat(m.dtype()).isEqualTo(DType.FLOAT32);
            assertThat(m.parameters()).isEqualTo(NET.parameters());
            assertThat(m.buffers()).isEqualTo(NET.buffers());
            assertThat(m.defaultGroups()).isEqualTo(NET.groups());
            assertThat(m.defaultGroups()).extracting(g -> g.name()).containsExactlyElementsOf(SmallCnn.GROUPS);
        }
    }

    @EveryBackend
    void stateRoundTripsInBothDtypes(String backend) {
        for (long seed : new long[] {3, 9}) {
            Map<String, HostTensor> init = Initializers.randomized(NET, seed);
            for (DType dtype : DType.values()) {
                try (Differentiable model = Cases.backend(backend).create(NET, init, dtype)) {
                    assertThat(model.dtype()).isEqualTo(dtype);
                    Map<String, HostTensor> state = model.state();
                    List<String> order = new ArrayList<>();
                    NET.parameters().forEach(t -> order.add(t.name()));
                    NET.buffers().forEach(t -> order.add(t.name()));
                    assertThat(new ArrayList<>(state.keySet())).isEqualTo(order);
                    assertThat(state.keySet()).containsExactlyElementsOf(init.keySet());
                    for (var e : state.entrySet()) {
                        HostTensor expected = init.get(e.getKey());
                        HostTensor actual = e.getValue();
                        assertThat(actual.shape()).as(e.getKey()).isEqualTo(expected.shape());
                        if (StateChecks.isCounter(e.getKey())) {
                            assertThat(actual.kind()).isEqualTo(HostTensor.Kind.INT64);
                            assertThat(actual.shape()).isEmpty();
                            assertThat(actual.toLongArray()).containsExactly(0L).isEqualTo(expected.toLongArray());
                        } else {
                            assertThat(actual.kind().name()).isEqualTo(dtype.name());
                            assertThat(actual.toDoubleArray()).as(e.getKey())
                                    .isEqualTo(expected.to(dtype).toDoubleArray());
                        }
                    }
                    if (dtype == DType.FLOAT32) {
                        assertThat(state.get("conv1.weight").toFloatArray())
                                .containsExactly(init.get("conv1.weight").toFloatArray());
                    } else {
                        assertThat(state.get("conv1.weight").toDoubleArray())
                                .containsExactly(init.get("conv1.weight").toDoubleArray());
                    }
                    model.loadState(state);
                    assertThat(model.state().get("fc.weight").toDoubleArray())
                            .isEqualTo(state.get("fc.weight").toDoubleArray());
                }
            }
        }
    }

    @EveryBackend
    void loadStateOverwritesParametersAndBuffers(String backend) {
        Map<String, HostTensor> other = Cases.with(Initializers.randomized(NET, 9), "bn1.num_batches_tracked",
                HostTensor.ofLongs(new long[] {42}));
        try (Differentiable m = Cases.model(backend, DType.FLOAT64, 3)) {
            m.loadState(other);
            Map<String, HostTensor> state = m.state();
            assertThat(state.get("block2.conv1.weight").toDoubleArray())
                    .containsExactly(other.get("block2.conv1.weight").toDoubleArray());
            assertThat(state.get("block1.bn2.running_var").toDoubleArray())
                    .containsExactly(other.get("block1.bn2.running_var").toDoubleArray());
            assertThat(state.get("bn1.num_batches_tracked").toLongArray()).containsExactly(42L);
        }
    }

    @EveryBackend
    void hostCopiesAreIndependentOfTheModel(String backend) {
        try (Differentiable m = Cases.model(backend, DType.FLOAT64, 3)) {
            double[] before = m.state().get("fc.weight").toDoubleArray();
            m.loadState(Initializers.randomized(NET, 5));
            HostTensor kept = m.state().get("fc.weight");
            m.loadState(Initializers.randomized(NET, 3));
            assertThat(m.state().get("fc.weight").toDoubleArray()).containsExactly(before);
            assertThat(kept.toDoubleArray())
                    .containsExactly(Initializers.randomized(NET, 5).get("fc.weight").toDoubleArray());
        }
    }

    @EveryBackend
    void badStatesAreRefusedBeforeAnythingChanges(String backend) {
        Map<String, HostTensor> init = Initializers.randomized(NET, 9);
        try (Differentiable model = Cases.backend(backend).create(NET, init, DType.FLOAT64)) {
            Map<String, HostTensor> before = model.state();
            // valid new values for every tensor but one: nothing may be applied
            Map<String, HostTensor> changed = new LinkedHashMap<>(Initializers.randomized(NET, 4));
            changed.put("conv1.weight", HostTensor.of(new double[(int) init.get("conv1.weight").numel()],
                    init.get("conv1.weight").shape()));

            assertRefused(model, without(changed, "block2.bn2.running_var"), "block2.bn2.running_var");
            assertRefused(model, without(changed, "block2.downsample.1.running_mean"),
                    "block2.downsample.1.running_mean");
            assertRefused(model, Cases.with(changed, "fc.bias", HostTensor.of(new double[4], 4)), "fc.bias", "[4]",
                    "[3]");
            assertRefused(model, Cases.with(changed, "fc.weight", HostTensor.of(new double[6], 3, 2)), "fc.weight",
                    "[3, 8]");
            assertRefused(model, Cases.with(changed, "fc.extra", HostTensor.of(new double[1], 1)), "fc.extra");
            assertRefused(model, Cases.with(changed, "bn1.num_batches_tracked", HostTensor.of(new double[1])),
                    "bn1.num_batches_tracked", "INT64");
            assertRefused(model, Cases.with(changed, "bn1.running_mean",
                    HostTensor.ofLongs(new long[Cases.WIDTH], Cases.WIDTH)), "bn1.running_mean");

            Map<String, HostTensor> after = model.state();
            for (var e : before.entrySet()) {
                assertThat(after.get(e.getKey()).toDoubleArray()).as(e.getKey())
                        .containsExactly(e.getValue().toDoubleArray());
            }
        }
    }

    @EveryBackend
    void createRefusesStatesThatDoNotFit(String backend) {
        Map<String, HostTensor> init = Initializers.kaiming(NET, 1);
        for (DType dtype : DType.values()) {
            assertThatThrownBy(() -> Cases.backend(backend).create(NET, without(init, "fc.weight"), dtype))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fc.weight");
            assertThatThrownBy(() -> Cases.backend(backend).create(NET, without(init, "block1.bn2.running_var"),
                    dtype)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("block1.bn2.running_var");
            assertThatThrownBy(() -> Cases.backend(backend).create(NET,
                    Cases.with(init, "head.weight", HostTensor.of(new double[1], 1)), dtype))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("head.weight");
            assertThatThrownBy(() -> Cases.backend(backend).create(NET,
                    Cases.with(init, "fc.bias", HostTensor.of(new double[4], 4)), dtype))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fc.bias")
                    .hasMessageContaining("[3]");
        }
    }

    private static Map<String, HostTensor> without(Map<String, HostTensor> state, String name) {
        Map<String, HostTensor> out = new LinkedHashMap<>(state);
        out.remove(name);
        return out;
    }

    private static void assertRefused(Differentiable model, Map<String, HostTensor> state, String... parts) {
        assertThatThrownBy(() -> model.loadState(state)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll(parts);
    }
}
