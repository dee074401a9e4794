package org.metalr.train;

import java.util.List;
import java.util.Objects;
import org.metalr.data.BatchLoader;
import org.metalr.data.DatasetSplits;
import org.metalr.data.DecodePool;
import org.metalr.data.LoaderConfig;
import org.metalr.data.SeededRandom;
import org.metalr.data.image.ImagePipeline;
import org.metalr.data.image.ImageSampleSource;

/**
 * The four batch streams of a run, each deterministic for its position (epoch, batch), which is what
 * lets a checkpoint resume exactly:
 *
 * @param classes        class names, indexed by label
 * @param train          training batches, epoch {@code e} for the run's {@code e}-th pass
 * @param metaValidation MetaLR's validation batches, cycled through epochs 0, 1, 2, ...
 * @param validation     the validation set in order, without augmentation: model selection
 * @param test           the test set in order, without augmentation: final figures only
 * @param resources      closed with this object (decoding threads); may be a no-op
 */
public record TrainingData(List<String> classes, BatchLoader train, BatchLoader metaValidation, BatchLoader validation,
        BatchLoader test, AutoCloseable resources) implements AutoCloseable {

    public TrainingData {
        classes = List.copyOf(classes);
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(metaValidation, "metaValidation");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(resources, "resources");
    }

    /**
     * How {@link #images} loads.
     *
     * @param threads               decoding threads (0: on the training thread)
     * @param prefetchBatches       batches decoded ahead per stream
     * @param shuffle               reshuffle training and meta-validation batches each epoch; off:
     *                              dataset order (image folders: classes, then files, by sorted name)
     * @param cacheDecoded          keep decoded, resized images in memory after first use
     * @param augmentMetaValidation augment meta-validation batches like training ones
     */
    public record Options(int threads, int prefetchBatches, boolean shuffle, boolean cacheDecoded,
            boolean augmentMetaValidation) {

        public Options {
            if (threads < 0 || prefetchBatches < 1) {
                throw new IllegalArgumentException("bad loader options: threads " + threads + ", prefetch " + prefetchBatches);
            }
        }

        /** Two decoding threads, four batches ahead, shuffled, cached, plain meta-validation. */
        public static Options defaults() {
            return new Options(2, 4, true, true, false);
        }

        public Options withShuffle(boolean value) {
            return new Options(threads, prefetchBatches, value, cacheDecoded, augmentMetaValidation);
        }

        public Options withThreads(int value) {
            return new Options(value, prefetchBatches, shuffle, cacheDecoded, augmentMetaValidation);
        }
    }

    /**
     * Streams over image splits: the training set through {@code pipeline}; the meta-validation set
     * through its unaugmented form (unless asked) for MetaLR and again, in order, for validation; the
     * test set in order, unaugmented. Seeds as {@link org.metalr.data.image.ImageBatches} derives them:
     * the run's seed for training, a key mixed into it for meta-validation.
     */
    public static TrainingData images(DatasetSplits splits, ImagePipeline pipeline, TrainConfig config, Options options) {
        Objects.requireNonNull(splits, "splits");
        Objects.requireNonNull(pipeline, "pipeline");
        DecodePool pool = new DecodePool(options.threads());
        ImagePipeline eval = pipeline.withoutAugmentation();
        int prefetch = options.prefetchBatches();
        BatchLoader train = new BatchLoader(new ImageSampleSource(splits.train(), pipeline, options.cacheDecoded()),
                new LoaderConfig(config.batchSize(), options.shuffle(), false, config.seed(), prefetch), pool);
        BatchLoader meta = new BatchLoader(
                new ImageSampleSource(splits.metaValidation(), options.augmentMetaValidation() ? pipeline : eval,
                        options.cacheDecoded()),
                new LoaderConfig(config.batchSize(), options.shuffle(), false,
                        SeededRandom.mixKeys(config.seed(), 0x4D455441L), prefetch), pool);
        BatchLoader validation = new BatchLoader(new ImageSampleSource(splits.metaValidation(), eval, options.cacheDecoded()),
                LoaderConfig.inOrder(config.evalBatchSize()).withPrefetch(prefetch), pool);
        BatchLoader test = new BatchLoader(new ImageSampleSource(splits.test(), eval, false),
                LoaderConfig.inOrder(config.evalBatchSize()).withPrefetch(prefetch), pool);
        return new TrainingData(splits.train().classes(), train, meta, validation, test, pool);
    }

    /** Closes {@link #resources()}; a failure is rethrown unchecked. */
    @Override
    public void close() {
        try {
            resources.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot close the data streams: " + e, e);
        }
    }
}
