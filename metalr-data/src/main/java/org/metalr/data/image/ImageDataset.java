package org.metalr.data.image;

import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.metalr.api.UserInputException;
import org.metalr.data.CrossValidation;
import org.metalr.data.DatasetSplits;
import org.metalr.data.LabelledSet;
import org.metalr.data.layout.DataRequest;
import org.metalr.data.layout.Dataset;
import org.metalr.data.layout.SubsetOptions;
import org.metalr.data.layout.UserInput;

/**
 * Labelled images as a classification layout opened them: the train, meta-validation and test sets of
 * each run, and the normalisation that suits them unless the user gives one. Built by one of three
 * factories, which apply the request's {@code --folds}, {@code --fold} and fractions the same way for
 * every layout:
 * <ul>
 *   <li>{@link #fixed}: the data brings its own test split (split folders, Kermany): no cross-validation;</li>
 *   <li>{@link #single}: one set of images, cut into the three sets by the fractions, or into
 *       {@code --folds} stratified folds;</li>
 *   <li>{@link #crossValidated}: folds the data brings (POCUS, a manifest's fold column);</li>
 *   <li>{@link #withoutTest}: a training and a validation set and no test set (a run whose figures are
 *       validation figures).</li>
 * </ul>
 * Immutable; the splits of a fold are cut again (cheaply, deterministically) on each {@link #splits} call.
 */
public final class ImageDataset implements Dataset {

    /** The paper's normalisation (POCUS statistics, for every channel): mean 0.18, standard deviation 0.24. */
    public static final Normalize PAPER_NORMALIZATION = Normalize.of(0.18f, 0.24f);

    private final String description;
    private final int folds;
    private final IntFunction<DatasetSplits> splits;
    private final Normalize normalization;
    private final boolean withoutTest;

    private ImageDataset(String description, int folds, IntFunction<DatasetSplits> splits, Normalize normalization,
            boolean withoutTest) {
        this.description = Objects.requireNonNull(description, "description");
        this.folds = folds;
        this.splits = Objects.requireNonNull(splits, "splits");
        this.normalization = Objects.requireNonNull(normalization, "normalization");
        this.withoutTest = withoutTest;
    }

    /**
     * A dataset of {@code request}'s data whose runs' splits are {@code splits} cut by the request's
     * {@link SubsetOptions} (checked now on the first run's splits, so a bad {@code --classes} or count
     * stops the command before any work).
     */
    private ImageDataset(DataRequest request, String description, int folds, IntFunction<DatasetSplits> splits,
            boolean withoutTest) {
        this(request.subset().isNone() ? description : description + ", " + request.subset().describe(), folds,
                request.subset().isNone() ? splits : k -> request.subset().apply(splits.apply(k), request.splitSeed()),
                PAPER_NORMALIZATION, withoutTest);
        if (!request.subset().isNone()) {
            splits(0);
        }
    }

    /**
     * Data with its own test split, loaded now.
     *
     * @throws UserInputException if the request asks for folds
     */
    public static ImageDataset fixed(DataRequest request, String description, Supplier<DatasetSplits> load) {
        refuseFolds(request, description + " has its own test split");
        DatasetSplits s = UserInput.check(load);
        return new ImageDataset(request, description, 0, k -> s, false);
    }

    /**
     * A training and a validation set without a test set, loaded now: {@code load} gives
     * {@link DatasetSplits#withoutTest} splits.
     *
     * @throws UserInputException if the request asks for folds, or the splits hold a test set
     */
    public static ImageDataset withoutTest(DataRequest request, String description, Supplier<DatasetSplits> load) {
        refuseFolds(request, description + " are a training and a validation set");
        DatasetSplits s = UserInput.check(load);
        if (s.hasTest()) {
            throw new IllegalArgumentException("splits without a test set hold " + s.test().size() + " test samples");
        }
        return new ImageDataset(request, description, 0, k -> s, true);
    }

    /** Refuses {@code --folds} and {@code --fold} for data that {@code cannot} ("the X has its own test split"). */
    private static void refuseFolds(DataRequest request, String cannot) {
        if (request.folds() != null || request.fold() != null) {
            throw new UserInputException((request.folds() != null ? "--folds" : "--fold") + ": the " + cannot
                    + "; cross-validation needs one set of images (imagefolder without split folders, busi, medmnist, idx,"
                    + " a manifest without splits) or a layout with folds (pocus)");
        }
    }

    /**
     * One set of images: cut into train, meta-validation and test by the request's fractions, or into
     * {@code --folds} stratified folds.
     *
     * @throws UserInputException for {@code --fold} without {@code --folds}, or a cut that cannot be made
     */
    public static ImageDataset single(DataRequest request, String description, LabelledSet all) {
        if (request.folds() != null) {
            return crossValidated(request, description,
                    UserInput.check(() -> CrossValidation.stratified(all, request.folds(), request.splitSeed())));
        }
        if (request.fold() != null) {
            throw new UserInputException("--fold needs --folds N for the " + description);
        }
        DatasetSplits s = UserInput.check(() -> DatasetSplits.stratified(all, request.valFraction(),
                request.testFraction(), request.splitSeed()));
        return new ImageDataset(request, description, 0, k -> s, false);
    }

    /**
     * Folds given with the data; each run holds out the request's meta-validation fraction of its
     * training folds.
     *
     * @throws UserInputException if {@code --folds} disagrees with the data's or {@code --fold} is out of range
     */
    public static ImageDataset crossValidated(DataRequest request, String description, CrossValidation cv) {
        if (request.folds() != null && request.folds() != cv.folds()) {
            throw new UserInputException("--folds " + request.folds() + ": the " + description + " has " + cv.folds()
                    + " folds");
        }
        if (request.fold() != null && (request.fold() < 0 || request.fold() >= cv.folds())) {
            throw new UserInputException("--fold must lie in 0.." + (cv.folds() - 1) + ", got " + request.fold());
        }
        return new ImageDataset(request, description + ", " + cv.folds() + " folds", cv.folds(),
                k -> cv.splits(k, request.valFraction(), request.splitSeed()), false);
    }

    /** This dataset with another default normalisation (for data whose statistics are known). */
    public ImageDataset normalizedBy(Normalize value) {
        return new ImageDataset(description, folds, splits, value, withoutTest);
    }

    /** Whether the runs have a test set: false for {@link #withoutTest} data, whose figures are validation figures. */
    public boolean hasTest() {
        return !withoutTest;
    }

    /** The normalisation to use unless the user gives one: {@link #PAPER_NORMALIZATION} unless the layout says. */
    public Normalize normalization() {
        return normalization;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public int folds() {
        return Math.max(folds, 1);
    }

    @Override
    public boolean crossValidated() {
        return folds > 0;
    }

    /**
     * The three sets of run {@code fold} (0 without cross-validation); the test set is empty for
     * {@link #withoutTest} data.
     *
     * @throws UserInputException if the fold is out of range or a set is empty
     */
    public DatasetSplits splits(int fold) {
        if (fold < 0 || fold >= folds()) {
            throw new UserInputException("--fold must lie in 0.." + (folds() - 1) + ", got " + fold);
        }
        DatasetSplits s = splits.apply(fold);
        for (LabelledSet set : withoutTest ? List.of(s.train(), s.metaValidation())
                : List.of(s.train(), s.metaValidation(), s.test())) {
            if (set.isEmpty()) {
                throw new UserInputException("the " + description + " leaves the "
                        + (set == s.train() ? "training" : set == s.test() ? "test" : "meta-validation")
                        + " set empty; add images or change --val-fraction/--test-fraction");
            }
        }
        return s;
    }

    /** The class names, indexed by label (the same in every run). */
    public List<String> classes() {
        return splits(0).train().classes();
    }
}
