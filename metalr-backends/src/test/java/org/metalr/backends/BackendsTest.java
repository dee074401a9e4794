package org.metalr.backends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.metalr.api.Backend;
import org.metalr.api.UserInputException;

/** Discovery and selection. No test here builds a model, so no test of this module loads LibTorch. */
class BackendsTest {

    @Test
    void findsBothBackendsAndTheOneRegisteredByTheTests() {
        // djl and javacpp come with this module's run-time class path, toy with its test resources
        assertThat(Backends.available()).containsExactly("djl", "javacpp", "toy");
        assertThat(Backends.registry().help()).contains("djl").contains("javacpp").contains("toy");
    }

    @Test
    void selectsByNameThroughEachModulesBinding() {
        for (String name : Backends.available()) {
            Backend backend = Backends.named(name);
            assertThat(backend.name()).isEqualTo(name);
        }
        assertThat(Backends.named(" toy ")).isInstanceOf(ToyBackendProvider.ToyBackend.class);
    }

    @Test
    void selectingABackendLoadsNothingNative() throws IOException {
        for (String name : Backends.available()) {
            Backends.named(name);
        }
        Path maps = Path.of("/proc/self/maps");
        if (Files.isReadable(maps)) {
            assertThat(Files.readString(maps)).doesNotContain("libtorch_cpu");
        }
    }

    @Test
    void unknownNameIsUserInputListingTheAvailableOnes() {
        assertThatThrownBy(() -> Backends.named("tensorflow"))
                .isInstanceOf(UserInputException.class)
                .hasMessage("unknown backend 'tensorflow'; expected one of djl, javacpp, toy");
    }

    @Test
    void systemPropertyChoosesTheBackend() {
        String old = System.getProperty(Backends.PROPERTY);
        try {
            System.setProperty(Backends.PROPERTY, "djl");
            assertThat(Backends.fromSystemProperty().name()).isEqualTo("djl");
            System.setProperty(Backends.PROPERTY, "toy");
            assertThat(Backends.fromSystemProperty().name()).isEqualTo("toy");
            System.clearProperty(Backends.PROPERTY);
            assertThat(Backends.fromSystemProperty().name()).isEqualTo(Backends.DEFAULT);
        } finally {
            if (old != null) {
                System.setProperty(Backends.PROPERTY, old);
            } else {
                System.clearProperty(Backends.PROPERTY);
            }
        }
    }
}
