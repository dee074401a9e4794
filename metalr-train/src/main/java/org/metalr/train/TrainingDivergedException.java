package org.metalr.train;

import java.nio.file.Path;
import org.metalr.core.NonFiniteException;

/**
 * A run stopped because a loss or a hypergradient became NaN or infinite ({@link #getCause()} says
 * which, at which iteration, in which group). Everything the run had written stays: the learning-rate
 * and loss logs up to the last good iteration, {@code metrics.json} with status {@code diverged}, and
 * the last good checkpoint.
 */
public final class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long lastCheckpoint;

    TrainingDivergedException(NonFiniteException cause, Path runDir, long lastCheckpoint) {
        super("run in " + runDir + " stopped: " + cause.getMessage() + "; the last good checkpoint is at iteration "
                + lastCheckpoint, cause);
        this.lastCheckpoint = lastCheckpoint;
    }

    @Override
    public synchronized NonFiniteException getCause() {
        return (NonFiniteException) super.getCause();
    }

    /** The failed iteration, from 1. */
    public long iteration() {
        return getCause().iteration();
    }

    /** The group whose hypergradient was not finite; null for a loss. */
    public String group() {
        return getCause().group();
    }

    /** The iteration of the checkpoint kept. */
    public long lastCheckpoint() {
        return lastCheckpoint;
    }
}
