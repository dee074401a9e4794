package org.metalr.train;

import java.nio.file.Path;

/**
 * A run stopped at an iteration boundary because a {@link StopRequest} asked it to (SIGINT, SIGTERM):
 * its checkpoint at that iteration is written and {@code metrics.json} says {@link RunReport#INTERRUPTED},
 * so resuming continues exactly where it stopped.
 */
public final class RunInterruptedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String reason;
    private final transient Path runDir;
    private final long iteration;

    RunInterruptedException(String reason, Path runDir, long iteration) {
        super(reason + " stopped the run in " + runDir + " after iteration " + iteration + " (checkpoint written)");
        this.reason = reason;
        this.runDir = runDir;
        this.iteration = iteration;
    }

    /** What stopped it ("SIGINT", "SIGTERM"). */
    public String reason() {
        return reason;
    }

    /** The run folder. */
    public Path runDir() {
        return runDir;
    }

    /** The last iteration taken, whose checkpoint was written. */
    public long iteration() {
        return iteration;
    }
}
