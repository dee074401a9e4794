package org.metalr.train;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A request, from another thread (a signal handler), that the run stop at its next iteration boundary:
 * the trainer then writes a checkpoint there, marks the run {@link RunReport#INTERRUPTED} and throws a
 * {@link RunInterruptedException}. While a run goes on, it also says which run folder is being written
 * and the iteration of its last checkpoint, for a caller that must give up waiting. Thread-safe; one
 * request may serve several runs in turn (a comparison's).
 */
public final class StopRequest {

    private volatile String reason;
    private volatile Path runDir;
    private volatile long lastCheckpoint = -1;

    /** Asks the run to stop; {@code reason} ("SIGTERM") goes into its message. The first request counts. */
    public synchronized void request(String reason) {
        if (this.reason == null) {
            this.reason = reason;
        }
    }

    /** The reason given, if a stop was requested. */
    public Optional<String> requested() {
        return Optional.ofNullable(reason);
    }

    /** The folder of the run in progress, if any. */
    public Optional<Path> runDir() {
        return Optional.ofNullable(runDir);
    }

    /** The iteration of the run in progress's last checkpoint; -1 before the first. */
    public long lastCheckpoint() {
        return lastCheckpoint;
    }

    void running(Path dir) {
        this.runDir = dir;
        this.lastCheckpoint = -1;
    }

    void checkpointed(long iteration) {
        this.lastCheckpoint = iteration;
    }
}
