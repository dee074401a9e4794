package org.metalr.models.checkpoint;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * A storage as a persistent id names it: {@code ('storage', <type>, key, location, numel, ...)}. The
 * bytes stay in the container until a tensor viewing them is materialised.
 */
record StorageRef(TorchContainer container, ElementType type, String key, long numel) {

    /**
     * From the fields both formats' storage ids begin with: {@code 'storage'}, the storage class, the
     * key, the location (ignored: everything is read to the host) and the element count.
     *
     * @throws PickleException if {@code pid} is not shaped so, or names a storage class not read here
     */
    static StorageRef fromPersistentId(TorchContainer container, List<?> pid) throws PickleException {
        if (pid.size() >= 5 && "storage".equals(pid.get(0))) {
            Object key = pid.get(2);
            if (pid.get(1) instanceof ElementType type && (key instanceof String || key instanceof Long)
                    && pid.get(4) instanceof Long numel && numel >= 0) {
                return new StorageRef(container, type, String.valueOf(key), numel);
            }
            if (!(pid.get(1) instanceof ElementType)) {
                throw new PickleException("storage of unsupported type " + pid.get(1));
            }
        }
        throw new PickleException("unsupported persistent id " + pid);
    }

    /** The storage's bytes, checked to hold the {@code numel} elements its persistent id declares. */
    ByteBuffer bytes(String tensorKey) throws CheckpointException {
        ByteBuffer bytes = container.storage(key, tensorKey);
        long needed = numel * type.size;
        if (bytes.remaining() < needed) {
            throw new CheckpointException(container.source(), tensorKey, "storage '" + key + "' holds " + bytes.remaining()
                    + " bytes, but its header declares " + numel + " " + type.storageName + " elements ("
                    + needed + " bytes): truncated or corrupt");
        }
        return bytes;
    }
}
