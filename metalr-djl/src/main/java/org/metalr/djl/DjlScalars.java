package org.metalr.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Zero-dimensional tensors for the scalars of one pass or step, made once per value. DJL's
 * {@code mul(Number)} and friends build and free a native scalar on every call, which costs several
 * times the arithmetic on small tensors. A zero-dimensional float64 operand does not promote a float32
 * tensor, so the result is what the {@code Number} overloads (and torch's Python scalars) give.
 */
final class DjlScalars {

    private final NDManager scope;
    private final Map<Double, NDArray> doubles = new HashMap<>();
    private NDArray one;

    /** @param scope the manager of the pass or step; the scalars are freed with it */
    DjlScalars(NDManager scope) {
        this.scope = scope;
    }

    /** {@code value} as a float64 scalar tensor. */
    NDArray of(double value) {
        return doubles.computeIfAbsent(value, v -> scope.create(v.doubleValue()));
    }

    /** The int64 scalar 1, for counters (a float operand would not fit an in-place integer add). */
    NDArray longOne() {
        if (one == null) {
            one = scope.create(1L);
        }
        return one;
    }
}
