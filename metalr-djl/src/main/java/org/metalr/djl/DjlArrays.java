package org.metalr.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.metalr.api.DType;
import org.metalr.api.HostTensor;

/**
 * Host transfers and scoping of DJL arrays. DJL puts the result of an operation into the manager of
 * its first operand; {@link #view} gives a pass its own handle on a long-lived tensor, so everything
 * computed from it lands in (and is freed with) the pass's manager.
 */
final class DjlArrays {

    private DjlArrays() {}

    static DataType dataType(DType dtype) {
        return dtype == DType.FLOAT64 ? DataType.FLOAT64 : DataType.FLOAT32;
    }

    /**
     * A handle in {@code scope} on the same storage as {@code array}, outside autograd ({@code detach()}).
     * In-place writes through it change {@code array}; closing it frees only the handle.
     */
    static NDArray view(NDArray array, NDManager scope) {
        NDArray v = array.stopGradient();
        v.attach(scope);
        return v;
    }

    /**
     * A copy of {@code host} in {@code manager}, converted to {@code type}. The tensor wraps a Java
     * direct buffer that lives as long as the array and is freed by the garbage collector.
     */
    private static NDArray upload(NDManager manager, HostTensor host, DataType type) {
        Shape shape = new Shape(host.shape());
        if (type == DataType.FLOAT64) {
            return manager.create(host.toDoubleArray(), shape);
        }
        if (type == DataType.FLOAT32) {
            return manager.create(host.toFloatArray(), shape);
        }
        if (type == DataType.INT64) {
            return manager.create(host.toLongArray(), shape);
        }
        throw new IllegalArgumentException("unsupported element type " + type);
    }

    /** Like {@link #upload} but in LibTorch-owned memory, for tensors that live as long as a model. */
    static NDArray uploadOwned(NDManager manager, HostTensor host, DataType type) {
        try (NDArray wrapped = upload(manager, host, type)) {
            return wrapped.duplicate();
        }
    }

    /** A host copy of {@code array}. */
    static HostTensor download(NDArray array) {
        long[] shape = array.getShape().getShape();
        DataType type = array.getDataType();
        if (type == DataType.FLOAT64) {
            return HostTensor.of(array.toDoubleArray(), shape);
        }
        if (type == DataType.FLOAT32) {
            return HostTensor.of(array.toFloatArray(), shape);
        }
        if (type == DataType.INT64) {
            return HostTensor.ofLongs(array.toLongArray(), shape);
        }
        throw new IllegalStateException("unsupported element type " + type);
    }

    /** The value of a one-element floating-point array. */
    static double scalar(NDArray array) {
        return array.getDataType() == DataType.FLOAT64 ? array.toDoubleArray()[0] : array.toFloatArray()[0];
    }
}
