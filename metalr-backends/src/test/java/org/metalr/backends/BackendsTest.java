package org.metalr.backends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.metalr.api.Backend;

class BackendsTest {

    @Test
    void listsBothBackends() {
        assertThat(Backends.available()).containsExactly("djl", "javacpp");
    }

    @Test
    void selectsByName() {
        for (String name : Backends.available()) {
            Backend backend = Backends.named(name);
            assertThat(backend.name()).isEqualTo(name);
        }
    }

    @Test
    void unknownNameListsTheAvailableOnes() {
        assertThatThrownBy(() -> Backends.named("tensorflow"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown backend 'tensorflow'; available: djl, javacpp");
    }

    @Test
    void systemPropertyChoosesTheBackend() {
        String old = System.getProperty(Backends.PROPERTY);
        try {
            System.setProperty(Backends.PROPERTY, "djl");
            assertThat(Backends.fromSystemProperty().name()).isEqualTo("djl");
            System.clearProperty(Backends.PROPERTY);
            assertThat(Backends.fromSystemProperty().name()).isEqualTo(Backends.DEFAULT);
        } finally {
            if (old != null) {
                System.setProperty(Backends.PROPERTY, old);
            }
        }
    }
}
