package org.metalr.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.function.Function;
import org.metalr.api.DType;
import org.metalr.api.HostTensor;

/**
 * Host transfers and scoping of DJL arrays: every copy between the host and a model's device goes
 * through here or {@link DjlStaging}. DJL puts the result of an operation into the manager of its
 * first operand; {@link #view} gives a pass its own handle on a long-lived tensor, so everything
 * computed from it lands in (and is freed with) the pass's manager.
 */
final class DjlArrays {

    private DjlArrays() {}

    static DataType dataType(DType dtype) {
        return dtype == DType.FLOAT64 ? DataType.FLOAT64 : DataType.FLOAT32;
    }

    /** DJL's name for {@code device}: CUDA GPUs are DJL's {@code gpu(i)}. */
    static Device device(org.metalr.api.Device device) {
        return device.isCuda() ? Device.gpu(device.index()) : Device.cpu();
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
     * A copy of {@code host} in {@code manager}, on its device, converted to {@code type}. On the CPU the
     * tensor wraps a Java direct buffer that lives as long as the array and is freed by the garbage
     * collector; on a GPU, DJL copies the buffer to the device.
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

    /** Class labels as an int64 tensor of {@code shape} in {@code scope}, on its device. */
    static NDArray labels(NDManager scope, long[] labels, long... shape) {
        return scope.create(labels, new Shape(shape));
    }

    /** Like {@link #upload} but in LibTorch-owned memory, for tensors that live as long as a model. */
    static NDArray uploadOwned(NDManager manager, HostTensor host, DataType type) {
        try (NDArray wrapped = upload(manager, host, type)) {
            return wrapped.duplicate();
        }
    }

    /** A host copy of {@code array}. */
    static HostTensor download(NDArray array) {
        return onHost(array, host -> {
            long[] shape = host.getShape().getShape();
            DataType type = host.getDataType();
            if (type == DataType.FLOAT64) {
                return HostTensor.of(host.toDoubleArray(), shape);
            }
            if (type == DataType.FLOAT32) {
                return HostTensor.of(host.toFloatArray(), shape);
            }
            if (type == DataType.INT64) {
                return HostTensor.ofLongs(host.toLongArray(), shape);
            }
            throw new IllegalStateException("unsupported element type " + type);
        });
    }

    /** The value of a one-element floating-point array. */
    static double scalar(NDArray array) {
        return onHost(array, host -> host.getDataType() == DataType.FLOAT64
                ? host.toDoubleArray()[0] : host.toFloatArray()[0]);
    }

    /**
     * {@code read} applied to {@code array} on the CPU: the array itself there, else a CPU copy freed
     * at once (DJL's own readers would leave their copy in the array's manager until it closes).
     */
    private static <T> T onHost(NDArray array, Function<NDArray, T> read) {
        if (!array.getDevice().isGpu()) {
            return read.apply(array);
        }
        try (NDArray host = array.toDevice(Device.cpu(), false)) {
            return read.apply(host);
        }
    }
}
