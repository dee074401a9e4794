package org.metalr.runs.metrics;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import org.metalr.stats.Bootstrap;
import org.metalr.stats.Interval;
import org.metalr.stats.classification.ClassificationStatistic;
import org.metalr.stats.classification.ConfusionFigures;

/**
 * Classification figures of one evaluation: accuracy, balanced accuracy, per-class sensitivity
 * (recall), specificity, precision and F1, macro F1, the confusion matrix, per-class one-vs-rest ROC
 * AUC and its macro mean, and, for a test set, bootstrap confidence intervals. Immutable; accessors
 * return copies.
 *
 * <p>Definitions, for class {@code c} with {@code TP}, {@code FP}, {@code FN}, {@code TN} read off the
 * confusion matrix (rows = true class, columns = predicted class):
 * <ul>
 *   <li>sensitivity {@code TP / (TP + FN)}: {@code NaN} when {@code c} is absent from the labels;
 *   <li>specificity {@code TN / (TN + FP)}: {@code NaN} when every sample is labelled {@code c};
 *   <li>precision {@code TP / (TP + FP)}: {@code NaN} when {@code c} is never predicted;
 *   <li>F1 {@code 2TP / (2TP + FP + FN)}: {@code NaN} only when {@code c} is neither a label nor a
 *       prediction (a present class that is never predicted has F1 0);
 *   <li>balanced accuracy, macro F1 and macro AUC: the mean over the classes whose value is defined
 *       ({@code NaN} when none is);
 *   <li>AUC of class {@code c}: the Mann-Whitney statistic of the scores of samples labelled {@code c}
 *       against all others, ties counted one half (average ranks); {@code NaN} when {@code c} is
 *       absent from the labels or is every label.
 * </ul>
 * This equals scikit-learn's {@code precision_recall_fscore_support(labels=range(K),
 * zero_division=np.nan)}, {@code balanced_accuracy_score} and {@code roc_auc_score(y == c, p[:, c])};
 * where every class is present, macro AUC equals {@code roc_auc_score(y, p, multi_class="ovr",
 * average="macro")}. Sensitivity, specificity and balanced accuracy are
 * {@link ConfusionFigures}'.
 *
 * <p><b>Intervals</b> ({@link #intervals()}, test sets only): percentile bootstrap intervals over the
 * samples, stratified by class ({@link ClassificationStatistic#intervals}), of accuracy, balanced
 * accuracy, macro AUC and each class's sensitivity and specificity. Their estimates are the figures
 * of the softmax probabilities, which equal this object's except where two logits of a sample agree to
 * rounding (the argmax may then fall on the other class).
 *
 * <p>The JSON form (Jackson) lists every figure; reading it back rebuilds the object from the
 * confusion matrix, the AUCs and the intervals alone.
 */
@JsonPropertyOrder({"classes", "samples", "accuracy", "balancedAccuracy", "macroF1", "macroAuc", "sensitivity",
        "specificity", "precision", "f1", "auc", "confusion", "intervals"})
@JsonIgnoreProperties(value = {"classes", "samples", "accuracy", "balancedAccuracy", "macroF1", "macroAuc",
        "sensitivity", "specificity", "precision", "f1"}, allowGetters = true)
public final class ClassificationMetrics implements EvaluationMetrics {

    /**
     * Bootstrap confidence intervals of the figures over the samples of a test set.
     *
     * @param accuracy         accuracy
     * @param balancedAccuracy balanced accuracy
     * @param macroAuc         macro one-vs-rest ROC AUC
     * @param sensitivity      each class's sensitivity, by class index
     * @param specificity      each class's specificity, by class index
     */
    public record Intervals(Interval accuracy, Interval balancedAccuracy, Interval macroAuc,
            List<Interval> sensitivity, List<Interval> specificity) {

        /** @throws NullPointerException if an interval is missing */
        public Intervals {
            Objects.requireNonNull(accuracy, "accuracy");
            Objects.requireNonNull(balancedAccuracy, "balancedAccuracy");
            Objects.requireNonNull(macroAuc, "macroAuc");
            sensitivity = List.copyOf(sensitivity);
            specificity = List.copyOf(specificity);
        }
    }

    private final long[][] confusion;
    private final double[] auc;
    private final Intervals intervals;

    /**
     * Metrics from a confusion matrix ({@code confusion[true][predicted]}, square, non-negative) and
     * the per-class one-vs-rest AUCs ({@code NaN} where undefined), without intervals. Both are copied.
     *
     * @throws IllegalArgumentException if the matrix is empty or not square, a count is negative, or
     *     the AUCs' length differs from the number of classes or one lies outside [0, 1]
     */
    public ClassificationMetrics(long[][] confusion, double[] auc) {
        this(confusion, auc, null);
    }

    /**
     * As {@link #ClassificationMetrics(long[][], double[])}, with the intervals of a test set (null for
     * none).
     *
     * @throws IllegalArgumentException as that constructor, or if the intervals' per-class lists do not
     *     hold one interval per class
     */
    @JsonCreator
    public ClassificationMetrics(@JsonProperty("confusion") long[][] confusion,
                                 @JsonProperty("auc") double[] auc,
                                 @JsonProperty("intervals") Intervals intervals) {
        Objects.requireNonNull(confusion, "confusion");
        Objects.requireNonNull(auc, "auc");
        int k = confusion.length;
        if (k == 0) {
            throw new IllegalArgumentException("confusion matrix has no classes");
        }
        this.confusion = new long[k][];
        for (int i = 0; i < k; i++) {
            if (confusion[i] == null || confusion[i].length != k) {
                throw new IllegalArgumentException("confusion matrix row " + i + " has "
                        + (confusion[i] == null ? "no" : String.valueOf(confusion[i].length))
                        + " entries; expected " + k);
            }
            for (int j = 0; j < k; j++) {
                if (confusion[i][j] < 0) {
                    throw new IllegalArgumentException("confusion matrix entry [" + i + "][" + j
                            + "] is negative: " + confusion[i][j]);
                }
            }
            this.confusion[i] = confusion[i].clone();
        }
        if (auc.length != k) {
            throw new IllegalArgumentException("auc has " + auc.length + " values; expected one per class (" + k + ")");
        }
        for (int c = 0; c < k; c++) {
            if (!Double.isNaN(auc[c]) && (auc[c] < 0 || auc[c] > 1)) {
                throw new IllegalArgumentException("auc of class " + c + " is " + auc[c] + "; expected [0, 1] or NaN");
            }
        }
        this.auc = auc.clone();
        if (intervals != null && (intervals.sensitivity().size() != k || intervals.specificity().size() != k)) {
            throw new IllegalArgumentException("intervals hold " + intervals.sensitivity().size() + " sensitivities and "
                    + intervals.specificity().size() + " specificities; expected one per class (" + k + ")");
        }
        this.intervals = intervals;
    }

    /**
     * As {@link #of}, with the stratified bootstrap intervals of the test set drawn by {@code bootstrap}.
     *
     * @throws IllegalArgumentException as {@link #of}
     */
    public static ClassificationMetrics withIntervals(long[] labels, double[][] logits, int classes,
            Bootstrap bootstrap) {
        Objects.requireNonNull(bootstrap, "bootstrap");
        ClassificationMetrics m = of(labels, logits, classes);
        double[][] probabilities = new double[logits.length][];
        for (int i = 0; i < logits.length; i++) {
            probabilities[i] = softmax(logits[i]);
        }
        List<String> names = IntStream.range(0, classes).mapToObj(Integer::toString).toList();
        Map<String, Interval> all = ClassificationStatistic.intervals(labels, probabilities, names, bootstrap);
        List<Interval> sensitivity = new ArrayList<>();
        List<Interval> specificity = new ArrayList<>();
        for (String c : names) {
            sensitivity.add(all.get("sensitivity/" + c));
            specificity.add(all.get("specificity/" + c));
        }
        return new ClassificationMetrics(m.confusion, m.auc, new Intervals(all.get("accuracy"),
                all.get("balancedAccuracy"), all.get("macroAuc"), sensitivity, specificity));
    }

    /**
     * Metrics of {@code logits} ({@code [N][classes]}) against {@code labels}: the prediction is the
     * row's argmax (the first of equal maxima, as {@code numpy.argmax}); the AUCs rank the softmax
     * probabilities, as scikit-learn's multi-class {@code roc_auc_score} expects. Ranking raw logits
     * would differ, since softmax normalises each sample separately.
     *
     * @throws IllegalArgumentException if there are no samples, the lengths disagree, a label lies
     *     outside {@code [0, classes)} or a score is not finite
     */
    public static ClassificationMetrics of(long[] labels, double[][] logits, int classes) {
        validate(labels, logits, classes);
        double[][] probabilities = new double[logits.length][];
        for (int i = 0; i < logits.length; i++) {
            probabilities[i] = softmax(logits[i]);
        }
        return compute(labels, logits, probabilities, classes);
    }

    /**
     * Metrics of class probabilities ({@code [N][classes]}, each in [0, 1], as given: a softmax or
     * per-class sigmoids) against {@code labels}: the prediction is the row's argmax (the first of
     * equal maxima), the AUCs rank the probabilities as given.
     *
     * @throws IllegalArgumentException as {@link #of}, or if a probability lies outside [0, 1]
     */
    public static ClassificationMetrics ofProbabilities(long[] labels, double[][] probabilities, int classes) {
        validate(labels, probabilities, classes);
        for (int i = 0; i < probabilities.length; i++) {
            for (int c = 0; c < classes; c++) {
                double p = probabilities[i][c];
                if (p < 0 || p > 1) {
                    throw new IllegalArgumentException("probability of sample " + i + ", class " + c + " is " + p
                            + "; expected [0, 1]");
                }
            }
        }
        return compute(labels, probabilities, probabilities, classes);
    }

    private static void validate(long[] labels, double[][] scores, int classes) {
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(scores, "scores");
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be positive, got " + classes);
        }
        if (labels.length == 0) {
            throw new IllegalArgumentException("no samples to evaluate");
        }
        if (labels.length != scores.length) {
            throw new IllegalArgumentException(labels.length + " labels but " + scores.length + " score rows");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label of sample " + i + " is " + labels[i]
                        + "; expected 0.." + (classes - 1));
            }
            if (scores[i] == null || scores[i].length != classes) {
                throw new IllegalArgumentException("scores of sample " + i + " have "
                        + (scores[i] == null ? "no" : String.valueOf(scores[i].length))
                        + " values; expected " + classes);
            }
            for (int c = 0; c < classes; c++) {
                if (!Double.isFinite(scores[i][c])) {
                    throw new IllegalArgumentException("score of sample " + i + ", class " + c + " is " + scores[i][c]);
                }
            }
        }
    }

    private static ClassificationMetrics compute(long[] labels, double[][] scores, double[][] ranked, int classes) {
        long[][] confusion = new long[classes][classes];
        for (int i = 0; i < labels.length; i++) {
            confusion[(int) labels[i]][argmax(scores[i])]++;
        }
        double[] auc = new double[classes];
        double[] column = new double[labels.length];
        boolean[] positive = new boolean[labels.length];
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < labels.length; i++) {
                column[i] = ranked[i][c];
                positive[i] = labels[i] == c;
            }
            auc[c] = RankAuc.auc(column, positive);
        }
        return new ClassificationMetrics(confusion, auc);
    }

    /** The index of the largest value, the first of equal maxima (as {@code numpy.argmax}). */
    public static int argmax(double[] row) {
        int best = 0;
        for (int c = 1; c < row.length; c++) {
            if (row[c] > row[best]) {
                best = c;
            }
        }
        return best;
    }

    /** Softmax with the maximum subtracted first, so large logits do not overflow. */
    public static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logits) {
            max = Math.max(max, v);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int c = 0; c < logits.length; c++) {
            p[c] = Math.exp(logits[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < p.length; c++) {
            p[c] /= sum;
        }
        return p;
    }

    @JsonProperty("classes")
    public int classes() {
        return confusion.length;
    }

    /** Number of samples evaluated (the sum of the confusion matrix). */
    @JsonProperty("samples")
    public long samples() {
        long n = 0;
        for (long[] row : confusion) {
            for (long v : row) {
                n += v;
            }
        }
        return n;
    }

    /** Share of samples whose prediction equals the label; {@code NaN} without samples. */
    @JsonProperty("accuracy")
    public double accuracy() {
        return ConfusionFigures.accuracy(confusion);
    }

    /** Per-class recall {@code TP / (TP + FN)}; {@code NaN} for a class absent from the labels. */
    @JsonProperty("sensitivity")
    public double[] sensitivity() {
        return ConfusionFigures.sensitivity(confusion);
    }

    /** Per-class specificity {@code TN / (TN + FP)}; {@code NaN} for a class that is every label. */
    @JsonProperty("specificity")
    public double[] specificity() {
        return ConfusionFigures.specificity(confusion);
    }

    /** Mean sensitivity over the classes present in the labels (scikit-learn's balanced accuracy). */
    @JsonProperty("balancedAccuracy")
    public double balancedAccuracy() {
        return ConfusionFigures.balancedAccuracy(confusion);
    }

    /** Per-class precision {@code TP / (TP + FP)}; {@code NaN} for a class never predicted. */
    @JsonProperty("precision")
    public double[] precision() {
        return ConfusionFigures.precision(confusion);
    }

    /** Per-class F1 {@code 2TP / (2TP + FP + FN)}; {@code NaN} for a class neither labelled nor predicted. */
    @JsonProperty("f1")
    public double[] f1() {
        return ConfusionFigures.f1(confusion);
    }

    /** Mean of the defined per-class F1 scores. */
    @JsonProperty("macroF1")
    public double macroF1() {
        return ConfusionFigures.definedMean(f1());
    }

    /** Per-class one-vs-rest ROC AUC; {@code NaN} where a class has no positive or no negative sample. */
    @JsonProperty("auc")
    public double[] auc() {
        return auc.clone();
    }

    /** Mean of the defined per-class AUCs. */
    @JsonProperty("macroAuc")
    public double macroAuc() {
        return ConfusionFigures.definedMean(auc);
    }

    /** The confusion matrix, {@code [true class][predicted class]} (a copy). */
    @JsonProperty("confusion")
    public long[][] confusion() {
        long[][] out = new long[confusion.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = confusion[i].clone();
        }
        return out;
    }


    /** The bootstrap intervals of a test set; null for a validation set (none are computed there). */
    @JsonProperty("intervals")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public Intervals intervals() {
        return intervals;
    }

    /**
     * Every figure by its name ({@link Figure}): accuracy, balanced accuracy, macro AUC and F1, then per
     * class sensitivity, specificity, precision, F1 and AUC.
     *
     * @param classNames one name per class, for the per-class figures' names
     * @throws IllegalArgumentException if {@code classNames} does not hold one name per class
     */
    @Override
    public Map<String, Double> figures(List<String> classNames) {
        if (classNames.size() != confusion.length) {
            throw new IllegalArgumentException(classNames.size() + " class names for " + confusion.length + " classes");
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(Figure.ACCURACY, accuracy());
        out.put(Figure.BALANCED_ACCURACY, balancedAccuracy());
        out.put(Figure.AUC, macroAuc());
        out.put(Figure.MACRO_F1, macroF1());
        perClass(out, Figure.SENSITIVITY, classNames, sensitivity());
        perClass(out, Figure.SPECIFICITY, classNames, specificity());
        perClass(out, Figure.PRECISION, classNames, precision());
        perClass(out, Figure.F1, classNames, f1());
        perClass(out, Figure.AUC, classNames, auc);
        return out;
    }

    private static void perClass(Map<String, Double> out, String figure, List<String> classNames, double[] values) {
        for (int c = 0; c < values.length; c++) {
            out.put(Figure.perClass(figure, classNames.get(c)), values[c]);
        }
    }

    /**
     * The paper's Table 2 figures: each class's sensitivity, then accuracy.
     *
     * @throws IllegalArgumentException as {@link #figures}
     */
    @Override
    public List<String> tableFigures(List<String> classNames) {
        List<String> out = new ArrayList<>();
        for (String c : classNames) {
            out.add(Figure.perClass(Figure.SENSITIVITY, c));
        }
        out.add(Figure.ACCURACY);
        return out;
    }

    /** Accuracy. */
    @Override
    public double headline() {
        return accuracy();
    }

    @Override
    public String headlineName() {
        return "accuracy";
    }

    @Override
    public String headlineFigure() {
        return Figure.ACCURACY;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassificationMetrics other
                && Arrays.deepEquals(confusion, other.confusion)
                && Arrays.equals(auc, other.auc)
                && Objects.equals(intervals, other.intervals);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.deepHashCode(confusion) + Arrays.hashCode(auc)) + Objects.hashCode(intervals);
    }

    @Override
    public String toString() {
        return "ClassificationMetrics[samples=" + samples() + ", accuracy=" + accuracy() + ", macroF1=" + macroF1()
                + ", macroAuc=" + macroAuc() + ", sensitivity=" + Arrays.toString(sensitivity())
                + ", confusion=" + Arrays.deepToString(confusion) + "]";
    }
}
