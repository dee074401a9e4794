package org.metalr.api;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.metalr.api.net.Network;

/**
 * The checks every backend runs on a host state before it builds or overwrites a model from it, so a
 * bad state is refused with the same message whichever backend reads it and before any tensor changes.
 * Parameters and buffers are floating point, except BatchNorm's batch counters
 * ({@code *.num_batches_tracked}), which are int64.
 */
public final class StateChecks {

    private static final String COUNTER_SUFFIX = ".num_batches_tracked";

    private StateChecks() {}

    /** Whether the buffer named {@code name} is an integer batch counter (int64 in every backend). */
    public static boolean isCounter(String name) {
        return name.endsWith(COUNTER_SUFFIX);
    }

    /**
     * The checks a backend runs before it builds a model of {@code network} from {@code initialState}:
     * no argument null, a CUDA device available in the loaded LibTorch (asked only for a CUDA device),
     * then {@link #validate} on the state.
     *
     * @param cudaBuild   whether the loaded LibTorch is a CUDA build
     * @param cudaDevices how many CUDA devices it sees
     * @throws NullPointerException     naming the null argument
     * @throws IllegalArgumentException if the device is not available or the state does not fit
     */
    public static void checkCreate(Network network, Map<String, HostTensor> initialState, DType dtype, Device device,
            BooleanSupplier cudaBuild, IntSupplier cudaDevices) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(initialState, "initialState");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(device, "device");
        if (device.isCuda()) {
            device.requireAvailable(cudaBuild.getAsBoolean(), cudaDevices.getAsInt());
        }
        validate(network.parameters(), network.buffers(), initialState);
    }

    /**
     * Checks that {@code state} holds exactly the model's tensors, each of its shape and element kind.
     *
     * @throws IllegalArgumentException naming the first key (in the model's order; unknown keys in
     *     sorted order) that is missing, unknown, of the wrong shape or of the wrong kind
     */
    public static void validate(List<TensorInfo> parameters, List<TensorInfo> buffers, Map<String, HostTensor> state) {
        Objects.requireNonNull(state, "state");
        Set<String> expected = new HashSet<>();
        for (TensorInfo t : parameters) {
            check(t, state, false);
            expected.add(t.name());
        }
        for (TensorInfo t : buffers) {
            check(t, state, isCounter(t.name()));
            expected.add(t.name());
        }
        Set<String> unknown = new TreeSet<>(state.keySet());
        unknown.removeAll(expected);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("state has unknown tensor '" + unknown.iterator().next()
                    + "'; the model has " + parameters.size() + " parameters and " + buffers.size()
                    + " buffers, none of that name");
        }
    }

    private static void check(TensorInfo t, Map<String, HostTensor> state, boolean counter) {
        HostTensor h = state.get(t.name());
        if (h == null) {
            throw new IllegalArgumentException("state lacks tensor '" + t.name() + "' of shape "
                    + Arrays.toString(t.shape()));
        }
        if (!Arrays.equals(h.shape(), t.shape())) {
            throw new IllegalArgumentException("tensor '" + t.name() + "' has shape " + Arrays.toString(h.shape())
                    + ", expected " + Arrays.toString(t.shape()));
        }
        boolean integer = h.kind() == HostTensor.Kind.INT64;
        if (counter && !integer) {
            throw new IllegalArgumentException(
                    "tensor '" + t.name() + "' is " + h.kind() + ", expected an INT64 batch counter");
        }
        if (!counter && integer) {
            throw new IllegalArgumentException(
                    "tensor '" + t.name() + "' is INT64, expected FLOAT32 or FLOAT64 values");
        }
    }
}
