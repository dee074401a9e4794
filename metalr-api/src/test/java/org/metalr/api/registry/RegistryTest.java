package org.metalr.api.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.metalr.api.UserInputException;

class RegistryTest {

    record Entry(String name, String summary) implements Named {}

    @Test
    void listsEntriesSortedAndFindsThemByName() {
        Registry<Entry> r = Registry.of("widget", List.of(new Entry("zeta", "last"), new Entry("alpha", "first")));
        assertThat(r.names()).containsExactly("alpha", "zeta");
        assertThat(r.named(" zeta ").summary()).isEqualTo("last");
        assertThat(r.has("alpha")).isTrue();
        assertThat(r.has("beta")).isFalse();
        assertThat(r.help()).isEqualTo(String.format("alpha  first%nzeta   last%n"));
    }

    @Test
    void anUnknownNameIsUserInputListingTheKnownOnes() {
        Registry<Entry> r = Registry.of("widget", List.of(new Entry("a", "x"), new Entry("b", "y")));
        assertThatThrownBy(() -> r.named("c")).isInstanceOf(UserInputException.class)
                .hasMessage("unknown widget 'c'; expected one of a, b");
        assertThatThrownBy(() -> r.named(null)).isInstanceOf(UserInputException.class);
    }

    @Test
    void twoEntriesWithOneNameArePackagingErrors() {
        assertThatThrownBy(() -> Registry.of("widget", List.of(new Entry("a", "x"), new Entry("a", "y"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("two widgets are named 'a'");
    }

    @Test
    void findsServiceLoaderRegistrations() {
        // registered in src/test/resources/META-INF/services
        Registry<TestExtension> r = Registry.load(TestExtension.class, "test extension");
        assertThat(r.names()).containsExactly("first", "second");
    }

    /** An extension point of this test. */
    public interface TestExtension extends Named {}

    public static final class First implements TestExtension {
        @Override
        public String name() {
            return "first";
        }

        @Override
        public String summary() {
            return "one";
        }
    }

    public static final class Second implements TestExtension {
        @Override
        public String name() {
            return "second";
        }

        @Override
        public String summary() {
            return "two";
        }
    }
}
