package org.metalr.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.IntFunction;
import org.metalr.data.CrossValidation;
import org.metalr.data.DatasetSplits;
import org.metalr.data.LabelledSet;
import org.metalr.data.ScanOptions;
import org.metalr.data.image.BusiLayout;
import org.metalr.data.image.CsvManifest;
import org.metalr.data.image.ImageFolder;
import org.metalr.data.image.KermanyLayout;
import org.metalr.data.image.PocusLayout;
import org.metalr.data.image.SplitFolders;
import org.metalr.data.synthetic.SyntheticConfig;
import org.metalr.data.synthetic.SyntheticDomainShift;
import org.metalr.data.volume.LitsSplits;

/**
 * A dataset as {@link DataOptions} describe it, scanned once: its train, meta-validation and test
 * sets, per fold when it is cross-validated. Layouts:
 * <ul>
 *   <li>{@code --train-data/--val-data/--test-data}: image folders as given (no validation folder:
 *       {@code --val-fraction} of train held out);</li>
 *   <li>{@code imagefolder}: {@code DIR/train, val, test} split folders, or one image folder cut by
 *       {@code --val-fraction} and {@code --test-fraction} (or into {@code --folds});</li>
 *   <li>{@code busi}: BUSI as downloaded (masks left out), cut like one image folder;</li>
 *   <li>{@code chestxray}: Kermany's train/val/test as given;</li>
 *   <li>{@code pocus}: five folds, from {@code split0..4} folders or a seeded stratified assignment;</li>
 *   <li>{@code manifest}: a CSV file {@code path,label[,split][,fold]}; its folds or splits when it has
 *       them, else cut like one image folder;</li>
 *   <li>{@code synthetic}: the built-in generator's target domain (three BUSI-like classes), written
 *       once to the folder and reused;</li>
 *   <li>{@code lits}: LiTS volumes and segmentations, split by case with {@code --val-fraction} and
 *       {@code --test-fraction}, for the 3D U-Net.</li>
 * </ul>
 * Scanning is strict: a corrupt or unsupported image, an empty class folder or a manifest row naming a
 * missing file stops the command with a message naming the file.
 */
final class DataSource {

    private final String description;
    private final int folds;
    private final IntFunction<DatasetSplits> splits;
    private final LitsSplits lits;

    private DataSource(String description, int folds, IntFunction<DatasetSplits> splits) {
        this.description = description;
        this.folds = folds;
        this.splits = splits;
        this.lits = null;
    }

    private DataSource(String description, LitsSplits lits) {
        this.description = description;
        this.folds = 0;
        this.splits = null;
        this.lits = lits;
    }

    /**
     * Scans the dataset the options name.
     *
     * @param syntheticDefault where the synthetic images go when {@code --data} is not given
     * @throws IllegalArgumentException naming the flag for inconsistent options, or the file for bad data
     * @throws IOException if a folder cannot be listed
     */
    static DataSource open(DataOptions o, Path syntheticDefault) throws IOException {
        if (!(o.valFraction >= 0 && o.valFraction < 1)) {
            throw new IllegalArgumentException("--val-fraction must lie in [0, 1), got " + o.valFraction);
        }
        if (!(o.testFraction > 0 && o.testFraction < 1)) {
            throw new IllegalArgumentException("--test-fraction must lie in (0, 1), got " + o.testFraction);
        }
        if (o.folds != null && o.folds < 2) {
            throw new IllegalArgumentException("--folds must be at least 2, got " + o.folds);
        }
        ScanOptions scan = ScanOptions.strict();
        if (o.trainData != null || o.valData != null || o.testData != null) {
            return explicit(o, scan);
        }
        String dataset = o.dataset.toLowerCase(Locale.ROOT);
        if (dataset.equals("synthetic")) {
            return synthetic(o, o.data != null ? o.data : syntheticDefault, scan);
        }
        if (!java.util.Arrays.asList(DataOptions.DATASETS.split(", ")).contains(dataset)) {
            throw new IllegalArgumentException("--dataset must be one of " + DataOptions.DATASETS + "; got '"
                    + o.dataset + "'");
        }
        if (o.data == null) {
            throw new IllegalArgumentException("--dataset " + dataset + " needs --data (or give --train-data and"
                    + " --test-data)");
        }
        Path root = o.data;
        if (dataset.equals("lits")) {
            if (o.folds != null || o.fold != null) {
                throw new IllegalArgumentException("--folds/--fold: LiTS is split by case with --val-fraction and"
                        + " --test-fraction");
            }
            LitsSplits cases = LitsSplits.scan(root, scan, o.valFraction, o.testFraction, o.splitSeed);
            return new DataSource("LiTS in " + root, cases);
        }
        return switch (dataset) {
            case "imagefolder" -> Files.isDirectory(root.resolve("train"))
                    ? fixed(o, "split folders in " + root, () -> SplitFolders.load(root, o.valFraction, o.splitSeed, scan))
                    : single(o, "image folder " + root, ImageFolder.scan(root, scan));
            case "busi" -> single(o, "BUSI in " + root, BusiLayout.scan(root, scan));
            case "chestxray" -> fixed(o, "chest X-rays in " + root,
                    () -> KermanyLayout.load(root, o.valFraction, o.splitSeed, scan));
            case "pocus" -> crossValidated(o, "POCUS in " + root, PocusLayout.crossValidation(root, o.splitSeed, scan));
            case "manifest" -> manifest(o, CsvManifest.read(root, scan));
            default -> throw new IllegalArgumentException("--dataset must be one of " + DataOptions.DATASETS
                    + "; got '" + o.dataset + "'");
        };
    }

    private static DataSource explicit(DataOptions o, ScanOptions scan) {
        if (o.data != null) {
            throw new IllegalArgumentException("give either --data or --train-data/--val-data/--test-data, not both");
        }
        if (o.trainData == null || o.testData == null) {
            throw new IllegalArgumentException("explicit splits need --train-data and --test-data (--val-data is optional)");
        }
        return fixed(o, "image folders " + o.trainData + ", " + (o.valData != null ? o.valData + ", " : "") + o.testData,
                () -> {
                    LabelledSet train = ImageFolder.scan(o.trainData, scan);
                    LabelledSet test = ImageFolder.scan(o.testData, train.classes(), scan);
                    if (o.valData == null) {
                        return DatasetSplits.holdOutMetaValidation(train, test, o.valFraction, o.splitSeed);
                    }
                    return new DatasetSplits(train, ImageFolder.scan(o.valData, train.classes(), scan), test);
                });
    }

    private static DataSource synthetic(DataOptions o, Path dir, ScanOptions scan) {
        Path target = SyntheticDomainShift.location(dir).target();
        if (!Files.isDirectory(target.resolve("train"))) {
            // Only the target domain: fine-tuning needs no source images.
            SyntheticConfig config = new SyntheticConfig(Math.max(16, o.imageSize), 0, 0, 60, 30, 200, o.splitSeed);
            try {
                SyntheticDomainShift.ensure(dir, config, Runtime.getRuntime().availableProcessors());
            } catch (IllegalStateException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        return fixed(o, "synthetic target domain in " + target, () -> SplitFolders.load(target, o.valFraction,
                o.splitSeed, scan));
    }

    private static DataSource manifest(DataOptions o, CsvManifest m) {
        if (m.hasFolds()) {
            return crossValidated(o, "manifest " + m.file() + " (its folds)", m.crossValidation());
        }
        if (m.hasSplits()) {
            return fixed(o, "manifest " + m.file() + " (its splits)", () -> {
                try {
                    return m.splits(o.valFraction, o.splitSeed);
                } catch (IllegalStateException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
            });
        }
        return single(o, "manifest " + m.file(), m.all());
    }

    /** A dataset with its own test split: no cross-validation. */
    private static DataSource fixed(DataOptions o, String description, java.util.function.Supplier<DatasetSplits> load) {
        if (o.folds != null || o.fold != null) {
            throw new IllegalArgumentException((o.folds != null ? "--folds" : "--fold") + ": the " + description
                    + " has its own test split; cross-validation needs one set of images (imagefolder without"
                    + " split folders, busi, a manifest without splits) or a layout with folds (pocus)");
        }
        DatasetSplits splits = load.get();
        return new DataSource(description, 0, k -> splits);
    }

    /** One set of images: cut into train, meta-validation and test, or into folds with {@code --folds}. */
    private static DataSource single(DataOptions o, String description, LabelledSet all) {
        if (o.folds != null) {
            return crossValidated(o, description, CrossValidation.stratified(all, o.folds, o.splitSeed));
        }
        if (o.fold != null) {
            throw new IllegalArgumentException("--fold needs --folds N for the " + description);
        }
        DatasetSplits splits = DatasetSplits.stratified(all, o.valFraction, o.testFraction, o.splitSeed);
        return new DataSource(description, 0, k -> splits);
    }

    private static DataSource crossValidated(DataOptions o, String description, CrossValidation cv) {
        if (o.folds != null && o.folds != cv.folds()) {
            throw new IllegalArgumentException("--folds " + o.folds + ": the " + description + " has " + cv.folds()
                    + " folds");
        }
        if (o.fold != null && (o.fold < 0 || o.fold >= cv.folds())) {
            throw new IllegalArgumentException("--fold must lie in 0.." + (cv.folds() - 1) + ", got " + o.fold);
        }
        return new DataSource(description + ", " + cv.folds() + " folds", cv.folds(),
                k -> cv.splits(k, o.valFraction, o.splitSeed));
    }

    /** What the data is, for messages and config.json. */
    String description() {
        return description;
    }

    /**
     * Fails unless the model fits the data: the 3D U-Net segments LiTS volumes, the others classify
     * images.
     */
    void requireFits(ModelOptions model) {
        if (model.segmentation() != segmentation()) {
            throw new IllegalArgumentException(model.segmentation()
                    ? "--model unet3d segments volumes; it needs --dataset lits, not the " + description
                    : "--model " + model.model + " classifies images; the " + description + " needs --model unet3d");
        }
    }

    /** Input channels of the model: 1 for the U-Net's CT volumes, else the images' (1 or 3). */
    static int channels(ModelOptions model) {
        return model.segmentation() ? 1 : model.imageChannels();
    }

    /** Whether the data are LiTS volumes (segmentation) rather than labelled images. */
    boolean segmentation() {
        return lits != null;
    }

    /**
     * The data of run {@code fold}: images through the options' pipeline for {@code channels}-channel
     * input, or LiTS crops of the options' size.
     *
     * @throws IllegalArgumentException for a fold out of range or options that do not fit
     */
    RunData run(int fold, DataOptions o, int channels) {
        if (lits != null) {
            return RunData.lits(lits, o.litsOptions());
        }
        return RunData.images(splits(fold), o.pipeline(channels));
    }

    /** Whether the test set is one fold of a cross-validation. */
    boolean crossValidated() {
        return folds > 0;
    }

    /** Folds of the cross-validation; 1 when there is none. */
    int folds() {
        return Math.max(folds, 1);
    }

    /**
     * The three sets of run {@code fold} (0 without cross-validation).
     *
     * @throws IllegalArgumentException if the fold is out of range
     */
    DatasetSplits splits(int fold) {
        if (lits != null) {
            throw new IllegalStateException("LiTS data has cases, not image splits");
        }
        if (fold < 0 || fold >= folds()) {
            throw new IllegalArgumentException("--fold must lie in 0.." + (folds() - 1) + ", got " + fold);
        }
        DatasetSplits s = splits.apply(fold);
        for (var set : java.util.List.of(s.train(), s.metaValidation(), s.test())) {
            if (set.isEmpty()) {
                throw new IllegalArgumentException("the " + description + " leaves the "
                        + (set == s.train() ? "training" : set == s.test() ? "test" : "meta-validation")
                        + " set empty; add images or change --val-fraction/--test-fraction");
            }
        }
        return s;
    }
}
