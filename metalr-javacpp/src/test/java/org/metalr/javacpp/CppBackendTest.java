package org.metalr.javacpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.metalr.api.Backend;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.HostTensor;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.ParameterUpdater;
import org.metalr.api.net.Network;
import org.metalr.models.Initializers;
import org.metalr.models.SmallCnn;

class CppBackendTest {

    @Test
    void moduleBindsOneNamedBackend() {
        Injector injector = Guice.createInjector(new CppModule());
        Backend backend = injector.getInstance(Backend.class);
        assertThat(backend.name()).isEqualTo("javacpp");
        assertThat(injector.getInstance(Backend.class)).isSameAs(backend);
        assertThat(backend.describe()).contains("LibTorch 2.7.1").contains("JavaCPP");
    }

    @Test
    void modelReportsItsNetwork() {
        Network net = CppFixtures.smallCnn();
        try (Differentiable m = CppFixtures.BACKEND.create(net, Initializers.kaiming(net, 1), DType.FLOAT32)) {
            assertThat(m.dtype()).isEqualTo(DType.FLOAT32);
            assertThat(m.parameters()).isEqualTo(net.parameters());
            assertThat(m.buffers()).isEqualTo(net.buffers());
            assertThat(m.defaultGroups()).extracting(g -> g.name()).containsExactlyElementsOf(SmallCnn.GROUPS);
        }
    }

    @Test
    void createRejectsStatesThatDoNotFit() {
        Network net = CppFixtures.smallCnn();
        Map<String, HostTensor> missing = CppFixtures.copy(Initializers.kaiming(net, 1));
        missing.remove("block1.bn2.running_var");
        assertThatThrownBy(() -> CppFixtures.BACKEND.create(net, missing, DType.FLOAT64))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("block1.bn2.running_var");

        Map<String, HostTensor> unknown = CppFixtures.copy(Initializers.kaiming(net, 1));
        unknown.put("head.weight", HostTensor.of(new double[1], 1));
        assertThatThrownBy(() -> CppFixtures.BACKEND.create(net, unknown, DType.FLOAT64))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("head.weight");

        Map<String, HostTensor> misshapen = CppFixtures.copy(Initializers.kaiming(net, 1));
        misshapen.put("fc.bias", HostTensor.of(new double[4], 4));
        assertThatThrownBy(() -> CppFixtures.BACKEND.create(net, misshapen, DType.FLOAT64))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fc.bias")
                .hasMessageContaining("[3]");
    }

    @Test
    void closeIsIdempotentAndLaterCallsFail() {
        Differentiable m = CppFixtures.smallCnn(DType.FLOAT64, 2);
        Gradients g = m.gradients(CppFixtures.batch(1), CppFixtures.all(m, true));
        ParameterUpdater sgd = m.newUpdater(OptimizerConfig.Sgd.plain());
        m.close();
        m.close();
        assertThatThrownBy(m::state).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(m::parameters).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> m.gradients(CppFixtures.batch(1), new boolean[20]))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> m.forward(CppFixtures.batch(1).inputs(), false))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> sgd.step(g, new double[20])).isInstanceOf(IllegalStateException.class);
        // gradients own their tensors: still readable after the model is gone
        assertThat(g.get(0).shape()).containsExactly(4, 3, 3, 3);
        g.close();
        g.close();
        assertThatThrownBy(g::loss).isInstanceOf(IllegalStateException.class);
        sgd.close();
        sgd.close();
    }
}
