package org.metalr.data;

import java.util.Objects;

/**
 * The three sets of a fine-tuning run, sharing one class list: train, meta-validation (MetaLR's
 * validation batches; held out from train or given), and test (never used for any choice). A run
 * without a test set (the researcher keeps it sealed, or has none) has an empty test set
 * ({@link #withoutTest}, {@link #hasTest()}).
 */
public record DatasetSplits(LabelledSet train, LabelledSet metaValidation, LabelledSet test) {

    /**
     * @throws NullPointerException     if a set is null
     * @throws IllegalArgumentException if the sets name different classes
     */
    public DatasetSplits {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(metaValidation, "metaValidation");
        Objects.requireNonNull(test, "test");
        if (!train.classes().equals(metaValidation.classes()) || !train.classes().equals(test.classes())) {
            throw new IllegalArgumentException("splits name different classes: train " + train.classes()
                    + ", meta-validation " + metaValidation.classes() + ", test " + test.classes());
        }
    }

    /** Train and meta-validation only: the test set is empty, with the same classes. */
    public static DatasetSplits withoutTest(LabelledSet train, LabelledSet metaValidation) {
        return new DatasetSplits(train, metaValidation, new LabelledSet(train.classes(), java.util.List.of()));
    }

    /** Whether there is a test set: false for {@link #withoutTest} splits. */
    public boolean hasTest() {
        return !test.isEmpty();
    }

    /**
     * Train and meta-validation cut from {@code trainAll} by a stratified seeded hold-out of
     * {@code metaValidationFraction}; {@code test} as given.
     *
     * @throws IllegalArgumentException if the fraction is outside {@code [0, 1]} or classes differ
     */
    public static DatasetSplits holdOutMetaValidation(
            LabelledSet trainAll, LabelledSet test, double metaValidationFraction, long seed) {
        HoldOut h = Splits.stratifiedHoldOut(trainAll, metaValidationFraction, seed);
        return new DatasetSplits(h.kept(), h.held(), test);
    }

    /**
     * All three cut from one set (for layouts with no given test set, such as BUSI): first the test
     * fraction is held out of the whole set, then the meta-validation fraction of the whole set is
     * held out of the rest. Both stratified and seeded.
     *
     * @throws IllegalArgumentException if a fraction is negative or they sum past 1
     */
    public static DatasetSplits stratified(LabelledSet all, double metaValidationFraction, double testFraction, long seed) {
        if (metaValidationFraction < 0 || testFraction < 0 || metaValidationFraction + testFraction > 1) {
            throw new IllegalArgumentException("fractions " + metaValidationFraction + " and " + testFraction
                    + " must be non-negative and sum to at most 1");
        }
        HoldOut first = Splits.stratifiedHoldOut(all, testFraction, seed);
        double rest = 1 - testFraction;
        double inner = rest == 0 ? 0 : Math.min(1, metaValidationFraction / rest);
        HoldOut second = Splits.stratifiedHoldOut(first.kept(), inner, SeededRandom.mixKeys(seed, 1));
        return new DatasetSplits(second.kept(), second.held(), first.held());
    }
}
