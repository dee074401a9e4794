package org.metalr.javacpp;

import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.metalr.api.DType;
import org.metalr.api.Device;
import org.metalr.api.HostTensor;

/**
 * Copies between {@link HostTensor}s and LibTorch tensors: every copy between the host and a model's
 * device goes through here. Every tensor made here is a fresh, dense allocation owned by LibTorch (no
 * view of Java memory), attached to the current {@link org.bytedeco.javacpp.PointerScope} like any
 * other result; host arrays are always copies. A tensor bound for a GPU is filled on the CPU and
 * copied over once.
 */
final class CppHost {

    private CppHost() {}

    static ScalarType scalarType(DType dtype) {
        return dtype == DType.FLOAT64 ? ScalarType.Double : ScalarType.Float;
    }

    /** LibTorch's name for {@code device}, in the current scope. */
    static org.bytedeco.pytorch.Device device(Device device) {
        return device.isCuda()
                ? new org.bytedeco.pytorch.Device(torch.DeviceType.CUDA, (byte) device.index())
                : new org.bytedeco.pytorch.Device(torch.DeviceType.CPU);
    }

    /** A new tensor of {@code dtype} on {@code device} holding the values of {@code host} (converted when needed). */
    static Tensor toTensor(HostTensor host, DType dtype, Device device) {
        Tensor t = empty(host.shape(), scalarType(dtype));
        if (host.numel() > 0) {
            if (dtype == DType.FLOAT64) {
                t.data_ptr_double().put(host.to(DType.FLOAT64).toDoubleArray());
            } else {
                t.data_ptr_float().put(host.to(DType.FLOAT32).toFloatArray());
            }
        }
        return onDevice(t, scalarType(dtype), device);
    }

    /** A new int64 tensor on {@code device} of the given shape holding {@code values}. */
    static Tensor longs(long[] values, Device device, long... shape) {
        Tensor t = empty(shape, ScalarType.Long);
        if (values.length > 0) {
            t.data_ptr_long().put(values);
        }
        return onDevice(t, ScalarType.Long, device);
    }

    /** A host copy of a floating-point tensor, in the element type of {@code dtype}. */
    static HostTensor toHost(Tensor t, DType dtype) {
        long[] shape = shape(t);
        int n = Math.toIntExact(t.numel());
        Tensor dense = dense(t, scalarType(dtype));
        if (dtype == DType.FLOAT64) {
            double[] out = new double[n];
            if (n > 0) {
                dense.data_ptr_double().get(out);
            }
            return HostTensor.of(out, shape);
        }
        float[] out = new float[n];
        if (n > 0) {
            dense.data_ptr_float().get(out);
        }
        return HostTensor.of(out, shape);
    }

    /** A host copy of an integer tensor, as int64. */
    static HostTensor toHostLongs(Tensor t) {
        long[] out = new long[Math.toIntExact(t.numel())];
        if (out.length > 0) {
            dense(t, ScalarType.Long).data_ptr_long().get(out);
        }
        return HostTensor.ofLongs(out, shape(t));
    }

    /** The values of a one-dimensional or scalar tensor as doubles. */
    static double[] toDoubles(Tensor t) {
        double[] out = new double[Math.toIntExact(t.numel())];
        if (out.length > 0) {
            dense(t, ScalarType.Double).data_ptr_double().get(out);
        }
        return out;
    }

    /** The value of a one-element tensor (a loss), copied to the host. */
    static double scalar(Tensor t) {
        return t.item_double();
    }

    static long[] shape(Tensor t) {
        long[] shape = new long[(int) t.dim()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = t.size(i);
        }
        return shape;
    }

    /** {@code t} as a contiguous CPU tensor of {@code type}: {@code t} itself when it already is one. */
    private static Tensor dense(Tensor t, ScalarType type) {
        Tensor host = t.is_cpu() ? t.to(type) : t.to(device(Device.CPU), type);
        return host.contiguous();
    }

    private static Tensor onDevice(Tensor t, ScalarType type, Device device) {
        return device.isCuda() ? t.to(device(device), type) : t;
    }

    private static Tensor empty(long[] shape, ScalarType type) {
        return torch.empty(shape, new TensorOptions(type), new MemoryFormatOptional());
    }
}
