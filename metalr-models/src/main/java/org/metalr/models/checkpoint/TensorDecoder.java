package org.metalr.models.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.metalr.api.HostTensor;

/**
 * Copies a (possibly strided) view of little-endian element bytes into a dense row-major host
 * tensor. Callers check beforehand that every index the view touches lies within the bytes.
 */
final class TensorDecoder {

    private TensorDecoder() {}

    /** Number of elements of a shape, or -1 when it does not fit a Java array. */
    static long arrayLength(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                return -1;
            }
            if (d != 0 && n > Integer.MAX_VALUE / d) {
                return -1;
            }
            n *= d;
        }
        return n > Integer.MAX_VALUE - 8 ? -1 : n;
    }

    /** Row-major (contiguous) strides of a shape. */
    static long[] contiguousStrides(long[] shape) {
        long[] stride = new long[shape.length];
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            stride[i] = s;
            s *= Math.max(1, shape[i]);
        }
        return stride;
    }

    /**
     * Largest element index the view touches, or -1 for an empty view.
     *
     * @throws ArithmeticException if it overflows a long
     */
    static long lastIndex(long offset, long[] size, long[] stride) {
        long last = offset;
        for (int i = 0; i < size.length; i++) {
            if (size[i] == 0) {
                return -1;
            }
            last = Math.addExact(last, Math.multiplyExact(size[i] - 1, stride[i]));
        }
        return last;
    }

    /**
     * @param bytes  element bytes (position 0 is element 0); its byte order is ignored
     * @param offset index of the view's first element
     * @param size   the view's shape
     * @param stride elements to step per unit of each dimension
     */
    static HostTensor decode(ByteBuffer bytes, ElementType type, long offset, long[] size, long[] stride) {
        ByteBuffer b = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int n = (int) arrayLength(size);
        Cursor c = new Cursor(offset, size, stride);
        switch (type.hostKind()) {
            case FLOAT32: {
                float[] out = new float[n];
                for (int i = 0; i < n; i++) {
                    out[i] = readFloat(b, type, c.next());
                }
                return HostTensor.of(out, size);
            }
            case FLOAT64: {
                double[] out = new double[n];
                for (int i = 0; i < n; i++) {
                    out[i] = b.getDouble(Math.toIntExact(c.next() * 8));
                }
                return HostTensor.of(out, size);
            }
            default: {
                long[] out = new long[n];
                for (int i = 0; i < n; i++) {
                    out[i] = readLong(b, type, c.next());
                }
                return HostTensor.ofLongs(out, size);
            }
        }
    }

    private static float readFloat(ByteBuffer b, ElementType type, long index) {
        int at = Math.toIntExact(index * type.size);
        switch (type) {
            case F32:
                return b.getFloat(at);
            case F16:
                return HalfFloats.halfToFloat(b.getShort(at));
            default:
                return HalfFloats.bfloat16ToFloat(b.getShort(at));
        }
    }

    private static long readLong(ByteBuffer b, ElementType type, long index) {
        int at = Math.toIntExact(index * type.size);
        switch (type) {
            case I64:
                return b.getLong(at);
            case I32:
                return b.getInt(at);
            case I16:
                return b.getShort(at);
            case I8:
                return b.get(at);
            case U8:
                return b.get(at) & 0xff;
            default:
                return b.get(at) != 0 ? 1 : 0;
        }
    }

    /** Walks a strided view in row-major order, yielding element indices. */
    private static final class Cursor {
        private final long[] size;
        private final long[] stride;
        private final long[] index;
        private long position;

        Cursor(long offset, long[] size, long[] stride) {
            this.size = size;
            this.stride = stride;
            this.index = new long[size.length];
            this.position = offset;
        }

        long next() {
            long current = position;
            for (int d = size.length - 1; d >= 0; d--) {
                index[d]++;
                position += stride[d];
                if (index[d] < size[d]) {
                    break;
                }
                position -= stride[d] * size[d];
                index[d] = 0;
            }
            return current;
        }
    }
}
