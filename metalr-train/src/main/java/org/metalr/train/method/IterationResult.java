package org.metalr.train.method;

/**
 * What one iteration of a {@link MethodRun} measured.
 *
 * @param trainLoss      training loss at the parameters before the update
 * @param validationLoss MetaLR's meta-validation loss at the look-ahead; NaN for methods without one
 */
public record IterationResult(double trainLoss, double validationLoss) {}
