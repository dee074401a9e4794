package org.metalr.train;

import org.metalr.train.metrics.EvaluationMetrics;

/**
 * One finished epoch of a run.
 *
 * @param epoch          the epoch, from 1
 * @param passes         passes over the training set it took (more than 1 when AutoLR redid it)
 * @param iteration      the run's iteration count at its end
 * @param trainLoss      mean training loss over its last pass
 * @param validationLoss the validation loss after it ({@link Evaluation#loss()})
 * @param validation     validation figures after it (model selection reads their headline: accuracy, or
 *                       mean Dice over volumes)
 */
public record EpochRecord(int epoch, int passes, long iteration, double trainLoss, double validationLoss,
        EvaluationMetrics validation) {

    /**
     * Whether this epoch's model beats {@code other}'s: a higher validation headline (accuracy, mean
     * Dice), then a lower validation loss.
     */
    boolean betterThan(EpochRecord other) {
        if (other == null) {
            return true;
        }
        double a = validation.headline();
        double b = other.validation.headline();
        return a > b || (a == b && validationLoss < other.validationLoss);
    }
}
