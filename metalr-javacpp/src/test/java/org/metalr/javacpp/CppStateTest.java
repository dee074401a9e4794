package org.metalr.javacpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.HostTensor;
import org.metalr.api.StateChecks;
import org.metalr.api.net.Network;
import org.metalr.models.Initializers;

class CppStateTest {

    @Test
    void stateRoundTripsExactlyInFloat64() {
        Network net = CppFixtures.smallCnn();
        Map<String, HostTensor> initial = Initializers.randomized(net, 3);
        try (Differentiable m = CppFixtures.BACKEND.create(net, initial, DType.FLOAT64)) {
            Map<String, HostTensor> state = m.state();
            assertThat(state.keySet()).containsExactlyElementsOf(initial.keySet());
            for (var e : initial.entrySet()) {
                HostTensor got = state.get(e.getKey());
                assertThat(got.shape()).as(e.getKey()).containsExactly(e.getValue().shape());
                if (StateChecks.isCounter(e.getKey())) {
                    assertThat(got.kind()).isEqualTo(HostTensor.Kind.INT64);
                    assertThat(got.shape()).isEmpty();
                    assertThat(got.toLongArray()).containsExactly(0L);
                } else {
                    assertThat(got.kind()).isEqualTo(HostTensor.Kind.FLOAT64);
                    assertThat(got.toDoubleArray()).as(e.getKey()).containsExactly(e.getValue().toDoubleArray());
                }
            }
        }
    }

    @Test
    void float32ModelHoldsRoundedValues() {
        Network net = CppFixtures.smallCnn();
        Map<String, HostTensor> initial = Initializers.randomized(net, 3);
        try (Differentiable m = CppFixtures.BACKEND.create(net, initial, DType.FLOAT32)) {
            HostTensor w = m.state().get("conv1.weight");
            assertThat(w.kind()).isEqualTo(HostTensor.Kind.FLOAT32);
            assertThat(w.toFloatArray()).containsExactly(initial.get("conv1.weight").toFloatArray());
        }
    }

    @Test
    void loadStateOverwritesParametersAndBuffers() {
        Network net = CppFixtures.smallCnn();
        Map<String, HostTensor> other = CppFixtures.copy(Initializers.randomized(net, 9));
        other.put("bn1.num_batches_tracked", HostTensor.ofLongs(new long[] {42}));
        try (Differentiable m = CppFixtures.BACKEND.create(net, Initializers.randomized(net, 3), DType.FLOAT64)) {
            m.loadState(other);
            Map<String, HostTensor> state = m.state();
            assertThat(state.get("block2.conv1.weight").toDoubleArray())
                    .containsExactly(other.get("block2.conv1.weight").toDoubleArray());
            assertThat(state.get("block1.bn2.running_var").toDoubleArray())
                    .containsExactly(other.get("block1.bn2.running_var").toDoubleArray());
            assertThat(state.get("bn1.num_batches_tracked").toLongArray()).containsExactly(42L);
        }
    }

    @Test
    void badStateIsRejectedBeforeAnythingChanges() {
        Network net = CppFixtures.smallCnn();
        try (Differentiable m = CppFixtures.BACKEND.create(net, Initializers.randomized(net, 3), DType.FLOAT64)) {
            Map<String, HostTensor> before = m.state();

            // valid new values for every tensor but one, which comes last: nothing may be applied
            Map<String, HostTensor> misshapen = CppFixtures.copy(Initializers.randomized(net, 4));
            misshapen.put("fc.weight", HostTensor.of(new double[6], 3, 2));
            assertThatThrownBy(() -> m.loadState(misshapen)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("fc.weight").hasMessageContaining("[3, 8]");

            Map<String, HostTensor> missing = CppFixtures.copy(Initializers.randomized(net, 4));
            missing.remove("block2.downsample.1.running_mean");
            assertThatThrownBy(() -> m.loadState(missing)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("block2.downsample.1.running_mean");

            Map<String, HostTensor> unknown = CppFixtures.copy(Initializers.randomized(net, 4));
            unknown.put("fc.scale", HostTensor.of(new double[] {1}, 1));
            assertThatThrownBy(() -> m.loadState(unknown)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("fc.scale");

            Map<String, HostTensor> floatCounter = CppFixtures.copy(Initializers.randomized(net, 4));
            floatCounter.put("bn1.num_batches_tracked", HostTensor.of(new double[] {1}));
            assertThatThrownBy(() -> m.loadState(floatCounter)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("bn1.num_batches_tracked").hasMessageContaining("INT64");

            Map<String, HostTensor> after = m.state();
            for (var e : before.entrySet()) {
                assertThat(after.get(e.getKey()).toDoubleArray()).as(e.getKey())
                        .containsExactly(e.getValue().toDoubleArray());
            }
        }
    }

    @Test
    void hostCopiesAreIndependentOfTheModel() {
        Network net = CppFixtures.smallCnn();
        try (Differentiable m = CppFixtures.BACKEND.create(net, Initializers.randomized(net, 3), DType.FLOAT64)) {
            double[] before = m.state().get("fc.weight").toDoubleArray();
            m.loadState(Initializers.randomized(net, 5));
            HostTensor kept = m.state().get("fc.weight");
            m.loadState(Initializers.randomized(net, 3));
            assertThat(m.state().get("fc.weight").toDoubleArray()).containsExactly(before);
            assertThat(kept.toDoubleArray()).containsExactly(Initializers.randomized(net, 5).get("fc.weight").toDoubleArray());
        }
    }
}
