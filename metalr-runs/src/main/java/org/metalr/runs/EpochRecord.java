package org.metalr.runs;

import org.metalr.runs.metrics.EvaluationMetrics;

/**
 * One finished epoch of a run.
 *
 * @param epoch          the epoch, from 1
 * @param passes         passes over the training set it took (more than 1 when AutoLR redid it)
 * @param iteration      the run's iteration count at its end
 * @param trainLoss      mean training loss over its last pass
 * @param validationLoss the validation loss after it (the trainer's {@code Evaluation.loss()}: mean cross-entropy, or mean
 *                       Dice loss over the volumes)
 * @param validation     validation figures after it (model selection reads their headline: accuracy, or
 *                       mean Dice over volumes)
 */
public record EpochRecord(int epoch, int passes, long iteration, double trainLoss, double validationLoss,
        EvaluationMetrics validation) {

}
