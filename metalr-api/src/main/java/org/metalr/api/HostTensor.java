package org.metalr.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense, row-major array in Java memory: how tensors cross the boundary between engine-free code
 * and a backend. Immutable from the outside: the constructors copy nothing, so callers must not
 * modify an array after handing it over; the accessors return copies.
 *
 * <p>Holds exactly one of {@code float[]}, {@code double[]} or {@code long[]} (the last for integer
 * buffers such as BatchNorm's {@code num_batches_tracked}).
 */
public final class HostTensor {

    /** Element type of a host tensor. */
    public enum Kind { FLOAT32, FLOAT64, INT64 }

    private final Kind kind;
    private final long[] shape;
    private final float[] floats;
    private final double[] doubles;
    private final long[] longs;

    private HostTensor(Kind kind, long[] shape, float[] floats, double[] doubles, long[] longs) {
        this.kind = kind;
        this.shape = shape.clone();
        this.floats = floats;
        this.doubles = doubles;
        this.longs = longs;
        long n = numel(shape);
        int length = floats != null ? floats.length : doubles != null ? doubles.length : longs.length;
        if (n != length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " holds " + n + " elements, data has " + length);
        }
    }

    /** Wraps {@code data} (not copied) as a float32 tensor of the given shape. */
    public static HostTensor of(float[] data, long... shape) {
        return new HostTensor(Kind.FLOAT32, shape, Objects.requireNonNull(data), null, null);
    }

    /** Wraps {@code data} (not copied) as a float64 tensor of the given shape. */
    public static HostTensor of(double[] data, long... shape) {
        return new HostTensor(Kind.FLOAT64, shape, null, Objects.requireNonNull(data), null);
    }

    /** Wraps {@code data} (not copied) as an int64 tensor of the given shape. */
    public static HostTensor ofLongs(long[] data, long... shape) {
        return new HostTensor(Kind.INT64, shape, null, null, Objects.requireNonNull(data));
    }

    /** Number of elements of a shape; a scalar (empty shape) has one. */
    public static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public Kind kind() {
        return kind;
    }

    public long[] shape() {
        return shape.clone();
    }

    public long numel() {
        return numel(shape);
    }

    /** The values as doubles (a copy; exact for every kind but int64 beyond 2^53). */
    public double[] toDoubleArray() {
        switch (kind) {
            case FLOAT64:
                return doubles.clone();
            case FLOAT32: {
                double[] out = new double[floats.length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = floats[i];
                }
                return out;
            }
            default: {
                double[] out = new double[longs.length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = longs[i];
                }
                return out;
            }
        }
    }

    /** The values rounded to float32 (a copy). */
    public float[] toFloatArray() {
        if (kind == Kind.FLOAT32) {
            return floats.clone();
        }
        double[] d = toDoubleArray();
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (float) d[i];
        }
        return out;
    }

    /** The values as longs (a copy); only for int64 tensors. */
    public long[] toLongArray() {
        if (kind != Kind.INT64) {
            throw new IllegalStateException("not an int64 tensor: " + kind);
        }
        return longs.clone();
    }

    /** This tensor converted to the element type of {@code dtype} (itself when it already is). */
    public HostTensor to(DType dtype) {
        if (dtype == DType.FLOAT64) {
            return kind == Kind.FLOAT64 ? this : of(toDoubleArray(), shape);
        }
        return kind == Kind.FLOAT32 ? this : of(toFloatArray(), shape);
    }

    @Override
    public String toString() {
        return "HostTensor[" + kind + " " + Arrays.toString(shape) + "]";
    }
}
