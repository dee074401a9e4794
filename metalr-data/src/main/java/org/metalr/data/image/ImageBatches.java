package org.metalr.data.image;

import java.util.List;
import java.util.Objects;
import org.metalr.data.BatchLoader;
import org.metalr.data.BatchStream;
import org.metalr.data.CyclingBatches;
import org.metalr.data.DatasetSplits;
import org.metalr.data.DecodePool;
import org.metalr.data.LoaderConfig;
import org.metalr.data.SeededRandom;

/**
 * The three batch streams of a fine-tuning run over image splits, sharing one decoding pool:
 * <ul>
 *   <li>{@link #train(int)}: the training set, reshuffled each epoch, augmented by the pipeline;</li>
 *   <li>{@link #metaValidation()}: MetaLR's validation batches, cycling endlessly through the
 *       meta-validation set in a fresh order each pass, without augmentation unless asked;</li>
 *   <li>{@link #test()}: the test set in dataset order, without augmentation.</li>
 * </ul>
 * Close it to stop the decoding threads.
 */
public final class ImageBatches implements AutoCloseable {

    /**
     * @param batchSize             training and meta-validation batch size
     * @param evalBatchSize         test batch size
     * @param seed                  fixes shuffles and augmentation
     * @param threads               decoding threads (0: decode on the caller's thread)
     * @param prefetchBatches       batches decoded ahead per stream
     * @param dropLastTrain         drop each training epoch's incomplete last batch
     * @param cacheDecoded          keep decoded, resized images in memory after their first use
     * @param augmentMetaValidation augment meta-validation batches like training ones
     */
    public record Options(int batchSize, int evalBatchSize, long seed, int threads, int prefetchBatches,
            boolean dropLastTrain, boolean cacheDecoded, boolean augmentMetaValidation) {

        /** @throws IllegalArgumentException if a batch size or the prefetch is below 1, or threads below 0 */
        public Options {
            if (batchSize < 1 || evalBatchSize < 1 || prefetchBatches < 1 || threads < 0) {
                throw new IllegalArgumentException("bad loader options: batch sizes " + batchSize + " and " + evalBatchSize
                        + ", prefetch " + prefetchBatches + ", threads " + threads);
            }
        }

        /** Two decoding threads, four batches ahead, last batch kept, no cache, plain meta-validation. */
        public static Options defaults(int batchSize, long seed) {
            return new Options(batchSize, batchSize, seed, 2, 4, false, false, false);
        }

        public Options withThreads(int n) {
            return new Options(batchSize, evalBatchSize, seed, n, prefetchBatches, dropLastTrain, cacheDecoded,
                    augmentMetaValidation);
        }

        public Options withCache(boolean cache) {
            return new Options(batchSize, evalBatchSize, seed, threads, prefetchBatches, dropLastTrain, cache,
                    augmentMetaValidation);
        }
    }

    private final DatasetSplits splits;
    private final DecodePool pool;
    private final BatchLoader train;
    private final BatchLoader metaValidation;
    private final BatchLoader test;
    private CyclingBatches cycling;

    private ImageBatches(DatasetSplits splits, ImagePipeline pipeline, Options options) {
        this.splits = splits;
        this.pool = new DecodePool(options.threads());
        ImagePipeline eval = pipeline.withoutAugmentation();
        this.train = new BatchLoader(new ImageSampleSource(splits.train(), pipeline, options.cacheDecoded()),
                new LoaderConfig(options.batchSize(), true, options.dropLastTrain(), options.seed(), options.prefetchBatches()),
                pool);
        this.metaValidation = new BatchLoader(
                new ImageSampleSource(splits.metaValidation(), options.augmentMetaValidation() ? pipeline : eval,
                        options.cacheDecoded()),
                new LoaderConfig(options.batchSize(), true, false, SeededRandom.mixKeys(options.seed(), 0x4D455441L),
                        options.prefetchBatches()),
                pool);
        this.test = new BatchLoader(new ImageSampleSource(splits.test(), eval, false),
                new LoaderConfig(options.evalBatchSize(), false, false, options.seed(), options.prefetchBatches()), pool);
    }

    /**
     * Loaders over {@code splits}; {@code pipeline} is the training pipeline, and its
     * {@link ImagePipeline#withoutAugmentation() unaugmented} form serves evaluation.
     */
    public static ImageBatches open(DatasetSplits splits, ImagePipeline pipeline, Options options) {
        return new ImageBatches(Objects.requireNonNull(splits, "splits"), Objects.requireNonNull(pipeline, "pipeline"),
                Objects.requireNonNull(options, "options"));
    }

    public DatasetSplits splits() {
        return splits;
    }

    /** Class names, indexed by label. */
    public List<String> classes() {
        return splits.train().classes();
    }

    /** The training batches of epoch {@code epoch}. */
    public BatchStream train(int epoch) {
        return train.epoch(epoch);
    }

    /**
     * The endless meta-validation stream (one per instance, created on first call).
     *
     * @throws IllegalStateException if the meta-validation set is empty
     */
    public synchronized CyclingBatches metaValidation() {
        if (cycling == null) {
            cycling = metaValidation.cycling();
        }
        return cycling;
    }

    /** The test batches, in dataset order. */
    public BatchStream test() {
        return test.epoch(0);
    }

    public BatchLoader trainLoader() {
        return train;
    }

    public BatchLoader metaValidationLoader() {
        return metaValidation;
    }

    public BatchLoader testLoader() {
        return test;
    }

    @Override
    public synchronized void close() {
        if (cycling != null) {
            cycling.close();
        }
        pool.close();
    }
}
