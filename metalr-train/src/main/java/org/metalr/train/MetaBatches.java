package org.metalr.train;

import java.util.function.Supplier;
import org.metalr.api.Batch;
import org.metalr.data.BatchLoader;
import org.metalr.data.BatchStream;

/**
 * The meta-validation batches as an endless run through the loader's epochs 0, 1, 2, ... (the order
 * {@link org.metalr.data.CyclingBatches} gives), positioned by the number of batches drawn so far, so
 * a resumed run draws exactly the batches an uninterrupted one would. Opens nothing until the first
 * draw: methods that never draw decode nothing.
 */
final class MetaBatches implements Supplier<Batch>, AutoCloseable {

    private final BatchLoader loader;
    private long drawn;
    private BatchStream stream;
    private int streamEpoch;

    /** @param drawn batches drawn before (0 for a new run) */
    MetaBatches(BatchLoader loader, long drawn) {
        this.loader = loader;
        this.drawn = drawn;
    }

    /** Batches drawn since the run's start. */
    long drawn() {
        return drawn;
    }

    @Override
    public Batch get() {
        if (stream == null) {
            int perEpoch = loader.batchesPerEpoch();
            if (perEpoch == 0) {
                throw new IllegalStateException("the meta-validation set has no batch");
            }
            streamEpoch = Math.toIntExact(drawn / perEpoch);
            stream = loader.epoch(streamEpoch);
            for (long skip = drawn % perEpoch; skip > 0; skip--) {
                stream.next();
            }
        }
        if (!stream.hasNext()) {
            stream.close();
            stream = loader.epoch(++streamEpoch);
        }
        Batch b = stream.next();
        drawn++;
        return b;
    }

    @Override
    public void close() {
        if (stream != null) {
            stream.close();
        }
    }
}
