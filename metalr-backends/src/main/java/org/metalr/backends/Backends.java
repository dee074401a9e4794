package org.metalr.backends;

import com.google.inject.Guice;
import com.google.inject.Module;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.metalr.api.Backend;
import org.metalr.djl.DjlModule;
import org.metalr.javacpp.CppModule;

/**
 * Picks a backend by name. Each backend contributes one Guice module that binds {@link Backend};
 * this selector only chooses the module, so no module holds conditional logic and nothing native
 * loads until the backend builds its first model.
 */
public final class Backends {

    /** System property naming the backend when none is given explicitly. */
    public static final String PROPERTY = "metalr.backend";

    /** The backend used when neither a name nor {@value #PROPERTY} is given. */
    public static final String DEFAULT = "javacpp";

    private static final Map<String, Supplier<Module>> MODULES = new TreeMap<>(Map.of(
            "djl", DjlModule::new,
            "javacpp", CppModule::new));

    private Backends() {}

    /** Names of the available backends, sorted. */
    public static List<String> available() {
        return List.copyOf(MODULES.keySet());
    }

    /**
     * The backend called {@code name}.
     *
     * @throws IllegalArgumentException for an unknown name, listing the available ones
     */
    public static Backend named(String name) {
        Supplier<Module> module = MODULES.get(name == null ? "" : name.trim());
        if (module == null) {
            throw new IllegalArgumentException(
                    "unknown backend '" + name + "'; available: " + String.join(", ", available()));
        }
        return Guice.createInjector(module.get()).getInstance(Backend.class);
    }

    /** The backend named by the system property {@value #PROPERTY}, or {@value #DEFAULT}. */
    public static Backend fromSystemProperty() {
        return named(Optional.ofNullable(System.getProperty(PROPERTY)).orElse(DEFAULT));
    }
}
