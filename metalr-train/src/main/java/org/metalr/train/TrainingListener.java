package org.metalr.train;

import org.metalr.runs.EpochRecord;
import org.metalr.train.method.IterationResult;

/**
 * Follows a run as it goes (progress bars, logs). Called on the training thread; a listener that
 * throws stops the run. Every method does nothing by default.
 */
public interface TrainingListener {

    /**
     * The run starts or resumes.
     *
     * @param fromIteration iterations already taken (0 for a new run)
     * @param iterations    iterations the whole run takes without AutoLR's redone epochs, capped by
     *                      the iteration limit
     */
    default void started(long fromIteration, long iterations) {}

    /** Iteration {@code iteration} (from 1) of epoch {@code epoch} is done; {@code learningRates} are the new rates. */
    default void iteration(long iteration, int epoch, IterationResult result, double[] learningRates) {}

    /** An epoch is done and validated (with {@code --eval-every N}, only the validated epochs are reported). */
    default void epoch(EpochRecord record) {}

    /**
     * Whole-volume evaluation progress, after each batch of tiles.
     *
     * @param set     {@code validation} or {@code test}
     * @param volume  the volume being predicted, from 0
     * @param volumes volumes in this evaluation
     * @param done    tiles of this volume predicted or skipped
     * @param tiles   tiles of this volume
     */
    default void evaluating(String set, int volume, int volumes, int done, int tiles) {}
}
