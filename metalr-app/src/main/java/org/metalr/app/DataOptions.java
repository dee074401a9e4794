package org.metalr.app;

import java.nio.file.Path;
import java.util.Locale;
import org.metalr.data.image.ImagePipeline;
import org.metalr.data.image.Normalize;
import org.metalr.data.image.RandomResizedCrop;
import org.metalr.data.synthetic.SyntheticDomainShift;
import org.metalr.train.TrainingData;
import picocli.CommandLine.Option;

/**
 * Where a run's images come from and how they are prepared: the dataset's layout and splits
 * ({@link DataSource} reads them) and the image pipeline.
 */
final class DataOptions {

    /** The layouts {@code --dataset} accepts. */
    static final String DATASETS = "imagefolder, busi, chestxray, pocus, manifest, lits, synthetic";

    /** The paper's normalisation (POCUS, all three channels). */
    static final float PAPER_MEAN = 0.18f;
    static final float PAPER_STD = 0.24f;

    @Option(names = "--data", paramLabel = "DIR",
            description = "the dataset: a folder, or the CSV file for --dataset manifest; for synthetic, where the"
                    + " generated images are kept (default: DIR/data under --out)")
    Path data;

    @Option(names = "--dataset", description = DATASETS + " (default: ${DEFAULT-VALUE})", defaultValue = "imagefolder")
    String dataset;

    @Option(names = "--train-data", paramLabel = "DIR", description = "explicit training images (an image folder)")
    Path trainData;

    @Option(names = "--val-data", paramLabel = "DIR", description = "explicit meta-validation images (an image folder)")
    Path valData;

    @Option(names = "--test-data", paramLabel = "DIR", description = "explicit test images (an image folder)")
    Path testData;

    @Option(names = "--val-fraction", paramLabel = "F",
            description = "meta-validation share held out of train when there is no validation split (default: ${DEFAULT-VALUE})",
            defaultValue = "0.2")
    double valFraction;

    @Option(names = "--test-fraction", paramLabel = "F",
            description = "test share held out of a dataset that has no test split (default: ${DEFAULT-VALUE})",
            defaultValue = "0.2")
    double testFraction;

    @Option(names = "--folds", paramLabel = "N",
            description = "cross-validate over N stratified folds (pocus and manifests with a fold column bring their own)")
    Integer folds;

    @Option(names = "--fold", paramLabel = "K", description = "the test fold, from 0 (finetune default 0; compare default: every fold)")
    Integer fold;

    @Option(names = "--split-seed", paramLabel = "S",
            description = "fixes hold-outs, fold assignments and the synthetic images, apart from --seed (default: ${DEFAULT-VALUE})",
            defaultValue = "0")
    long splitSeed;

    @Option(names = "--image-size", paramLabel = "P", description = "side of the square input (default: ${DEFAULT-VALUE})",
            defaultValue = "64")
    int imageSize;

    @Option(names = "--mean", paramLabel = "M[,M,M]",
            description = "normalisation mean, one value or one per channel (default: 0.18, synthetic 0.3)")
    String mean;

    @Option(names = "--std", paramLabel = "S[,S,S]",
            description = "normalisation standard deviation (default: 0.24, synthetic 0.3)")
    String std;

    @Option(names = "--no-augment", description = "no random resized crop and flip: the deterministic pipeline")
    boolean noAugment;

    @Option(names = "--no-shuffle",
            description = "dataset order: classes then files by sorted name; meta-validation batches cycle in order")
    boolean noShuffle;

    @Option(names = "--crop", paramLabel = "X,Y,Z", description = "LiTS: training crop and evaluation tile (default: ${DEFAULT-VALUE})",
            defaultValue = "64,64,32")
    String crop;

    @Option(names = "--crops-per-case", paramLabel = "N", description = "LiTS: crops of each case per epoch (default: ${DEFAULT-VALUE})",
            defaultValue = "8")
    int cropsPerCase;

    /** Whether the dataset is the built-in generator's. */
    boolean synthetic() {
        return dataset.toLowerCase(Locale.ROOT).equals("synthetic");
    }

    /** Whether the dataset is a segmentation one. */
    boolean segmentation() {
        return dataset.toLowerCase(Locale.ROOT).equals("lits");
    }

    /**
     * LiTS crops: Models Genesis' defaults ({@link TrainingData.LitsOptions#defaults()}) with
     * {@code --crop} and {@code --crops-per-case}.
     *
     * @throws IllegalArgumentException naming the flag for a malformed or invalid value
     */
    TrainingData.LitsOptions litsOptions() {
        String[] parts = crop.split(",", -1);
        int[] xyz = new int[3];
        if (parts.length != 3) {
            throw new IllegalArgumentException("--crop expects X,Y,Z, got '" + crop + "'");
        }
        for (int i = 0; i < 3; i++) {
            try {
                xyz[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--crop expects three whole numbers X,Y,Z, got '" + crop + "'");
            }
        }
        try {
            return TrainingData.LitsOptions.defaults().withCrop(xyz[0], xyz[1], xyz[2]).withCropsPerCase(cropsPerCase);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--crop/--crops-per-case: " + e.getMessage(), e);
        }
    }

    /**
     * The training pipeline for {@code channels}-channel input: resize to {@code --image-size}, with
     * augmentation (the paper's: random resized crop, scale 0.8-1, ratio 0.8-1.25, then a horizontal
     * flip with probability 0.5) unless {@code --no-augment}, then normalisation.
     */
    ImagePipeline pipeline(int channels) {
        if (imageSize < 1) {
            throw new IllegalArgumentException("--image-size must be >= 1, got " + imageSize);
        }
        ImagePipeline.Builder b = ImagePipeline.builder(channels, imageSize, imageSize).normalize(normalize(channels));
        if (!noAugment) {
            b.randomResizedCrop(new RandomResizedCrop(0.8, 1.0, 0.8, 1.25)).horizontalFlip(0.5);
        }
        return b.build();
    }

    /** The normalisation of {@code --mean} and {@code --std}, or the dataset's default. */
    Normalize normalize(int channels) {
        float defaultMean = synthetic() ? SyntheticDomainShift.NORMALIZE_MEAN : PAPER_MEAN;
        float defaultStd = synthetic() ? SyntheticDomainShift.NORMALIZE_STD : PAPER_STD;
        return normalize(mean, std, new float[] {defaultMean}, new float[] {defaultStd}, channels);
    }

    /**
     * Parses {@code --mean} and {@code --std} (one value, or one per channel); an absent one takes its
     * default.
     *
     * @throws IllegalArgumentException naming the flag for a malformed list or a non-positive std
     */
    static Normalize normalize(String mean, String std, float[] defaultMean, float[] defaultStd, int channels) {
        float[] m = mean == null ? defaultMean.clone() : floats("--mean", mean, channels);
        float[] s = std == null ? defaultStd.clone() : floats("--std", std, channels);
        if (m.length != s.length) {
            if (m.length == 1) {
                m = repeat(m[0], s.length);
            } else if (s.length == 1) {
                s = repeat(s[0], m.length);
            }
        }
        for (float v : s) {
            if (!(v > 0)) {
                throw new IllegalArgumentException("--std must be positive, got '" + std + "'");
            }
        }
        return new Normalize(m, s);
    }

    private static float[] floats(String flag, String text, int channels) {
        String[] parts = text.split(",", -1);
        if (parts.length != 1 && parts.length != channels) {
            throw new IllegalArgumentException(flag + " takes one value or " + channels + " (one per channel), got '"
                    + text + "'");
        }
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Float.parseFloat(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " expects numbers, got '" + text + "'");
            }
            if (!Float.isFinite(out[i])) {
                throw new IllegalArgumentException(flag + " expects finite numbers, got '" + text + "'");
            }
        }
        return out;
    }

    private static float[] repeat(float v, int n) {
        float[] out = new float[n];
        java.util.Arrays.fill(out, v);
        return out;
    }
}
