package org.metalr.javacpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.metalr.api.Backend;
import org.metalr.api.BackendProvider;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;

/**
 * How this binding plugs in and what it owns: the provider registered for {@code ServiceLoader}, the
 * Guice module's one backend, and gradients that hold their own LibTorch tensors.
 */
class CppBindingTest {

    @Test
    void theRegisteredProviderGivesTheBackendTheModuleBinds() {
        BackendProvider provider = ServiceLoader.load(BackendProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("javacpp")).findFirst().orElseThrow();
        assertThat(provider).isInstanceOf(CppBackendProvider.class);
        assertThat(provider.backend()).isInstanceOf(CppBackend.class);
    }

    @Test
    void moduleBindsOneNamedBackend() {
        Injector injector = Guice.createInjector(new CppModule());
        Backend backend = injector.getInstance(Backend.class);
        assertThat(backend.name()).isEqualTo("javacpp");
        assertThat(injector.getInstance(Backend.class)).isSameAs(backend);
        assertThat(backend.describe()).contains("LibTorch 2.7.1").contains("JavaCPP");
    }

    @Test
    void gradientsOwnTheirTensorsAndOutliveTheirModel() {
        Differentiable m = CppFixtures.smallCnn(DType.FLOAT64);
        Gradients g = m.gradients(CppFixtures.batch(1), CppFixtures.all(m.parameters().size(), true));
        m.close();
        assertThat(g.get(0).shape()).containsExactly(4, 3, 3, 3);
        assertThat(g.has(0)).isTrue();
        g.close();
        assertThatThrownBy(() -> g.get(0)).isInstanceOf(IllegalStateException.class);
    }
}
