package org.metalr.api;

import org.metalr.api.registry.Named;

/**
 * How a backend module makes itself known, as DJL's engines do through {@code EngineProvider}: one
 * public class per backend with a public no-argument constructor, listed in its module's
 * {@code META-INF/services/org.metalr.api.BackendProvider}. {@code org.metalr.backends.Backends} finds
 * the providers on the class path with {@link org.metalr.api.registry.Registry} and selects one by
 * {@link #name()}; a new backend is a jar on the class path, not an edit anywhere else.
 *
 * <p>Constructing a provider and calling any of its methods loads nothing native: the backend loads
 * its libraries on its first {@link Backend#create} or {@link Backend#describe}. Thread-safe.
 */
public interface BackendProvider extends Named {

    /**
     * The backend, as the module binds it (the LibTorch backends through their Guice modules): a
     * backend whose {@link Backend#name()} is this provider's {@link #name()}. Cheap, so callers may ask
     * for it on each selection.
     */
    Backend backend();
}
