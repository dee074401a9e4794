package org.metalr.data.layout;

import java.nio.file.Path;
import java.util.Objects;
import org.metalr.api.UserInputException;
import org.metalr.data.ScanOptions;

/**
 * Everything a {@link DatasetLayout} is told: where the data is and how to split, check and cut it. One
 * value for every layout; each reads the settings it needs and refuses those it cannot honour. Messages
 * name each setting as the {@code metalr} command spells its flag ({@code --val-fraction}, {@code --folds},
 * ...), since that is where users give them. Immutable; build one with {@link #builder()}.
 *
 * <p>The explicit split folders ({@code --train-data}, {@code --val-data}, {@code --test-data}) are the
 * {@code imagefolder} layout's split folders given one by one instead of found under one {@code --data}
 * folder; other layouts refuse them.
 *
 * @param data          the dataset: a folder, or a file such as a manifest; null when not given
 * @param trainData     an explicit training image folder, or null
 * @param valData       an explicit meta-validation image folder, or null
 * @param testData      an explicit test image folder, or null
 * @param valFraction   meta-validation share held out of the training part where the data has no
 *                      validation split, in {@code [0, 1)}
 * @param testFraction  test share held out of data without a test split, in {@code (0, 1)}
 * @param folds         folds to cross-validate one set of images over (at least 2), or null for none
 * @param fold          the test fold asked for, or null when every fold (or no fold) is meant
 * @param splitSeed     fixes hold-outs, fold assignments and generated data
 * @param imageSize     side of the images a generating layout writes
 * @param crops         how a segmentation layout cuts its volumes
 * @param scan          how bad files are treated, and where they are recorded
 * @param generatedData where a generating layout keeps its data when {@code data} is not given, or null
 * @param numClasses    the classes the user declared ({@code --num-classes}), or null: a manifest's integer
 *                      labels then may leave classes without images
 * @param subset        the few-label cut of a classification dataset's splits ({@code --classes},
 *                      {@code --train-per-class}, {@code --val-per-class}); {@link SubsetOptions#none()} for
 *                      none; segmentation layouts refuse any other
 */
public record DataRequest(Path data, Path trainData, Path valData, Path testData, double valFraction,
        double testFraction, Integer folds, Integer fold, long splitSeed, int imageSize, CropOptions crops,
        ScanOptions scan, Path generatedData, Integer numClasses, SubsetOptions subset) {

    /** @throws UserInputException naming the flag of a fraction or a fold count out of range */
    public DataRequest {
        Objects.requireNonNull(crops, "crops");
        Objects.requireNonNull(scan, "scan");
        Objects.requireNonNull(subset, "subset");
        if (!(valFraction >= 0 && valFraction < 1)) {
            throw new UserInputException("--val-fraction must lie in [0, 1), got " + valFraction);
        }
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new UserInputException("--test-fraction must lie in (0, 1), got " + testFraction);
        }
        if (folds != null && folds < 2) {
            throw new UserInputException("--folds must be at least 2, got " + folds);
        }
    }

    /**
     * A builder with the command's defaults: fractions 0.2, no folds, split seed 0, 64-pixel images, strict
     * scans, every class and image.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** This request with other crop options. */
    public DataRequest withCrops(CropOptions value) {
        return new DataRequest(data, trainData, valData, testData, valFraction, testFraction, folds, fold, splitSeed,
                imageSize, value, scan, generatedData, numClasses, subset);
    }

    /** Whether explicit split folders were given. */
    public boolean hasSplitFolders() {
        return trainData != null || valData != null || testData != null;
    }

    /**
     * The {@code --data} path of {@code layout}, which reads no explicit split folders.
     *
     * @throws UserInputException if explicit split folders were given, or no {@code --data}
     */
    public Path requireData(String layout) {
        refuseSplitFolders(layout);
        if (data == null) {
            throw new UserInputException("--dataset " + layout + " needs --data (or give --train-data and --test-data)");
        }
        return data;
    }

    /**
     * The {@code --data} path of a generating {@code layout}, else where generated data is kept.
     *
     * @throws UserInputException if explicit split folders were given, or neither path
     */
    public Path dataOrGenerated(String layout) {
        refuseSplitFolders(layout);
        if (data == null && generatedData == null) {
            throw new UserInputException("--dataset " + layout + " needs --data: the folder its images are kept in");
        }
        return data != null ? data : generatedData;
    }

    private void refuseSplitFolders(String layout) {
        if (hasSplitFolders()) {
            throw new UserInputException("--train-data, --val-data and --test-data are image folders of --dataset"
                    + " imagefolder; --dataset " + layout + " reads --data");
        }
    }

    /** Builds a {@link DataRequest}; every setting starts at the command's default. Not thread-safe. */
    public static final class Builder {
        private Path data;
        private Path trainData;
        private Path valData;
        private Path testData;
        private double valFraction = 0.2;
        private double testFraction = 0.2;
        private Integer folds;
        private Integer fold;
        private long splitSeed;
        private int imageSize = 64;
        private CropOptions crops = CropOptions.defaults();
        private ScanOptions scan = ScanOptions.strict();
        private Path generatedData;
        private Integer numClasses;
        private SubsetOptions subset = SubsetOptions.none();

        private Builder() {}

        public Builder subset(SubsetOptions value) {
            this.subset = value;
            return this;
        }

        public Builder numClasses(Integer value) {
            this.numClasses = value;
            return this;
        }

        public Builder data(Path value) {
            this.data = value;
            return this;
        }

        /** Explicit split folders (each may be null). */
        public Builder splitFolders(Path train, Path val, Path test) {
            this.trainData = train;
            this.valData = val;
            this.testData = test;
            return this;
        }

        public Builder valFraction(double value) {
            this.valFraction = value;
            return this;
        }

        public Builder testFraction(double value) {
            this.testFraction = value;
            return this;
        }

        public Builder folds(Integer value) {
            this.folds = value;
            return this;
        }

        public Builder fold(Integer value) {
            this.fold = value;
            return this;
        }

        public Builder splitSeed(long value) {
            this.splitSeed = value;
            return this;
        }

        public Builder imageSize(int value) {
            this.imageSize = value;
            return this;
        }

        public Builder crops(CropOptions value) {
            this.crops = value;
            return this;
        }

        public Builder scan(ScanOptions value) {
            this.scan = value;
            return this;
        }

        public Builder generatedData(Path value) {
            this.generatedData = value;
            return this;
        }

        /** @throws UserInputException as the {@link DataRequest} constructor */
        public DataRequest build() {
            return new DataRequest(data, trainData, valData, testData, valFraction, testFraction, folds, fold, splitSeed,
                    imageSize, crops, scan, generatedData, numClasses, subset);
        }
    }
}
