package org.metalr.data;

/**
 * How a {@link BatchLoader} cuts a set into batches.
 *
 * @param batchSize       samples per batch (the last batch of an epoch may be smaller unless {@code dropLast})
 * @param shuffle         a fresh seeded permutation each epoch; otherwise dataset order
 * @param dropLast        drop an epoch's final incomplete batch
 * @param seed            fixes the permutations and every sample's augmentation
 * @param prefetchBatches batches decoded ahead of the consumer (at least 1)
 * @param dropSingle      drop an epoch's final batch when it would hold one sample: a batch of one has no
 *                        batch statistics, so BatchNorm cannot train on it (training and meta-validation
 *                        batches drop it; evaluation batches of any size are fine)
 */
public record LoaderConfig(int batchSize, boolean shuffle, boolean dropLast, long seed, int prefetchBatches,
        boolean dropSingle) {

    /** A loader that keeps a final batch of one. */
    public LoaderConfig(int batchSize, boolean shuffle, boolean dropLast, long seed, int prefetchBatches) {
        this(batchSize, shuffle, dropLast, seed, prefetchBatches, false);
    }

    /** @throws IllegalArgumentException if {@code batchSize < 1} or {@code prefetchBatches < 1} */
    public LoaderConfig {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (prefetchBatches < 1) {
            throw new IllegalArgumentException("prefetch must be at least 1 batch, got " + prefetchBatches);
        }
    }

    /** Shuffled each epoch, last batch kept, four batches prefetched. */
    public static LoaderConfig shuffled(int batchSize, long seed) {
        return new LoaderConfig(batchSize, true, false, seed, 4);
    }

    /** Dataset order, last batch kept, four batches prefetched: for evaluation. */
    public static LoaderConfig inOrder(int batchSize) {
        return new LoaderConfig(batchSize, false, false, 0, 4);
    }

    public LoaderConfig withDropLast(boolean drop) {
        return new LoaderConfig(batchSize, shuffle, drop, seed, prefetchBatches, dropSingle);
    }

    public LoaderConfig withPrefetch(int batches) {
        return new LoaderConfig(batchSize, shuffle, dropLast, seed, batches, dropSingle);
    }

    public LoaderConfig withDropSingle(boolean drop) {
        return new LoaderConfig(batchSize, shuffle, dropLast, seed, prefetchBatches, drop);
    }
}
