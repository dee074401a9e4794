package org.metalr.bench;

/**
 * One benchmarked training iteration, ready to be run again and again on the same model and batches.
 * Owns its model, optimizer state and batches until {@link #close()}. Not thread-safe.
 */
public interface BenchIteration extends AutoCloseable {

    /**
     * Runs one iteration.
     *
     * @return the iteration's training loss (returned so the work cannot be optimised away)
     * @throws org.metalr.core.NonFiniteException if the model diverged
     */
    double run();

    /** Releases the model and its optimizer state. Idempotent. */
    @Override
    void close();
}
