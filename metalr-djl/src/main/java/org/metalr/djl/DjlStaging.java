package org.metalr.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.metalr.api.HostTensor;

/**
 * One reusable direct buffer through which a model's batches enter LibTorch. DJL wraps a direct
 * buffer as a tensor without copying; a fresh buffer per pass would be native memory that only the
 * Java garbage collector frees, piling up between collections. Reuse is safe because a pass's input
 * tensor dies with the pass and passes of one model never overlap (models are single-threaded). On a
 * GPU, DJL copies the buffer to the device (a synchronous copy) and keeps no reference to it.
 */
final class DjlStaging {

    private ByteBuffer buffer = ByteBuffer.allocateDirect(0);

    /** {@code host} converted to {@code type} as a tensor of {@code scope} on its device, valid until the next call. */
    NDArray upload(NDManager scope, HostTensor host, DataType type) {
        int n = Math.toIntExact(host.numel());
        int bytes = Math.multiplyExact(n, type.getNumOfBytes());
        if (buffer.capacity() < bytes) {
            buffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
        }
        buffer.clear();
        if (type == DataType.FLOAT64) {
            buffer.asDoubleBuffer().put(host.toDoubleArray());
        } else if (type != DataType.FLOAT32) {
            throw new IllegalArgumentException("unsupported input type " + type);
        } else if (host.kind() == HostTensor.Kind.FLOAT32) {
            buffer.asFloatBuffer().put(host.toFloatArray());
        } else {
            // rounds as HostTensor.toFloatArray does, without its second host copy
            FloatBuffer floats = buffer.asFloatBuffer();
            for (double v : host.toDoubleArray()) {
                floats.put((float) v);
            }
        }
        // LibTorch reads from the buffer's start; the limit tells DJL the size.
        buffer.limit(bytes);
        return scope.create(buffer, new Shape(host.shape()), type);
    }
}
