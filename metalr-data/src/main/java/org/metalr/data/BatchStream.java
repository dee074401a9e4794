package org.metalr.data;

import java.util.Iterator;

/**
 * The batches of one epoch, in order, decoded ahead on the loader's pool. Single-use and meant for
 * one consumer thread. Close it to cancel the batches decoded ahead when stopping early.
 *
 * <p>{@link #next()} throws {@link BadInputException} if a sample of the batch could not be loaded,
 * and {@link java.util.NoSuchElementException} after the last batch.
 */
public interface BatchStream extends Iterator<org.metalr.api.Batch>, AutoCloseable {

    /** Number of batches in this epoch. */
    int batches();

    /** Total time {@link #next()} spent waiting for batches not decoded yet, in nanoseconds. */
    long waitedNanos();

    @Override
    void close();
}
