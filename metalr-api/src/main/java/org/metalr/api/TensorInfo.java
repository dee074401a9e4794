package org.metalr.api;

import java.util.Arrays;
import java.util.Objects;

/** Name and shape of one named tensor of a model (a parameter or a buffer). */
public record TensorInfo(String name, long[] shape) {

    public TensorInfo {
        Objects.requireNonNull(name, "name");
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public long numel() {
        return HostTensor.numel(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && t.name.equals(name) && Arrays.equals(t.shape, shape);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
