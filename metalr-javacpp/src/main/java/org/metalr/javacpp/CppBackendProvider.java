package org.metalr.javacpp;

import com.google.inject.Guice;
import org.metalr.api.Backend;
import org.metalr.api.BackendProvider;

/**
 * Registers the {@code javacpp} backend (in {@code META-INF/services/org.metalr.api.BackendProvider}):
 * the backend that {@link CppModule} binds. Loads nothing native.
 */
public final class CppBackendProvider implements BackendProvider {

    @Override
    public String name() {
        return CppBackend.NAME;
    }

    @Override
    public String summary() {
        return "JavaCPP's PyTorch presets, on the shared LibTorch";
    }

    @Override
    public Backend backend() {
        return Guice.createInjector(new CppModule()).getInstance(Backend.class);
    }
}
