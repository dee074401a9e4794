package org.metalr.train;

import org.metalr.train.metrics.ClassificationMetrics;

/**
 * One finished epoch of a run.
 *
 * @param epoch          the epoch, from 1
 * @param passes         passes over the training set it took (more than 1 when AutoLR redid it)
 * @param iteration      the run's iteration count at its end
 * @param trainLoss      mean training loss over its last pass
 * @param validationLoss mean cross-entropy on the validation set after it
 * @param validation     validation figures after it (model selection reads their accuracy)
 */
public record EpochRecord(int epoch, int passes, long iteration, double trainLoss, double validationLoss,
        ClassificationMetrics validation) {

    /** Whether this epoch's model beats {@code other}'s: higher validation accuracy, then lower loss. */
    boolean betterThan(EpochRecord other) {
        if (other == null) {
            return true;
        }
        double a = validation.accuracy();
        double b = other.validation.accuracy();
        return a > b || (a == b && validationLoss < other.validationLoss);
    }
}
