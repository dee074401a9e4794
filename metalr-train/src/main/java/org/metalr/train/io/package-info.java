/**
 * The files of a run folder: atomic replacement of whole files (through {@link org.metalr.api.io.AtomicFiles}),
 * the per-iteration learning-rate log {@code lr_trajectory.csv} ({@link org.metalr.train.io.LrTrajectoryCsv}),
 * and the JSON files {@code metrics.json} and {@code config.json} ({@link org.metalr.train.io.RunFiles}).
 */
package org.metalr.train.io;
