package org.metalr.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.HashMap;
import java.util.Map;

/**
 * Zero-dimensional tensors for the scalars of one pass or step, made once per value. DJL's
 * {@code mul(Number)} and friends build and free a native scalar on every call, which costs several
 * times the arithmetic on small tensors. A zero-dimensional float64 operand does not promote a float32
 * tensor, so the result is what the {@code Number} overloads (and torch's Python scalars) give.
 * On a GPU the scalars stay on the CPU, as torch keeps a Python scalar: LibTorch passes a
 * zero-dimensional CPU operand of a CUDA kernel by value, so no scalar is copied to the device.
 */
final class DjlScalars {

    private final NDManager scope;
    private final Map<Double, NDArray> doubles = new HashMap<>();
    private final Map<Float, NDArray> floats = new HashMap<>();
    private NDArray one;

    /** @param scope the manager of the pass or step; the scalars are freed with it */
    DjlScalars(NDManager scope) {
        this.scope = scope.getDevice().isGpu() ? scope.newSubManager(Device.cpu()) : scope;
    }

    /** {@code value} as a float64 scalar tensor. */
    NDArray of(double value) {
        return doubles.computeIfAbsent(value, v -> scope.create(v.doubleValue()));
    }

    /**
     * {@code value} as a scalar tensor of {@code type} (float64 or float32), for operands that must not
     * promote: between zero-dimensional tensors a float64 one would turn a float32 result into float64.
     */
    NDArray of(double value, DataType type) {
        return type == DataType.FLOAT64 ? of(value)
                : floats.computeIfAbsent((float) value, v -> scope.create(v.floatValue()));
    }

    /** The int64 scalar 1, for counters (a float operand would not fit an in-place integer add). */
    NDArray longOne() {
        if (one == null) {
            one = scope.create(1L);
        }
        return one;
    }
}
