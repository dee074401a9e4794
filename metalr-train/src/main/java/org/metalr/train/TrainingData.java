package org.metalr.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.metalr.data.BatchLoader;
import org.metalr.data.DataFingerprint;
import org.metalr.data.DatasetSplits;
import org.metalr.data.DecodePool;
import org.metalr.data.LoaderConfig;
import org.metalr.data.SampleSource;
import org.metalr.data.SeededRandom;
import org.metalr.data.SegmentationSource;
import org.metalr.data.image.ImagePipeline;
import org.metalr.data.image.ImageSampleSource;
import org.metalr.data.volume.SegmentationSets;
import org.metalr.data.volume.VolumeDataset;

/**
 * The data of a run: two batch streams, each deterministic for its position (epoch, batch), which is
 * what lets a checkpoint resume exactly, and two sets to evaluate on. Classification data
 * ({@link #images}) yields class-labelled batches and evaluates on samples; segmentation data
 * ({@link #volumes}) yields {@link org.metalr.api.Batch#segmentation} batches of crops and evaluates on
 * whole volumes. Which dataset layout the data came from is not known here; what the data says about
 * itself for {@code config.json} is its {@link #description()}.
 *
 * @param classes        class names, indexed by label (segmentation: the foreground class, one per
 *                       output channel)
 * @param train          training batches, epoch {@code e} for the run's {@code e}-th pass
 * @param metaValidation MetaLR's validation batches, cycled through epochs 0, 1, 2, ...
 * @param validation     the validation set, without augmentation: model selection
 * @param test           the test set, without augmentation: final figures only; null for data without a
 *                       test set ({@link #hasTest()}), whose run reports validation figures
 * @param resources      closed with this object (decoding threads); may be a no-op
 * @param description    what {@code config.json} records about the data beyond the sets' sizes ({@link #describe()}),
 *                       in order: which cases each set holds, how crops are cut; empty for images
 */
public record TrainingData(List<String> classes, BatchLoader train, BatchLoader metaValidation, EvaluationSet validation,
        EvaluationSet test, AutoCloseable resources, Map<String, Object> description) implements AutoCloseable {

    /**
     * @throws IllegalArgumentException if the training and meta-validation batches carry different targets,
     *     or the evaluation sets do not fit them (volumes for masks, samples for class labels)
     */
    public TrainingData {
        classes = List.copyOf(classes);
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(metaValidation, "metaValidation");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(resources, "resources");
        description = Collections.unmodifiableMap(new LinkedHashMap<>(description));
        if ((train.source() instanceof SegmentationSource) != (metaValidation.source() instanceof SegmentationSource)) {
            throw new IllegalArgumentException("the training and meta-validation sources must both yield masks or both"
                    + " class labels");
        }
        boolean masks = train.source() instanceof SegmentationSource;
        if ((validation instanceof EvaluationSet.Volumes) != masks
                || test != null && (test instanceof EvaluationSet.Volumes) != masks) {
            throw new IllegalArgumentException("segmentation data are evaluated on volumes and classification data on"
                    + " samples; got " + (masks ? "masks" : "class labels") + " with validation " + validation.unit()
                    + " and test " + (test == null ? "none" : test.unit()));
        }
    }

    /**
     * Classification data: the validation and test sets as samples in the order of their loaders' epoch 0
     * ({@code test} null for data without a test set); no description beyond the sizes (no
     * {@link #FINGERPRINT}: a resume does not check the files).
     */
    public TrainingData(List<String> classes, BatchLoader train, BatchLoader metaValidation, BatchLoader validation,
            BatchLoader test, AutoCloseable resources) {
        this(classes, train, metaValidation, new EvaluationSet.Samples(validation),
                test == null ? null : new EvaluationSet.Samples(test), resources, Map.of());
    }

    /** Whether there is a test set: false for a run of a training and a validation set only. */
    public boolean hasTest() {
        return test != null;
    }

    /** Whether the batches carry segmentation masks (else class labels). */
    public boolean segmentation() {
        return train.source() instanceof SegmentationSource;
    }

    /**
     * How {@link #images} and {@link #volumes} load.
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
     * test set in order, unaugmented (none for {@link DatasetSplits#withoutTest} splits). Seeds as
     * {@link org.metalr.data.image.ImageBatches} derives them:
     * the run's seed for training, a key mixed into it for meta-validation.
     */
    public static TrainingData images(DatasetSplits splits, ImagePipeline pipeline, TrainConfig config, Options options) {
        Objects.requireNonNull(splits, "splits");
        Objects.requireNonNull(pipeline, "pipeline");
        DecodePool pool = new DecodePool(options.threads());
        ImagePipeline eval = pipeline.withoutAugmentation();
        int prefetch = options.prefetchBatches();
        BatchLoader train = trainLoader(new ImageSampleSource(splits.train(), pipeline, options.cacheDecoded()), config,
                options, pool);
        BatchLoader meta = metaLoader(new ImageSampleSource(splits.metaValidation(),
                options.augmentMetaValidation() ? pipeline : eval, options.cacheDecoded()), config, options, pool);
        BatchLoader validation = new BatchLoader(new ImageSampleSource(splits.metaValidation(), eval, options.cacheDecoded()),
                LoaderConfig.inOrder(config.evalBatchSize()).withPrefetch(prefetch), pool);
        BatchLoader test = !splits.hasTest() ? null : new BatchLoader(new ImageSampleSource(splits.test(), eval, false),
                LoaderConfig.inOrder(config.evalBatchSize()).withPrefetch(prefetch), pool);
        return new TrainingData(splits.train().classes(), train, meta, new EvaluationSet.Samples(validation),
                test == null ? null : new EvaluationSet.Samples(test), pool, Map.of(FINGERPRINT, DataFingerprint.of(splits).files()));
    }

    /** The {@link #describe()} entry that lists the files read ({@link DataFingerprint}). */
    public static final String FINGERPRINT = "fingerprint";

    /**
     * Segmentation data over the sets a volume dataset opens ({@link VolumeDataset#open}): training batches
     * of its training crops with their masks ({@code [N, 1, X, Y, Z]} float32 images and masks); MetaLR's
     * batches of its meta-validation crops (not flipped unless {@code augmentMetaValidation}), cycling; model
     * selection on its validation volumes and the final figures on its test volumes, each predicted tile by
     * tile. Seeds as {@link #images}: the run's seed for training crops, a key mixed into it for
     * meta-validation ones. The loader options' {@code cacheDecoded} does not apply: the dataset caches
     * loaded volumes itself. Nothing is read until the first batch.
     */
    public static TrainingData volumes(VolumeDataset dataset, TrainConfig config, Options options) {
        Objects.requireNonNull(dataset, "dataset");
        SegmentationSets sets = dataset.open(options.augmentMetaValidation());
        DecodePool pool = new DecodePool(options.threads());
        return new TrainingData(dataset.classes(), trainLoader(sets.train(), config, options, pool),
                metaLoader(sets.metaValidation(), config, options, pool),
                new EvaluationSet.Volumes(sets.validation(), sets.window()),
                new EvaluationSet.Volumes(sets.test(), sets.window()), pool, withFingerprint(sets.description(), dataset));
    }

    private static Map<String, Object> withFingerprint(Map<String, Object> description, VolumeDataset dataset) {
        Map<String, Object> d = new LinkedHashMap<>(description);
        d.put(FINGERPRINT, dataset.fingerprint().files());
        return d;
    }

    /**
     * Training batches: shuffled (unless not asked) with the run's seed; an epoch's last batch is dropped
     * when it would hold one sample, which BatchNorm cannot train on.
     */
    private static BatchLoader trainLoader(SampleSource source, TrainConfig config, Options options, DecodePool pool) {
        return new BatchLoader(source, new LoaderConfig(config.batchSize(), options.shuffle(), false, config.seed(),
                options.prefetchBatches(), true), pool);
    }

    /** MetaLR's batches: shuffled (unless not asked) with a key mixed into the run's seed; no batch of one. */
    private static BatchLoader metaLoader(SampleSource source, TrainConfig config, Options options, DecodePool pool) {
        return new BatchLoader(source, new LoaderConfig(config.batchSize(), options.shuffle(), false,
                SeededRandom.mixKeys(config.seed(), 0x4D455441L), options.prefetchBatches(), true), pool);
    }

    /**
     * What a run's {@code config.json} records about its data: {@code classes}; the sizes of the sets
     * ({@code train}, {@code metaValidation}: samples per epoch; {@code validation}, {@code test}: samples
     * or volumes, the test's null without a test set) and what they count ({@code evaluatedOn});
     * {@code shuffle}; then the data's own
     * {@link #description()} entries.
     */
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("classes", classes);
        d.put("train", train.source().size());
        d.put("metaValidation", metaValidation.source().size());
        d.put("validation", validation.size());
        d.put("test", test == null ? null : test.size());
        d.put("evaluatedOn", validation.unit());
        d.put("shuffle", train.config().shuffle());
        d.putAll(description);
        return d;
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
