package org.metalr.djl;

import jakarta.inject.Inject;
import java.util.Map;
import org.metalr.api.Backend;
import org.metalr.api.DType;
import org.metalr.api.Device;
import org.metalr.api.Differentiable;
import org.metalr.api.HostTensor;
import org.metalr.api.StateChecks;
import org.metalr.api.net.Network;
import org.metalr.libtorch.SharedLibTorch;

/**
 * The {@code djl} backend: models run as functional LibTorch ops issued through DJL's PyTorch engine,
 * which is bound to the process's one LibTorch (see {@link DjlRuntime}). Constructing it is free;
 * the natives load on the first {@link #create} or {@link #describe}.
 */
final class DjlBackend implements Backend {

    static final String NAME = "djl";

    @Inject
    DjlBackend() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String describe() {
        return DjlRuntime.describe();
    }

    @Override
    public Differentiable create(Network network, Map<String, HostTensor> initialState, DType dtype) {
        return create(network, initialState, dtype, Device.CPU);
    }

    /**
     * {@inheritDoc}
     *
     * <p>A CUDA device needs the CUDA build of LibTorch ({@code -Pcuda}) and a visible GPU of that index.
     */
    @Override
    public Differentiable create(Network network, Map<String, HostTensor> initialState, DType dtype, Device device) {
        StateChecks.checkCreate(network, initialState, dtype, device, SharedLibTorch::cudaBuild,
                SharedLibTorch::cudaDevices);
        SharedLibTorch.opening(network, dtype, device);
        return new DjlModel(DjlRuntime.engine(), network, initialState, dtype, device);
    }

    @Override
    public String toString() {
        return "DjlBackend";
    }
}
