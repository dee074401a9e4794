package org.metalr.api;

import java.util.Map;
import java.util.Objects;
import org.metalr.api.net.Network;

/**
 * A LibTorch binding that can run MetaLR: builds {@link Differentiable} models. Implementations load
 * their native libraries on first use of {@link #create}, never when constructed, so selecting a
 * backend is cheap and side-effect free.
 */
public interface Backend {

    /** The name the backend is selected by ({@code djl}, {@code javacpp}). */
    String name();

    /** Binding and LibTorch version, for logs and run records; loads the natives. */
    String describe();

    /**
     * Builds a model on the CPU from a network description and its initial state: the same as
     * {@link #create(Network, Map, DType, Device) create(network, initialState, dtype, Device.CPU)}.
     *
     * @param network      the architecture, its loss and default groups
     * @param initialState every parameter and buffer of {@code network}, by name
     * @param dtype        element type of the model
     * @throws IllegalArgumentException naming the key when {@code initialState} lacks a tensor, has an
     *     unknown one or a wrong shape
     */
    Differentiable create(Network network, Map<String, HostTensor> initialState, DType dtype);

    /**
     * Builds a model whose parameters, buffers, gradients, optimizer state and look-ahead tensors live
     * on {@code device}. Only batches cross to the device, and only losses, reductions and the host
     * copies a caller asks for ({@link Differentiable#state()}, {@link Gradients#get}) cross back.
     *
     * <p>This default serves backends that compute on the CPU only; the LibTorch backends override it.
     *
     * @throws IllegalArgumentException before any tensor is made, naming the device, when the backend
     *     or the loaded LibTorch cannot use it (a CPU-only build, no visible GPU, an index past the
     *     last GPU); and as {@link #create(Network, Map, DType)} for a bad state
     */
    default Differentiable create(Network network, Map<String, HostTensor> initialState, DType dtype, Device device) {
        Objects.requireNonNull(device, "device");
        if (device.isCuda()) {
            throw new IllegalArgumentException("device " + device + " requested, but backend " + name()
                    + " computes on the CPU only");
        }
        return create(network, initialState, dtype);
    }
}
