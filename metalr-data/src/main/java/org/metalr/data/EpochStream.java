package org.metalr.data;

import java.util.ArrayDeque;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.metalr.api.Batch;
import org.metalr.api.HostTensor;

/** One epoch of a {@link BatchLoader}: keeps a window of batches in flight on the pool. */
final class EpochStream implements BatchStream {

    private final BatchLoader loader;
    private final int epoch;
    private final int[] order;
    private final int batches;
    private final ExecutorService executor;
    private final int chunksPerBatch;
    private final int window;
    private final ArrayDeque<CompletableFuture<Batch>> inFlight = new ArrayDeque<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private int submitted;
    private int returned;
    private long waitedNanos;

    EpochStream(BatchLoader loader, int epoch, int[] order, int batches, DecodePool pool) {
        this.loader = loader;
        this.epoch = epoch;
        this.order = order;
        this.batches = batches;
        this.executor = pool.executor();
        // A few chunks per batch let several threads share the head batch, so it is ready sooner.
        this.chunksPerBatch = Math.max(1, pool.threads());
        this.window = loader.config().prefetchBatches();
        fill();
    }

    @Override
    public int batches() {
        return batches;
    }

    @Override
    public long waitedNanos() {
        return waitedNanos;
    }

    @Override
    public boolean hasNext() {
        return !closed.get() && returned < batches;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException(closed.get() ? "batch stream closed" : "epoch " + epoch + " has ended");
        }
        if (executor == null) {
            try {
                return build(returned++);
            } catch (RuntimeException | Error e) {
                close();
                throw e;
            }
        }
        CompletableFuture<Batch> head = inFlight.poll();
        returned++;
        fill();
        long start = System.nanoTime();
        try {
            return head.join();
        } catch (CompletionException | CancellationException e) {
            close();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("loading a batch failed", cause);
        } finally {
            waitedNanos += System.nanoTime() - start;
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            for (CompletableFuture<Batch> f : inFlight) {
                f.cancel(false);
            }
            inFlight.clear();
        }
    }

    private void fill() {
        if (executor == null) {
            return;
        }
        while (!closed.get() && submitted < batches && submitted - returned < window) {
            inFlight.add(submit(submitted++));
        }
    }

    private static int[] shape(int n, int[] sample) {
        int[] shape = new int[sample.length + 1];
        shape[0] = n;
        System.arraycopy(sample, 0, shape, 1, sample.length);
        return shape;
    }

    private static int numel(int[] shape, int from) {
        int n = 1;
        for (int i = from; i < shape.length; i++) {
            n = Math.multiplyExact(n, shape[i]);
        }
        return n;
    }

    private CompletableFuture<Batch> submit(int b) {
        BatchArrays arrays = new BatchArrays(b);
        int n = arrays.n;
        int chunks = Math.min(chunksPerBatch, n);
        CompletableFuture<?>[] parts = new CompletableFuture<?>[chunks];
        for (int c = 0; c < chunks; c++) {
            int from = c * n / chunks;
            int to = (c + 1) * n / chunks;
            Runnable task = () -> loadRange(arrays, from, to);
            try {
                parts[c] = CompletableFuture.runAsync(task, executor);
            } catch (RejectedExecutionException e) {
                throw new IllegalStateException("the decode pool is closed", e);
            }
        }
        return CompletableFuture.allOf(parts).thenApply(v -> assemble(arrays));
    }

    private Batch build(int b) {
        BatchArrays arrays = new BatchArrays(b);
        loadRange(arrays, 0, arrays.n);
        return assemble(arrays);
    }

    /** The arrays batch {@code b} is loaded into: inputs, and masks for a segmentation source. */
    private final class BatchArrays {
        final int start;
        final int n;
        final int[] shape;
        final int per;
        final float[] data;
        final int[] maskShape;
        final int maskPer;
        final float[] masks;

        BatchArrays(int b) {
            start = b * loader.config().batchSize();
            n = Math.min(loader.config().batchSize(), order.length - start);
            shape = shape(n, loader.source().sampleShape());
            per = numel(shape, 1);
            data = new float[Math.multiplyExact(n, per)];
            if (loader.source() instanceof SegmentationSource s) {
                maskShape = shape(n, s.maskShape());
                maskPer = numel(maskShape, 1);
                masks = new float[Math.multiplyExact(n, maskPer)];
            } else {
                maskShape = null;
                maskPer = 0;
                masks = null;
            }
        }
    }

    private void loadRange(BatchArrays a, int from, int to) {
        SampleSource source = loader.source();
        for (int k = from; k < to && !closed.get(); k++) {
            int index = order[a.start + k];
            SeededRandom rng = loader.sampleRandom(epoch, index);
            if (a.masks != null) {
                ((SegmentationSource) source).load(index, rng, a.data, k * a.per, a.masks, k * a.maskPer);
            } else {
                source.load(index, rng, a.data, k * a.per);
            }
        }
    }

    private Batch assemble(BatchArrays a) {
        if (a.masks != null) {
            return Batch.segmentation(HostTensor.of(a.data, dims(a.shape)), HostTensor.of(a.masks, dims(a.maskShape)));
        }
        long[] labels = new long[a.n];
        for (int k = 0; k < a.n; k++) {
            labels[k] = loader.source().label(order[a.start + k]);
        }
        return new Batch(HostTensor.of(a.data, dims(a.shape)), labels);
    }

    private static long[] dims(int[] shape) {
        long[] dims = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            dims[i] = shape[i];
        }
        return dims;
    }
}
