package org.metalr.runs.metrics;

import org.metalr.stats.Ranks;

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
        long positives = 0;
        for (boolean p : positive) {
            if (p) {
                positives++;
            }
        }
        long negatives = scores.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        // Every rank is a multiple of 1/2 and the sum stays far below 2^52, so it is exact.
        double[] ranks = Ranks.average(scores);
        double positiveRankSum = 0;
        for (int i = 0; i < ranks.length; i++) {
            if (positive[i]) {
                positiveRankSum += ranks[i];
            }
        }
        double u = positiveRankSum - positives * (positives + 1) / 2.0;
        return u / ((double) positives * negatives);
    }
}
