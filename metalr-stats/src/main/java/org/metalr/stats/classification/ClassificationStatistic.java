package org.metalr.stats.classification;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import org.metalr.stats.Bootstrap;
import org.metalr.stats.Interval;
import org.metalr.stats.WeightedStatistic;

/**
 * The figures of a classifier's predictions on a test set, as a {@link WeightedStatistic} for the
 * bootstrap: {@code accuracy}, {@code balancedAccuracy}, {@code macroAuc}, and for each class
 * {@code sensitivity/<class>} and {@code specificity/<class>}, in that order.
 *
 * <p>The prediction is the argmax of a sample's scores (the first of equal maxima, as
 * {@code numpy.argmax}); sensitivity, specificity and balanced accuracy follow
 * {@link ConfusionFigures}; the AUC of class {@code c} is the one-vs-rest Mann-Whitney statistic of
 * score {@code c} (ties count one half, NaN when {@code c} has no positive or no negative sample), and
 * {@code macroAuc} the mean of the defined ones. These are the definitions of
 * {@code org.metalr.runs.metrics.ClassificationMetrics}, and both are checked against scikit-learn, so
 * given the softmax probabilities that {@code ClassificationMetrics.of} ranks, the point estimates are
 * its figures. Weights count samples: a sample of weight 3 enters every figure three times.
 *
 * <p>Cost: one sort per class at construction; each evaluation is {@code O(samples x classes)}.
 */
public final class ClassificationStatistic implements WeightedStatistic {

    private final int[] labels;
    private final int[] predicted;
    private final int classes;
    private final List<String> names;
    /** Per class: sample indices by ascending score of that class. */
    private final int[][] order;
    /** Per class and position of {@link #order}: 1 if that sample is labelled with the class, else 0. */
    private final int[][] positive;
    /** Per class and position of {@link #order}: whether the sample's score differs from the one before. */
    private final boolean[][] startsGroup;

    /**
     * @param labels     true class of each sample, in {@code [0, classes)}
     * @param scores     {@code [samples][classes]} finite scores (probabilities, say); copied as needed
     * @param classNames one name per class, used in the figure names
     * @throws IllegalArgumentException if there are no samples, the shapes disagree, a label is out of
     *     range or a score is not finite
     */
    public ClassificationStatistic(long[] labels, double[][] scores, List<String> classNames) {
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(classNames, "classNames");
        int n = labels.length;
        int k = classNames.size();
        if (n == 0) {
            throw new IllegalArgumentException("no samples");
        }
        if (k == 0) {
            throw new IllegalArgumentException("no classes");
        }
        if (scores.length != n) {
            throw new IllegalArgumentException(n + " labels but " + scores.length + " score rows");
        }
        this.classes = k;
        this.labels = new int[n];
        this.predicted = new int[n];
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= k) {
                throw new IllegalArgumentException("label of sample " + i + " is " + labels[i] + "; expected 0.." + (k - 1));
            }
            if (scores[i] == null || scores[i].length != k) {
                throw new IllegalArgumentException("scores of sample " + i + " do not have " + k + " values");
            }
            int best = 0;
            for (int c = 0; c < k; c++) {
                if (!Double.isFinite(scores[i][c])) {
                    throw new IllegalArgumentException("score of sample " + i + ", class " + c + " is " + scores[i][c]);
                }
                if (scores[i][c] > scores[i][best]) {
                    best = c;
                }
            }
            this.labels[i] = (int) labels[i];
            this.predicted[i] = best;
        }
        this.order = new int[k][];
        this.positive = new int[k][n];
        this.startsGroup = new boolean[k][n];
        for (int c = 0; c < k; c++) {
            int column = c;
            order[c] = IntStream.range(0, n).boxed()
                    .sorted((a, b) -> Double.compare(scores[a][column], scores[b][column]))
                    .mapToInt(Integer::intValue).toArray();
            for (int j = 0; j < n; j++) {
                positive[c][j] = this.labels[order[c][j]] == c ? 1 : 0;
                startsGroup[c][j] = j > 0 && scores[order[c][j]][c] != scores[order[c][j - 1]][c];
            }
        }
        List<String> all = new ArrayList<>(List.of("accuracy", "balancedAccuracy", "macroAuc"));
        for (String name : classNames) {
            all.add("sensitivity/" + name);
        }
        for (String name : classNames) {
            all.add("specificity/" + name);
        }
        this.names = List.copyOf(all);
    }

    /**
     * Stratified-by-class bootstrap intervals of every figure (see {@link Bootstrap#stratified}):
     * each resample keeps every class's number of samples.
     */
    public static Map<String, Interval> intervals(long[] labels, double[][] scores, List<String> classNames,
                                                  Bootstrap bootstrap) {
        ClassificationStatistic statistic = new ClassificationStatistic(labels, scores, classNames);
        return bootstrap.stratified(statistic.labels.clone(), statistic);
    }

    @Override
    public int samples() {
        return labels.length;
    }

    @Override
    public List<String> names() {
        return names;
    }

    @Override
    public void evaluate(int[] weights, double[] out) {
        long[][] confusion = new long[classes][classes];
        long total = 0;
        long correct = 0;
        for (int i = 0; i < labels.length; i++) {
            int w = weights[i];
            confusion[labels[i]][predicted[i]] += w;
            total += w;
            if (labels[i] == predicted[i]) {
                correct += w;
            }
        }
        double[] sensitivity = ConfusionFigures.sensitivity(confusion);
        double[] specificity = ConfusionFigures.specificity(confusion);
        double[] auc = new double[classes];
        for (int c = 0; c < classes; c++) {
            auc[c] = auc(c, weights);
        }
        out[0] = total == 0 ? Double.NaN : (double) correct / total;
        out[1] = ConfusionFigures.definedMean(sensitivity);
        out[2] = ConfusionFigures.definedMean(auc);
        System.arraycopy(sensitivity, 0, out, 3, classes);
        System.arraycopy(specificity, 0, out, 3 + classes, classes);
    }

    /**
     * Weighted one-vs-rest AUC of class {@code c}: the weighted share of (positive, negative) pairs in
     * which the positive scores higher, ties one half; one pass over the presorted samples, in integers
     * (twice the pair count), so the only rounding is the final division.
     */
    private double auc(int c, int[] weights) {
        int[] sorted = order[c];
        int[] isPositive = positive[c];
        boolean[] starts = startsGroup[c];
        long twicePairs = 0;
        long negativesBelow = 0;
        long positives = 0;
        long negatives = 0;
        long groupPositives = 0;
        long groupNegatives = 0;
        for (int j = 0; j < sorted.length; j++) {
            if (starts[j]) {
                twicePairs += groupPositives * (2 * negativesBelow + groupNegatives);
                negativesBelow += groupNegatives;
                groupPositives = 0;
                groupNegatives = 0;
            }
            int w = weights[sorted[j]];
            int p = w * isPositive[j];
            groupPositives += p;
            groupNegatives += w - p;
            positives += p;
            negatives += w - p;
        }
        twicePairs += groupPositives * (2 * negativesBelow + groupNegatives);
        return positives == 0 || negatives == 0 ? Double.NaN : twicePairs / (2.0 * positives * negatives);
    }

    @Override
    public String toString() {
        return "ClassificationStatistic[samples=" + labels.length + ", classes=" + classes + ", figures="
                + names + "]";
    }
}
