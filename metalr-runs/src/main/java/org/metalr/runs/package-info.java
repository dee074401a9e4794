/**
 * The files of a run folder: atomic replacement of whole files (through {@link org.metalr.api.io.AtomicFiles}),
 * the per-iteration learning-rate log {@code lr_trajectory.csv} ({@link org.metalr.runs.LrTrajectoryCsv}),
 * and the JSON files {@code metrics.json} and {@code config.json} ({@link org.metalr.runs.RunFiles}).
 */
package org.metalr.runs;
