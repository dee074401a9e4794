package org.metalr.javacpp;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import org.metalr.api.Backend;

/**
 * Binds {@link Backend} to the JavaCPP backend, as a singleton. Installing the module loads nothing
 * native: LibTorch loads when the backend describes itself or builds its first model.
 */
public final class CppModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(Backend.class).to(CppBackend.class).in(Scopes.SINGLETON);
    }
}
