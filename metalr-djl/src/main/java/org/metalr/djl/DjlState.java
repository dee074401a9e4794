package org.metalr.djl;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.metalr.api.HostTensor;
import org.metalr.api.TensorInfo;

/** Checks a host state against a model's tensor list before anything is changed. */
final class DjlState {

    private DjlState() {}

    /**
     * @throws IllegalArgumentException naming the first key that is missing, unknown, of the wrong
     *     shape, or of the wrong kind (counters must be int64, everything else floating point)
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
        for (String key : state.keySet()) {
            if (!expected.contains(key)) {
                throw new IllegalArgumentException("unknown tensor '" + key + "' in state; the model has "
                        + parameters.size() + " parameters and " + buffers.size() + " buffers");
            }
        }
    }

    static boolean isCounter(String name) {
        return name.endsWith(".num_batches_tracked");
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
        if (counter != integer) {
            throw new IllegalArgumentException("tensor '" + t.name() + "' is " + h.kind() + ", expected "
                    + (counter ? "INT64" : "FLOAT32 or FLOAT64"));
        }
    }
}
