package org.metalr.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.metalr.api.Backend;
import org.metalr.api.BackendProvider;
import org.metalr.backends.Backends;
import org.metalr.libtorch.SharedLibTorch;

/**
 * What every registered backend promises about itself: the provider's name selects a backend of that
 * name, it has a summary for help texts, and the backend describes the binding and the one LibTorch it
 * runs on.
 */
class BackendProviderTest {

    @EveryBackend
    void theProviderNamesItsBackendAndTheBackendDescribesItsLibTorch(String backend) {
        BackendProvider provider = Backends.registry().named(backend);
        assertThat(provider.name()).isEqualTo(backend);
        assertThat(provider.summary()).isNotBlank().doesNotEndWith(".");
        Backend b = provider.backend();
        assertThat(b.name()).isEqualTo(backend);
        assertThat(Backends.named(backend).name()).isEqualTo(backend);
        assertThat(b.describe()).contains("LibTorch " + SharedLibTorch.VERSION);
    }
}
