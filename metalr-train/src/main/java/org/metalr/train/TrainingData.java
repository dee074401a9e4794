package org.metalr.train;

import java.util.List;
import java.util.Objects;
import org.metalr.data.BatchLoader;
import org.metalr.data.DatasetSplits;
import org.metalr.data.DecodePool;
import org.metalr.data.LoaderConfig;
import org.metalr.data.SeededRandom;
import org.metalr.data.SegmentationSource;
import org.metalr.data.image.ImagePipeline;
import org.metalr.data.image.ImageSampleSource;
import org.metalr.data.volume.CropSampler;
import org.metalr.data.volume.IntensityWindow;
import org.metalr.data.volume.LitsCropSource;
import org.metalr.data.volume.LitsLoader;
import org.metalr.data.volume.LitsSplits;
import org.metalr.data.volume.SlidingWindow;

/**
 * The data of a run: two batch streams, each deterministic for its position (epoch, batch), which is
 * what lets a checkpoint resume exactly, and two sets to evaluate on. Classification data
 * ({@link #images}) yields class-labelled batches and evaluates on samples; segmentation data
 * ({@link #lits}) yields {@link org.metalr.api.Batch#segmentation} batches of crops and evaluates on whole
 * volumes.
 *
 * @param classes        class names, indexed by label (segmentation: the foreground class, one per
 *                       output channel)
 * @param train          training batches, epoch {@code e} for the run's {@code e}-th pass
 * @param metaValidation MetaLR's validation batches, cycled through epochs 0, 1, 2, ...
 * @param validation     the validation set, without augmentation: model selection
 * @param test           the test set, without augmentation: final figures only
 * @param resources      closed with this object (decoding threads); may be a no-op
 */
public record TrainingData(List<String> classes, BatchLoader train, BatchLoader metaValidation, EvaluationSet validation,
        EvaluationSet test, AutoCloseable resources) implements AutoCloseable {

    /**
     * @throws IllegalArgumentException if the training and meta-validation batches carry different targets,
     *     or the evaluation sets do not fit them (volumes for masks, samples for class labels)
     */
    public TrainingData {
        classes = List.copyOf(classes);
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(metaValidation, "metaValidation");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(resources, "resources");
        if ((train.source() instanceof SegmentationSource) != (metaValidation.source() instanceof SegmentationSource)) {
            throw new IllegalArgumentException("the training and meta-validation sources must both yield masks or both"
                    + " class labels");
        }
        boolean masks = train.source() instanceof SegmentationSource;
        if ((validation instanceof EvaluationSet.Volumes) != masks || (test instanceof EvaluationSet.Volumes) != masks) {
            throw new IllegalArgumentException("segmentation data are evaluated on volumes and classification data on"
                    + " samples; got " + (masks ? "masks" : "class labels") + " with validation " + validation.unit()
                    + " and test " + test.unit());
        }
    }

    /** Classification data: the validation and test sets as samples in the order of their loaders' epoch 0. */
    public TrainingData(List<String> classes, BatchLoader train, BatchLoader metaValidation, BatchLoader validation,
            BatchLoader test, AutoCloseable resources) {
        this(classes, train, metaValidation, new EvaluationSet.Samples(validation), new EvaluationSet.Samples(test),
                resources);
    }

    /** Whether the batches carry segmentation masks (else class labels). */
    public boolean segmentation() {
        return train.source() instanceof SegmentationSource;
    }

    /**
     * How {@link #images} and {@link #lits} load.
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

    /**
     * How {@link #lits} cuts and evaluates LiTS volumes.
     *
     * @param cropX           crop (and evaluation tile) size along x; the 3D U-Net needs multiples of 8
     * @param cropY           along y
     * @param cropZ           along z
     * @param foregroundShare share of training crops centred on a liver voxel, in {@code [0, 1]}
     * @param flipProbability probability of mirroring each axis of a training crop, in {@code [0, 1]}
     * @param cropsPerCase    crops of every training case per epoch (and of every meta-validation case per
     *                        pass through it), at least 1
     * @param tileOverlap     overlap of neighbouring evaluation tiles, in {@code [0, 1)}
     * @param cacheBytes      budget of the cache of loaded cases, shared by all four sets
     */
    public record LitsOptions(int cropX, int cropY, int cropZ, double foregroundShare, double flipProbability,
            int cropsPerCase, double tileOverlap, long cacheBytes) {

        /** @throws IllegalArgumentException naming the option that is out of range */
        public LitsOptions {
            new CropSampler(cropX, cropY, cropZ, foregroundShare, flipProbability); // checks sizes and shares
            new SlidingWindow(cropX, cropY, cropZ, tileOverlap); // checks the overlap
            if (cropsPerCase < 1) {
                throw new IllegalArgumentException("crops per case must be at least 1, got " + cropsPerCase);
            }
            if (cacheBytes < 0) {
                throw new IllegalArgumentException("cache budget must not be negative, got " + cacheBytes);
            }
        }

        /**
         * Models Genesis' 64x64x32 crops, half of them centred on the liver, each axis flipped half the time,
         * 8 crops per case and epoch, evaluation tiles overlapping by a quarter, a 2 GiB cache.
         */
        public static LitsOptions defaults() {
            return new LitsOptions(64, 64, 32, 0.5, 0.5, 8, 0.25, LitsLoader.DEFAULT_CACHE_BYTES);
        }

        public LitsOptions withCrop(int x, int y, int z) {
            return new LitsOptions(x, y, z, foregroundShare, flipProbability, cropsPerCase, tileOverlap, cacheBytes);
        }

        public LitsOptions withForegroundShare(double share) {
            return new LitsOptions(cropX, cropY, cropZ, share, flipProbability, cropsPerCase, tileOverlap, cacheBytes);
        }

        public LitsOptions withFlipProbability(double p) {
            return new LitsOptions(cropX, cropY, cropZ, foregroundShare, p, cropsPerCase, tileOverlap, cacheBytes);
        }

        public LitsOptions withCropsPerCase(int n) {
            return new LitsOptions(cropX, cropY, cropZ, foregroundShare, flipProbability, n, tileOverlap, cacheBytes);
        }

        public LitsOptions withTileOverlap(double overlap) {
            return new LitsOptions(cropX, cropY, cropZ, foregroundShare, flipProbability, cropsPerCase, overlap, cacheBytes);
        }

        public LitsOptions withCacheBytes(long bytes) {
            return new LitsOptions(cropX, cropY, cropZ, foregroundShare, flipProbability, cropsPerCase, tileOverlap, bytes);
        }
    }

    /** The class segmentation runs on LiTS report: the liver (liver and tumour labels together). */
    public static final String LIVER = "liver";

    /**
     * LiTS liver segmentation over cases split by case ({@link LitsSplits#scan}): training batches of random
     * crops of the training cases with their liver masks ({@code [N, 1, X, Y, Z]} float32 images and
     * masks; CT windowed as Models Genesis does); MetaLR's batches of crops of the meta-validation cases
     * (not flipped unless {@code augmentMetaValidation}), cycling; model selection on the meta-validation
     * cases as whole volumes and the final figures on the test cases, each predicted by sliding tiles of
     * the crop's size. Seeds as {@link #images}: the run's seed for training crops, a key mixed into it
     * for meta-validation ones. The loader options' {@code cacheDecoded} does not apply: loaded cases are
     * always cached, within {@code lits.cacheBytes()}. Nothing is read until the first batch.
     */
    public static TrainingData lits(LitsSplits splits, TrainConfig config, LitsOptions lits, Options options) {
        Objects.requireNonNull(splits, "splits");
        Objects.requireNonNull(lits, "lits");
        LitsLoader loader = new LitsLoader(IntensityWindow.MODELS_GENESIS_CT, lits.cacheBytes());
        CropSampler crops = new CropSampler(lits.cropX(), lits.cropY(), lits.cropZ(), lits.foregroundShare(),
                lits.flipProbability());
        CropSampler metaCrops = options.augmentMetaValidation() ? crops
                : new CropSampler(lits.cropX(), lits.cropY(), lits.cropZ(), lits.foregroundShare(), 0);
        SlidingWindow window = new SlidingWindow(lits.cropX(), lits.cropY(), lits.cropZ(), lits.tileOverlap());
        DecodePool pool = new DecodePool(options.threads());
        int prefetch = options.prefetchBatches();
        BatchLoader train = new BatchLoader(new LitsCropSource(splits.train(), loader, crops, lits.cropsPerCase()),
                new LoaderConfig(config.batchSize(), options.shuffle(), false, config.seed(), prefetch), pool);
        BatchLoader meta = new BatchLoader(
                new LitsCropSource(splits.metaValidation(), loader, metaCrops, lits.cropsPerCase()),
                new LoaderConfig(config.batchSize(), options.shuffle(), false,
                        SeededRandom.mixKeys(config.seed(), 0x4D455441L), prefetch), pool);
        return new TrainingData(List.of(LIVER), train, meta,
                new EvaluationSet.Volumes(splits.metaValidation(), loader, window),
                new EvaluationSet.Volumes(splits.test(), loader, window), pool);
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
