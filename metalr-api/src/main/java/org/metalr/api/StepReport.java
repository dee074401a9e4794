package org.metalr.api;

/**
 * What one iteration of a {@link BilevelStep} did.
 *
 * @param iteration      iteration number, counted from 1
 * @param trainLoss      training loss at theta_t
 * @param validationLoss validation loss at the look-ahead theta_hat
 * @param hypergradient  dL_val/d(lr_j) per group at the look-ahead (0 for frozen groups)
 * @param learningRates  per-group learning rates after this iteration's update, the ones the real
 *                       step used
 */
public record StepReport(long iteration, double trainLoss, double validationLoss, double[] hypergradient,
        double[] learningRates) {

    public StepReport {
        hypergradient = hypergradient.clone();
        learningRates = learningRates.clone();
    }

    @Override
    public double[] hypergradient() {
        return hypergradient.clone();
    }

    @Override
    public double[] learningRates() {
        return learningRates.clone();
    }
}
