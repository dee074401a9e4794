package org.metalr.models.checkpoint;

/**
 * A storage as a persistent id names it: {@code ('storage', <type>, key, location, numel)}. The
 * bytes stay in the archive until a tensor viewing them is materialised.
 */
record StorageRef(TorchArchive archive, ElementType type, String key, long numel) {

    /** The storage's bytes, checked to hold the {@code numel} elements its header declares. */
    byte[] bytes(String tensorKey) throws CheckpointException {
        byte[] bytes = archive.storage(key, tensorKey);
        long needed = numel * type.size;
        if (bytes.length < needed) {
            throw new CheckpointException(archive.source(), tensorKey, "storage '" + key + "' holds " + bytes.length
                    + " bytes, but its header declares " + numel + " " + type.storageName + " elements ("
                    + needed + " bytes): truncated or corrupt");
        }
        return bytes;
    }
}
