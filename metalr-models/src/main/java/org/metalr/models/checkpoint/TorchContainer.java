package org.metalr.models.checkpoint;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The container of a {@code torch.save} file, in one of its two formats: the zip archive
 * ({@link TorchArchive}) or the legacy stream of pickles and raw storages ({@link LegacyTorchFile}).
 * Both hold one pickled object whose tensors name their storages by key through persistent ids; what
 * differs is where the pickle and the storage bytes lie and how a persistent id is spelled.
 * {@link TorchCheckpointReader} executes the pickle with its restricted globals and decodes the
 * tensors the same way for both.
 *
 * <p>Call order: {@link #unpickle} once, then {@link #storage} for the storages the caller's tensors
 * view (on the reading thread, while open), then {@link #close}. Not thread-safe. Every method throws
 * {@link CheckpointException} naming {@link #source()}.
 */
interface TorchContainer extends AutoCloseable {

    /** The file, as error messages name it. */
    String source();

    /**
     * Runs the saved object's pickle and returns its value, tensors left unread as {@link TensorRef}s.
     * {@code resolver} gives meaning to globals and passes persistent ids to {@link #persistentLoad}.
     * Any check of the container's structure that needs the pickle's storage declarations happens
     * here too, so an inconsistent file fails before any tensor is read.
     */
    Object unpickle(Unpickler.Resolver resolver) throws CheckpointException;

    /**
     * What a persistent id of this format stands for: a {@link StorageRef} for a storage, or whatever
     * else the format writes as one.
     *
     * @param pid the persistent id, a tuple
     * @throws PickleException if this format writes no such id
     */
    Object persistentLoad(List<?> pid) throws PickleException;

    /**
     * The bytes of storage {@code key}, little-endian elements from position 0 (a shared buffer: do
     * not modify); read on first use, then kept while the container is open. {@code tensorKey} names
     * the tensor in errors.
     */
    ByteBuffer storage(String key, String tensorKey) throws CheckpointException;

    /** Releases the file. Never throws. */
    @Override
    void close();
}
