package org.metalr.javacpp;

import jakarta.inject.Inject;
import java.util.Map;
import org.bytedeco.pytorch.global.torch;
import org.metalr.api.Backend;
import org.metalr.api.DType;
import org.metalr.api.Device;
import org.metalr.api.Differentiable;
import org.metalr.api.HostTensor;
import org.metalr.api.StateChecks;
import org.metalr.api.net.Network;
import org.metalr.libtorch.SharedLibTorch;

/**
 * The {@code javacpp} backend: builds {@link CppModel}s. Constructing it is free; the shared LibTorch
 * loads on the first {@link #describe()} or {@link #create}. Stateless, so one instance serves any
 * number of models and threads.
 */
final class CppBackend implements Backend {

    static final String NAME = "javacpp";

    @Inject
    CppBackend() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String describe() {
        SharedLibTorch.load();
        String build = SharedLibTorch.cudaBuild()
                ? "CUDA, " + SharedLibTorch.cudaDevices() + " devices visible"
                : "CPU";
        return "JavaCPP PyTorch presets " + presetsVersion() + ", LibTorch " + torch.TORCH_VERSION + " (" + build
                + "), " + torch.get_num_threads() + " intra-op threads";
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
        return new CppModel(network, initialState, dtype, device);
    }

    @Override
    public String toString() {
        return "CppBackend";
    }

    private static String presetsVersion() {
        Package p = torch.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "(version unknown)" : v;
    }
}
