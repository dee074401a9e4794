package org.metalr.djl;

import com.google.inject.Guice;
import org.metalr.api.Backend;
import org.metalr.api.BackendProvider;

/**
 * Registers the {@code djl} backend (in {@code META-INF/services/org.metalr.api.BackendProvider}): the
 * backend that {@link DjlModule} binds. Loads nothing native.
 */
public final class DjlBackendProvider implements BackendProvider {

    @Override
    public String name() {
        return DjlBackend.NAME;
    }

    @Override
    public String summary() {
        return "DJL's PyTorch engine, on the shared LibTorch";
    }

    @Override
    public Backend backend() {
        return Guice.createInjector(new DjlModule()).getInstance(Backend.class);
    }
}
