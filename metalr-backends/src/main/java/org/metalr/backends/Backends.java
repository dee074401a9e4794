package org.metalr.backends;

import java.util.List;
import java.util.Optional;
import org.metalr.api.Backend;
import org.metalr.api.BackendProvider;
import org.metalr.api.UserInputException;
import org.metalr.api.registry.Registry;

/**
 * Picks a backend by name among those on the class path. Each backend module registers a
 * {@link BackendProvider} with {@link java.util.ServiceLoader} and binds its {@link Backend} through
 * its own Guice module; this selector only finds the providers and chooses one, so it names no backend,
 * no module holds conditional logic, and nothing native loads until the backend builds its first model.
 * This module brings the {@code djl} and {@code javacpp} backends to the run-time class path; a jar
 * with another provider adds a backend without an edit here.
 */
public final class Backends {

    /** System property naming the backend when none is given explicitly. */
    public static final String PROPERTY = "metalr.backend";

    /** The backend used when neither a name nor {@value #PROPERTY} is given. */
    public static final String DEFAULT = "javacpp";

    private static volatile Registry<BackendProvider> registry;

    private Backends() {}

    /**
     * The providers on the class path, found on first use.
     *
     * @throws IllegalStateException if two providers share a name (a packaging error)
     */
    public static Registry<BackendProvider> registry() {
        Registry<BackendProvider> r = registry;
        if (r == null) {
            synchronized (Backends.class) {
                if (registry == null) {
                    registry = Registry.load(BackendProvider.class, "backend");
                }
                r = registry;
            }
        }
        return r;
    }

    /** Names of the available backends, sorted. */
    public static List<String> available() {
        return registry().names();
    }

    /**
     * The backend called {@code name} (surrounding spaces ignored), bound by its module.
     *
     * @throws UserInputException for an unknown name, listing the available ones
     */
    public static Backend named(String name) {
        return registry().named(name).backend();
    }

    /**
     * The backend named by the system property {@value #PROPERTY}, or {@value #DEFAULT}.
     *
     * @throws UserInputException if the property names no available backend
     */
    public static Backend fromSystemProperty() {
        return named(Optional.ofNullable(System.getProperty(PROPERTY)).orElse(DEFAULT));
    }
}
