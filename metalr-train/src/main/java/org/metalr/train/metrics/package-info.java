/**
 * Evaluation figures of a run and their summaries over repetitions: classification metrics
 * (accuracy, per-class sensitivity and precision, confusion matrix, macro F1, one-vs-rest ROC AUC),
 * segmentation overlap (Dice, PPV, sensitivity per volume and over all voxels), and the
 * median/min/max {@link org.metalr.train.metrics.Spread} over seeds and folds.
 *
 * <p>Conventions shared by every class here: a figure whose definition divides by zero is
 * {@code NaN} (written as JSON {@code null} by {@link org.metalr.runs.RunFiles}) unless the class
 * documents a value for that case; averages over classes or repetitions skip {@code NaN}s.
 */
package org.metalr.train.metrics;
