package org.metalr.data;

import java.util.Iterator;
import org.metalr.api.Batch;

/**
 * An endless run through a loader's epochs 0, 1, 2, ...: each call to {@link #next()} gives the next
 * batch, starting a fresh (reshuffled) epoch when one ends. How MetaLR draws its meta-validation
 * batches. Single consumer; close it to cancel prefetched batches.
 */
public final class CyclingBatches implements Iterator<Batch>, AutoCloseable {

    private final BatchLoader loader;
    private int epoch;
    private BatchStream current;

    CyclingBatches(BatchLoader loader) {
        this.loader = loader;
        this.current = loader.epoch(0);
    }

    /** Always true: the stream never ends. */
    @Override
    public boolean hasNext() {
        return true;
    }

    /** @throws BadInputException if a sample of the batch could not be loaded */
    @Override
    public Batch next() {
        if (!current.hasNext()) {
            current.close();
            current = loader.epoch(++epoch);
        }
        return current.next();
    }

    /** The epoch the last batch came from (0 for the first pass). */
    public int epoch() {
        return epoch;
    }

    @Override
    public void close() {
        current.close();
    }
}
