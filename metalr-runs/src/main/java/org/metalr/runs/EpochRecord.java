package org.metalr.runs;

import com.fasterxml.jackson.annotation.JsonInclude;
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
 *                       mean Dice over volumes); with {@code --val-cases K}, of the first K validation volumes
 * @param fullValidation with {@code --val-cases K}, the last epoch's figures on the whole validation set
 *                       (reported beside, not used for selection); null otherwise
 */
public record EpochRecord(int epoch, int passes, long iteration, double trainLoss, double validationLoss,
        EvaluationMetrics validation, @JsonInclude(JsonInclude.Include.NON_NULL) EvaluationMetrics fullValidation) {

    /** An epoch validated on the whole validation set. */
    public EpochRecord(int epoch, int passes, long iteration, double trainLoss, double validationLoss,
            EvaluationMetrics validation) {
        this(epoch, passes, iteration, trainLoss, validationLoss, validation, null);
    }

}
