package org.metalr.backends;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Scopes;
import jakarta.inject.Inject;
import java.util.Map;
import org.metalr.api.Backend;
import org.metalr.api.BackendProvider;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.HostTensor;
import org.metalr.api.net.Network;

/**
 * A third backend as another module would add one: a provider listed in this test's
 * {@code META-INF/services/org.metalr.api.BackendProvider} and a Guice module binding its
 * {@link Backend}. Nothing else knows it.
 */
public final class ToyBackendProvider implements BackendProvider {

    static final String NAME = "toy";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "a backend registered by the tests only";
    }

    @Override
    public Backend backend() {
        return Guice.createInjector(new ToyModule()).getInstance(Backend.class);
    }

    static final class ToyModule extends AbstractModule {
        @Override
        protected void configure() {
            bind(Backend.class).to(ToyBackend.class).in(Scopes.SINGLETON);
        }
    }

    static final class ToyBackend implements Backend {
        @Inject
        ToyBackend() {}

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String describe() {
            return "toy backend, builds no models";
        }

        @Override
        public Differentiable create(Network network, Map<String, HostTensor> initialState, DType dtype) {
            throw new UnsupportedOperationException("the toy backend builds no models");
        }
    }
}
