package org.metalr.app;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.ListResourceBundle;
import java.util.Locale;
import org.metalr.api.UserInputException;
import org.metalr.api.registry.Registry;
import org.metalr.data.layout.CropOptions;
import org.metalr.data.layout.DataRequest;
import org.metalr.data.layout.DatasetLayout;
import org.metalr.data.layout.DatasetLayouts;
import org.metalr.data.layout.SubsetOptions;
import org.metalr.data.image.ImageDataset;
import org.metalr.data.image.Normalize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where a run's images come from and how they are prepared: the dataset's layout, path and splitting
 * settings ({@link #request}, which {@link DataSource} opens with the layout {@code --dataset} names) and
 * the image pipeline. {@code --dataset}'s help lists the registered layouts ({@link Help}).
 */
@Command(resourceBundle = "org.metalr.app.DataOptions$Help")
@HelpSection("Data")
final class DataOptions {

    @Option(names = "--data", paramLabel = "DIR",
            description = "the dataset: a folder, or the CSV file for --dataset manifest; for synthetic, where the"
                    + " generated images are kept (default: DIR/data under --out)")
    Path data;

    @Option(names = "--dataset", paramLabel = "LAYOUT", descriptionKey = Help.DATASET, defaultValue = "imagefolder",
            completionCandidates = LayoutNames.class)
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

    @Option(names = "--classes", paramLabel = "C,C,...", split = ",",
            description = "keep only these classes (names, else indices), relabelled 0..k-1 in this order, in every"
                    + " split")
    List<String> classes;

    @Option(names = "--train-per-class", paramLabel = "N",
            description = "keep N training images per class, chosen by --split-seed (the same for every method and"
                    + " --seed)")
    Integer trainPerClass;

    @Option(names = "--val-per-class", paramLabel = "N",
            description = "keep N meta-validation images per class, chosen by --split-seed; the test set keeps all")
    Integer valPerClass;

    @Mixin
    ImageOptions image;

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

    /**
     * The layout {@code --dataset} names, from the registry; case is ignored.
     *
     * @throws UserInputException naming the flag and listing the registered layouts for an unknown name
     */
    DatasetLayout layout() {
        Registry<DatasetLayout> layouts = DatasetLayouts.registry();
        String name = dataset.trim().toLowerCase(Locale.ROOT);
        try {
            return layouts.named(layouts.has(name) ? name : dataset);
        } catch (UserInputException e) {
            throw new UserInputException("--dataset: " + e.getMessage(), e);
        }
    }

    /**
     * What the layout is asked: {@code --data} (or the explicit split folders), the fractions,
     * {@code --folds}, {@code --fold}, {@code --split-seed}, the few-label cut ({@code --classes},
     * {@code --train-per-class}, {@code --val-per-class}) and the input size; the crops are the
     * defaults until {@link #crops()} replaces them for a segmentation layout.
     *
     * @param generatedData where a generating layout writes its data when {@code --data} is not given
     * @param numClasses    {@code --num-classes} (integer labels of a manifest index that many classes), or null
     * @throws UserInputException naming the flag of a fraction, fold count or per-class count out of range
     */
    DataRequest request(Path generatedData, Integer numClasses) {
        return DataRequest.builder().data(data).splitFolders(trainData, valData, testData).valFraction(valFraction)
                .testFraction(testFraction).folds(folds).fold(fold).splitSeed(splitSeed)
                .imageSize(image.size(ImageOptions.Fallback.PAPER))
                .generatedData(generatedData).numClasses(numClasses)
                .subset(new SubsetOptions(classes, trainPerClass, valPerClass)).build();
    }

    /**
     * Volume crops: the defaults ({@link CropOptions#defaults()}) with {@code --crop} and
     * {@code --crops-per-case}.
     *
     * @throws UserInputException naming the flag for a malformed or invalid value
     */
    CropOptions crops() {
        List<Integer> xyz = Triple.parse("--crop", crop);
        try {
            return CropOptions.defaults().withCrop(xyz.get(0), xyz.get(1), xyz.get(2)).withCropsPerCase(cropsPerCase);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--crop/--crops-per-case: " + e.getMessage(), e);
        }
    }

    /**
     * The training pipeline for {@code channels}-channel input: the preset's transforms (the paper's without
     * one: resize to the input size, then unless {@code --no-augment} a random resized crop of scale 0.8-1
     * and ratio 0.8-1.25 and a horizontal flip with probability 0.5), normalised by {@code --mean} and
     * {@code --std}, else the preset's, else {@code defaults} (the dataset's,
     * {@link ImageDataset#normalization()}); grey DICOM images through {@code --dicom-window}.
     *
     * @throws UserInputException naming the flag of a bad value
     */
    ImageOptions.Input pipeline(int channels, Normalize defaults) {
        return image.pipeline(channels, ImageOptions.Fallback.dataset(defaults), !noAugment);
    }

    /**
     * The help of {@code --dataset} and the commands' footer listing the registered layouts with their
     * summaries, so neither drifts from the registry. A resource bundle, because picocli takes annotation
     * texts as constants; a mixin's bundle reaches the commands that mix it in.
     */
    public static final class Help extends ListResourceBundle {

        static final String DATASET = "metalr.dataset";

        @Override
        protected Object[][] getContents() {
            String layouts = DatasetLayouts.registry().help().replace("%", "%%").replaceAll("(?m)^(?=.)", "  ")
                    .replaceAll("\\R", "%n");
            return new Object[][] {
                {DATASET, "the data's layout, one of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); see"
                        + " 'Dataset layouts' below"},
                {"usage.footer", "%nDataset layouts (--dataset):%n" + layouts}};
        }
    }

    /** The registered layouts' names, for shell completion. */
    static final class LayoutNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return DatasetLayouts.registry().names().iterator();
        }
    }
}
