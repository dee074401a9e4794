package org.metalr.api;

import java.util.Map;
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
     * Builds a model from a network description and its initial state.
     *
     * @param network      the architecture, its loss and default groups
     * @param initialState every parameter and buffer of {@code network}, by name
     * @param dtype        element type of the model
     * @throws IllegalArgumentException naming the key when {@code initialState} lacks a tensor, has an
     *     unknown one or a wrong shape
     */
    Differentiable create(Network network, Map<String, HostTensor> initialState, DType dtype);
}
