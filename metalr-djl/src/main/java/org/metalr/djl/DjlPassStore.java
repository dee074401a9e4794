package org.metalr.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The {@link ParameterStore} one pass of a user's block reads its tensors from: it answers every
 * {@link #getValue} with the tensor the pass chose for that parameter (a fresh autograd leaf on theta,
 * a displaced copy for the look-ahead, a scratch copy of a running statistic), so the block's own
 * arrays are never part of a graph and never written by the pass. Records which parameters the block
 * read, so a block that bypasses the store is caught instead of silently computing with theta.
 */
final class DjlPassStore extends ParameterStore {

    private final Map<String, NDArray> values;
    private final Set<String> read = new HashSet<>();

    /**
     * @param pass   the pass's manager
     * @param values the tensor to hand out for each parameter, by {@link Parameter#getId()}
     */
    DjlPassStore(NDManager pass, Map<String, NDArray> values) {
        super(pass, false);
        this.values = values;
    }

    /** @throws IllegalStateException if the block asks for a parameter it did not list when the model was made */
    @Override
    public NDArray getValue(Parameter parameter, Device device, boolean training) {
        if (parameter == null) {
            return null; // DJL's convention for optional parameters (a bias-free layer)
        }
        NDArray value = values.get(parameter.getId());
        if (value == null) {
            throw new IllegalStateException("the block read parameter '" + parameter.getName()
                    + "', which it did not list when the model was made (parameters must not change afterwards)");
        }
        read.add(parameter.getId());
        return value;
    }

    /** Whether the block read {@code parameter} during the pass. */
    boolean wasRead(Parameter parameter) {
        return read.contains(parameter.getId());
    }
}
