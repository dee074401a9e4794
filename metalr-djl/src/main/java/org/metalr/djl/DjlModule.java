package org.metalr.djl;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import org.metalr.api.Backend;

/**
 * Binds {@link Backend} to the backend over DJL's PyTorch engine ({@code djl}), as a singleton.
 * Installing the module loads nothing native: LibTorch and DJL's engine start when the backend
 * builds or describes its first model.
 */
public final class DjlModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(Backend.class).to(DjlBackend.class).in(Scopes.SINGLETON);
    }
}
