package org.metalr.train.metrics;

import java.util.Arrays;

/**
 * Binary ROC AUC as the Mann-Whitney U statistic with average ranks: the probability that a random
 * positive scores above a random negative, ties counting one half. This is exactly the area under
 * the ROC curve with ties joined by straight segments (scikit-learn's {@code roc_auc_score}).
 * Costs one sort, {@code O(N log N)}.
 */
final class RankAuc {

    private RankAuc() {
    }

    /** AUC of {@code scores} for {@code positive}; {@code NaN} when either side has no sample. */
    static double auc(double[] scores, boolean[] positive) {
        int n = scores.length;
        long positives = 0;
        for (boolean p : positive) {
            if (p) {
                positives++;
            }
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        // Sum of the (1-based, tie-averaged) ranks of the positives; every rank sum here is a
        // multiple of 1/2 far below 2^52, so it is exact in a double.
        double positiveRankSum = 0;
        int start = 0;
        while (start < n) {
            int end = start + 1;
            while (end < n && scores[order[end]] == scores[order[start]]) {
                end++;
            }
            double averageRank = (start + 1 + end) / 2.0;
            for (int i = start; i < end; i++) {
                if (positive[order[i]]) {
                    positiveRankSum += averageRank;
                }
            }
            start = end;
        }
        double u = positiveRankSum - positives * (positives + 1) / 2.0;
        return u / ((double) positives * negatives);
    }
}
