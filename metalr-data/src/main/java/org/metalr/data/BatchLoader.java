package org.metalr.data;

import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Cuts a {@link SampleSource} into {@link org.metalr.api.Batch}es of float32 inputs
 * {@code [N, sampleShape...]} and int64 labels, deterministically; a {@link SegmentationSource} into
 * {@link org.metalr.api.Batch#segmentation segmentation batches} with float32 masks
 * {@code [N, maskShape...]} instead of labels.
 *
 * <p>Determinism: epoch {@code e}'s order is a permutation seeded by {@code (seed, e)} (dataset order
 * when shuffling is off), and sample {@code i}'s augmentation draws from a generator seeded by
 * {@code (seed, e, i)}. Nothing depends on thread scheduling, so the batches are bit-identical
 * whatever the pool's size. Decoding runs on the {@link DecodePool}, {@code prefetchBatches} ahead of
 * the consumer.
 *
 * <p>Typical use: {@code try (BatchStream s = loader.epoch(e)) { while (s.hasNext()) step(s.next()); }};
 * for MetaLR's validation batches, {@link #cycling()}.
 */
public final class BatchLoader {

    private static final long ORDER_KEY = 0x4F52444552L;

    private final SampleSource source;
    private final LoaderConfig config;
    private final DecodePool pool;

    public BatchLoader(SampleSource source, LoaderConfig config, DecodePool pool) {
        this.source = Objects.requireNonNull(source, "source");
        this.config = Objects.requireNonNull(config, "config");
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    public SampleSource source() {
        return source;
    }

    public LoaderConfig config() {
        return config;
    }

    /** Batches in one epoch: without a final incomplete one under {@code dropLast}, or a final one of one sample under {@code dropSingle}. */
    public int batchesPerEpoch() {
        int n = source.size();
        int b = config.batchSize();
        if (config.dropLast() || (config.dropSingle() && n % b == 1 && n > 1)) {
            return n / b;
        }
        return (n + b - 1) / b;
    }

    /** Dataset indices in the order epoch {@code epoch} visits them. */
    public int[] order(int epoch) {
        int[] order = IntStream.range(0, source.size()).toArray();
        if (config.shuffle()) {
            SeededRandom.derive(config.seed(), ORDER_KEY, epoch).shuffle(order);
        }
        return order;
    }

    /** The generator sample {@code index} uses in epoch {@code epoch}. */
    SeededRandom sampleRandom(int epoch, int index) {
        return SeededRandom.derive(config.seed(), epoch, index);
    }

    /** The batches of epoch {@code epoch}; decoding of the first ones starts now. */
    public BatchStream epoch(int epoch) {
        return new EpochStream(this, epoch, order(epoch), batchesPerEpoch(), pool);
    }

    /**
     * An endless stream of batches that runs through epoch 0, 1, 2, ... of this loader: MetaLR's
     * meta-validation batches, cycling through the held-out set with a fresh order each pass.
     *
     * @throws IllegalStateException if an epoch has no batch (empty set, or fewer samples than a
     *                               batch with {@code dropLast})
     */
    public CyclingBatches cycling() {
        if (batchesPerEpoch() == 0) {
            throw new IllegalStateException("cannot cycle through " + source.size()
                    + " samples in batches of " + config.batchSize() + (config.dropLast() ? " with dropLast" : ""));
        }
        return new CyclingBatches(this);
    }
}
