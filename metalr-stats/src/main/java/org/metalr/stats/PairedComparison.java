package org.metalr.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One method against a reference method on paired runs (the same seed and fold), for one figure:
 * the mean and median of the paired differences {@code method - reference}, the paired bootstrap
 * interval of the mean difference, the Wilcoxon signed-rank test, and the test's p-value adjusted by
 * Holm across every method compared with the same reference.
 *
 * <p>Where every difference is zero (a method that reproduces the reference run for run) the signed-rank
 * test is undefined under {@code wilcox} and {@code pratt}: its p-value is NaN, and Holm's adjustment
 * leaves it out of the family.
 *
 * @param method             the method compared
 * @param reference          the reference method
 * @param pairs              number of pairs
 * @param meanDifference     mean of {@code method - reference}, with its paired bootstrap interval
 * @param medianDifference   median of {@code method - reference}
 * @param wilcoxon           the signed-rank test of the differences
 * @param holmP              the test's p-value adjusted by Holm over the methods compared together
 */
public record PairedComparison(String method, String reference, int pairs, Interval meanDifference,
                               double medianDifference, WilcoxonResult wilcoxon, double holmP) {

    public PairedComparison {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(meanDifference, "meanDifference");
        Objects.requireNonNull(wilcoxon, "wilcoxon");
    }

    /**
     * Compares every method with the reference and adjusts the p-values by Holm over all of them.
     *
     * @param reference       the reference method's name
     * @param referenceValues its figure in each run
     * @param methods         each other method's figure in the same runs, in the same order (the caller
     *                        pairs runs by seed and fold); iteration order is the output order
     * @param bootstrap       resamples, level and seed of the intervals (the same seed for every
     *                        method: each is resampled with the same indices)
     * @param test            the signed-rank test's settings
     * @throws IllegalArgumentException if a method's values do not pair with the reference's (other
     *     length, none, NaN), or as {@link WilcoxonSignedRank#test}
     */
    public static List<PairedComparison> against(String reference, double[] referenceValues,
                                                 Map<String, double[]> methods, Bootstrap bootstrap,
                                                 WilcoxonSignedRank test) {
        Objects.requireNonNull(methods, "methods");
        Objects.requireNonNull(bootstrap, "bootstrap");
        Objects.requireNonNull(test, "test");
        List<PairedComparison> unadjusted = new ArrayList<>();
        methods.forEach((name, values) -> unadjusted.add(unadjusted(name, values, reference, referenceValues,
                bootstrap, test)));
        double[] adjusted = Holm.adjust(unadjusted.stream().mapToDouble(c -> c.wilcoxon().pValue()).toArray());
        List<PairedComparison> out = new ArrayList<>();
        for (int i = 0; i < adjusted.length; i++) {
            PairedComparison c = unadjusted.get(i);
            out.add(new PairedComparison(c.method, c.reference, c.pairs, c.meanDifference, c.medianDifference,
                    c.wilcoxon, adjusted[i]));
        }
        return List.copyOf(out);
    }

    private static PairedComparison unadjusted(String method, double[] values, String reference,
                                               double[] referenceValues, Bootstrap bootstrap,
                                               WilcoxonSignedRank test) {
        double[] d;
        try {
            d = Differences.of(values, referenceValues);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(method + " against " + reference + ": " + e.getMessage(), e);
        }
        boolean allZero = Arrays.stream(d).allMatch(v -> v == 0);
        WilcoxonResult wilcoxon = allZero && test.zeroMethod() != WilcoxonSignedRank.ZeroMethod.ZSPLIT
                ? new WilcoxonResult(Double.NaN, Double.NaN, WilcoxonSignedRank.Method.APPROX, Double.NaN, 0)
                : test.testDifferences(d);
        double[] sorted = d.clone();
        Arrays.sort(sorted);
        return new PairedComparison(method, reference, d.length, bootstrap.mean(d), Summary.median(sorted),
                wilcoxon, Double.NaN);
    }
}
