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

    /**
     * The training iterations one {@link #run} takes: 1, or K for MetaLR with hypergradient steps every
     * K iterations (one run is one whole phase, so that its time is the amortised cost). Times are
     * reported per iteration: a run's time divided by this.
     */
    default int stepsPerRun() {
        return 1;
    }

    /** Releases the model and its optimizer state. Idempotent. */
    @Override
    void close();
}
