package org.metalr.data;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The background threads that decode and augment samples for {@link BatchLoader}s; several loaders
 * (train, meta-validation, test) may share one pool. With zero threads, samples are loaded on the
 * consumer's thread when a batch is requested (no prefetch), which helps debugging.
 *
 * <p>Close it when training ends; its threads are daemons, so a forgotten pool does not keep the
 * JVM alive.
 */
public final class DecodePool implements AutoCloseable {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final int threads;
    private final ExecutorService executor;

    /** @throws IllegalArgumentException if {@code threads < 0} */
    public DecodePool(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be non-negative, got " + threads);
        }
        this.threads = threads;
        if (threads == 0) {
            this.executor = null;
        } else {
            int pool = POOLS.incrementAndGet();
            AtomicInteger n = new AtomicInteger();
            ThreadFactory factory = r -> {
                Thread t = new Thread(r, "metalr-decode-" + pool + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            this.executor = Executors.newFixedThreadPool(threads, factory);
        }
    }

    /** Number of background threads; 0 when loading happens on the consumer's thread. */
    public int threads() {
        return threads;
    }

    /** The executor, or null when {@link #threads()} is 0. */
    ExecutorService executor() {
        return executor;
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
