package org.metalr.javacpp;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.metalr.api.HostTensor;
import org.metalr.api.TensorInfo;

/** Checks a host state map against a model's parameters and buffers before anything is changed. */
final class CppStates {

    private static final String COUNTER_SUFFIX = ".num_batches_tracked";

    private CppStates() {}

    /** Whether the buffer named {@code name} is an integer batch counter (int64 on both sides). */
    static boolean isCounter(String name) {
        return name.endsWith(COUNTER_SUFFIX);
    }

    /**
     * @throws IllegalArgumentException naming the first key that is missing, unknown, of the wrong
     *     shape or of the wrong element kind
     */
    static void validate(List<TensorInfo> parameters, List<TensorInfo> buffers, Map<String, HostTensor> state) {
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
                    + "'; the model has no parameter or buffer of that name");
        }
    }

    private static void check(TensorInfo info, Map<String, HostTensor> state, boolean counter) {
        HostTensor h = state.get(info.name());
        if (h == null) {
            throw new IllegalArgumentException("state lacks tensor '" + info.name() + "' (expected shape "
                    + Arrays.toString(info.shape()) + ")");
        }
        if (!Arrays.equals(h.shape(), info.shape())) {
            throw new IllegalArgumentException("tensor '" + info.name() + "' has shape " + Arrays.toString(h.shape())
                    + ", expected " + Arrays.toString(info.shape()));
        }
        if (counter && h.kind() != HostTensor.Kind.INT64) {
            throw new IllegalArgumentException(
                    "tensor '" + info.name() + "' is " + h.kind() + ", expected an INT64 batch counter");
        }
        if (!counter && h.kind() == HostTensor.Kind.INT64) {
            throw new IllegalArgumentException(
                    "tensor '" + info.name() + "' is INT64, expected FLOAT32 or FLOAT64 values");
        }
    }
}
