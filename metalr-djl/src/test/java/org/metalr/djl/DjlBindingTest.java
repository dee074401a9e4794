package org.metalr.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.metalr.api.Backend;
import org.metalr.api.BackendProvider;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.libtorch.SharedLibTorch;

/**
 * How this binding plugs in and what it owns: the provider registered for {@code ServiceLoader}, the
 * Guice module's one backend, DJL bound to the shared LibTorch, and gradients whose tensors live in
 * the model's managers.
 */
class DjlBindingTest {

    @Test
    void theRegisteredProviderGivesTheBackendTheModuleBinds() {
        BackendProvider provider = ServiceLoader.load(BackendProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("djl")).findFirst().orElseThrow();
        assertThat(provider).isInstanceOf(DjlBackendProvider.class);
        assertThat(provider.backend()).isInstanceOf(DjlBackend.class);
    }

    @Test
    void gradientTensorsAreFreedWithTheirModelButTheLossIsNot() {
        Differentiable model = DjlFixtures.smallCnn(DType.FLOAT32);
        Gradients g = model.gradients(DjlFixtures.batch(1), DjlFixtures.all(model.parameters().size(), true));
        model.close();
        assertThatThrownBy(() -> g.get(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("model was closed");
        assertThat(g.loss()).isFinite();
        g.close();
    }

    @Test
    void moduleBindsOneDjlBackend() {
        Injector injector = Guice.createInjector(new DjlModule());
        Backend backend = injector.getInstance(Backend.class);
        assertThat(backend.name()).isEqualTo("djl");
        assertThat(injector.getInstance(Backend.class)).isSameAs(backend);
    }

    @Test
    void djlRunsOnTheSharedLibTorch() throws IOException {
        String description = DjlFixtures.backend().describe();
        String dir = SharedLibTorch.load();
        assertThat(description).contains("LibTorch " + SharedLibTorch.VERSION).contains(dir);
        // No DJL native bundle on the class path: it would be a second LibTorch.
        assertThat(getClass().getClassLoader().getResource("native/lib/pytorch.properties")).isNull();
        Path maps = Path.of("/proc/self/maps");
        if (Files.isReadable(maps)) {
            Set<String> torchCpu = new TreeSet<>();
            for (String line : Files.readAllLines(maps)) {
                int slash = line.indexOf('/');
                if (slash >= 0 && Path.of(line.substring(slash)).getFileName().toString().startsWith("libtorch_cpu")) {
                    torchCpu.add(line.substring(slash));
                }
            }
            assertThat(torchCpu).containsExactly(Path.of(dir, "libtorch_cpu.so").toString());
        }
    }
}
