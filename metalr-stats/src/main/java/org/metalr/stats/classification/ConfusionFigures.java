package org.metalr.stats.classification;

import java.util.Objects;

/**
 * Per-class figures of a confusion matrix ({@code confusion[true class][predicted class]}, square,
 * non-negative), one-vs-rest: for class {@code c}, {@code TP} is the diagonal entry, {@code FN} the
 * rest of row {@code c}, {@code FP} the rest of column {@code c}, {@code TN} everything else.
 * The matrix is the one {@code org.metalr.runs.metrics.ClassificationMetrics#confusion()} returns.
 *
 * <ul>
 *   <li>sensitivity (recall) {@code TP / (TP + FN)}: NaN for a class absent from the labels;
 *   <li>specificity {@code TN / (TN + FP)}: the recall of "not c"; NaN when every sample is labelled
 *       {@code c};
 *   <li>balanced accuracy: the mean sensitivity over the classes present in the labels.
 * </ul>
 * These equal scikit-learn's {@code recall_score(y, p, labels=range(K), average=None)},
 * {@code recall_score(y != c, p != c)} and {@code balanced_accuracy_score(y, p)} (which also averages
 * over the classes present in {@code y} only); the tests compare them.
 */
public final class ConfusionFigures {

    private ConfusionFigures() {
    }

    /** Per-class sensitivity. @throws IllegalArgumentException if the matrix is not square and non-negative */
    public static double[] sensitivity(long[][] confusion) {
        int k = check(confusion);
        double[] out = new double[k];
        for (int c = 0; c < k; c++) {
            out[c] = ratio(confusion[c][c], rowSum(confusion, c));
        }
        return out;
    }

    /** Per-class specificity. @throws IllegalArgumentException if the matrix is not square and non-negative */
    public static double[] specificity(long[][] confusion) {
        int k = check(confusion);
        long total = 0;
        for (int c = 0; c < k; c++) {
            total += rowSum(confusion, c);
        }
        double[] out = new double[k];
        for (int c = 0; c < k; c++) {
            long negatives = total - rowSum(confusion, c);
            long falsePositives = columnSum(confusion, c) - confusion[c][c];
            out[c] = ratio(negatives - falsePositives, negatives);
        }
        return out;
    }

    /** Share of samples on the diagonal; NaN without samples. @throws IllegalArgumentException as {@link #sensitivity} */
    public static double accuracy(long[][] confusion) {
        int k = check(confusion);
        long correct = 0;
        long total = 0;
        for (int c = 0; c < k; c++) {
            correct += confusion[c][c];
            total += rowSum(confusion, c);
        }
        return ratio(correct, total);
    }

    /** Per-class precision {@code TP / (TP + FP)}, NaN for a class never predicted. @throws IllegalArgumentException as {@link #sensitivity} */
    public static double[] precision(long[][] confusion) {
        int k = check(confusion);
        double[] out = new double[k];
        for (int c = 0; c < k; c++) {
            out[c] = ratio(confusion[c][c], columnSum(confusion, c));
        }
        return out;
    }

    /**
     * Per-class F1 {@code 2TP / (2TP + FP + FN)}, NaN for a class neither labelled nor predicted.
     *
     * @throws IllegalArgumentException as {@link #sensitivity}
     */
    public static double[] f1(long[][] confusion) {
        int k = check(confusion);
        double[] out = new double[k];
        for (int c = 0; c < k; c++) {
            long tp = confusion[c][c];
            out[c] = ratio(2 * tp, columnSum(confusion, c) + rowSum(confusion, c));
        }
        return out;
    }

    /**
     * Mean sensitivity over the classes present in the labels; NaN without samples.
     *
     * @throws IllegalArgumentException if the matrix is not square and non-negative
     */
    public static double balancedAccuracy(long[][] confusion) {
        return definedMean(sensitivity(confusion));
    }

    /**
     * Mean of the values that are not NaN, summed in index order; NaN if none is. The macro means of
     * per-class figures (balanced accuracy, macro AUC, macro F1) are this mean.
     */
    public static double definedMean(double[] values) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static int check(long[][] confusion) {
        Objects.requireNonNull(confusion, "confusion");
        int k = confusion.length;
        if (k == 0) {
            throw new IllegalArgumentException("confusion matrix has no classes");
        }
        for (int i = 0; i < k; i++) {
            if (confusion[i] == null || confusion[i].length != k) {
                throw new IllegalArgumentException("confusion matrix row " + i + " does not have " + k + " entries");
            }
            for (long v : confusion[i]) {
                if (v < 0) {
                    throw new IllegalArgumentException("confusion matrix row " + i + " has a negative count: " + v);
                }
            }
        }
        return k;
    }

    private static long rowSum(long[][] confusion, int c) {
        long s = 0;
        for (long v : confusion[c]) {
            s += v;
        }
        return s;
    }

    private static long columnSum(long[][] confusion, int c) {
        long s = 0;
        for (long[] row : confusion) {
            s += row[c];
        }
        return s;
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? Double.NaN : (double) numerator / denominator;
    }
}
