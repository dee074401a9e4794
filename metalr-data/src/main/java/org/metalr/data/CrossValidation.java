package org.metalr.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * A set with a fold assigned to each sample, for k-fold cross-validation: fold {@code f} is the test
 * part of run {@code f} and the other folds its training part.
 */
public final class CrossValidation {

    private final LabelledSet set;
    private final int[] folds;
    private final int k;

    /**
     * @param folds fold of each sample, in set order, each in {@code [0, k)}
     * @throws IllegalArgumentException if the lengths differ, a fold is out of range or a fold is empty
     */
    public CrossValidation(LabelledSet set, int[] folds, int k) {
        this.set = Objects.requireNonNull(set, "set");
        this.folds = folds.clone();
        this.k = k;
        if (folds.length != set.size()) {
            throw new IllegalArgumentException(folds.length + " folds for " + set.size() + " samples");
        }
        int[] sizes = new int[Math.max(k, 0)];
        for (int f : folds) {
            if (f < 0 || f >= k) {
                throw new IllegalArgumentException("fold " + f + " outside [0, " + k + ")");
            }
            sizes[f]++;
        }
        for (int f = 0; f < k; f++) {
            if (sizes[f] == 0) {
                throw new IllegalArgumentException("fold " + f + " is empty; fold sizes " + Arrays.toString(sizes));
            }
        }
    }

    /** Seeded stratified assignment of {@code k} folds; see {@link Splits#stratifiedFolds}. */
    public static CrossValidation stratified(LabelledSet set, int k, long seed) {
        return new CrossValidation(set, Splits.stratifiedFolds(set, k, seed), k);
    }

    public LabelledSet set() {
        return set;
    }

    public int folds() {
        return k;
    }

    /** The fold of each sample, in set order (a copy). */
    public int[] assignment() {
        return folds.clone();
    }

    /**
     * Run {@code testFold}: {@code held} is that fold, {@code kept} the others, both in set order.
     *
     * @throws IllegalArgumentException if {@code testFold} is outside {@code [0, folds())}
     */
    public HoldOut fold(int testFold) {
        if (testFold < 0 || testFold >= k) {
            throw new IllegalArgumentException("fold " + testFold + " outside [0, " + k + ")");
        }
        boolean[] held = new boolean[folds.length];
        for (int i = 0; i < folds.length; i++) {
            held[i] = folds[i] == testFold;
        }
        return Splits.partition(set, held);
    }

    /**
     * The three sets of run {@code testFold}: the fold as test, and the other folds cut into train
     * and a stratified seeded meta-validation hold-out of {@code metaValidationFraction}.
     *
     * @throws IllegalArgumentException if the fold or the fraction is out of range
     */
    public DatasetSplits splits(int testFold, double metaValidationFraction, long seed) {
        HoldOut run = fold(testFold);
        return DatasetSplits.holdOutMetaValidation(run.kept(), run.held(), metaValidationFraction, seed);
    }

    @Override
    public String toString() {
        return "CrossValidation[" + k + " folds of sizes " + Splits.describe(folds, k) + " over " + set + "]";
    }
}
