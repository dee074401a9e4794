package org.metalr.app;

import org.metalr.api.UserInputException;
import picocli.CommandLine.Option;

/**
 * How a sweep's runs ({@code compare}, {@code grid}) are scheduled: in this process, as one of many
 * workers, by several local workers, or not at all (only collected). None of these is a setting: the
 * numbers do not depend on them, so they are not recorded in {@code config.json}.
 */
@HelpSection("Sweep")
final class SweepOptions {

    @Option(names = "--worker", description = "work as one of any number of workers on this comparison folder (on"
            + " this machine or others sharing the file system): claim unfinished runs one by one, take over the runs"
            + " of workers that died, and when every run has finished, write the comparison if no other worker is")
    boolean worker;

    @Option(names = "--collect", description = "only write the comparison from the finished runs (exit 2, naming"
            + " them, while runs are unfinished)")
    boolean collect;

    @Option(names = "--parallel", paramLabel = "P", description = "start P local workers (this command with"
            + " --worker: --threads split between them, or with --device cuda one GPU each, cuda:0 to cuda:P-1), wait"
            + " for them, then collect")
    Integer parallel;

    /** Set by {@code --parallel} on the workers it starts: it writes the comparison itself, once. */
    @Option(names = LEAVE_COLLECT, hidden = true)
    boolean leaveCollect;

    static final String LEAVE_COLLECT = "--leave-collect";

    /**
     * The local workers of a command that starts them by default ({@code demo}, {@code study}): {@code --parallel},
     * else two on a machine with two or more cores (one: train in this process).
     */
    int localWorkersByDefault() {
        return parallel != null ? parallel : Math.min(2, Runtime.getRuntime().availableProcessors());
    }

    /** @throws UserInputException if more than one mode is given or {@code --parallel} is below 1 */
    void check() {
        int modes = (worker ? 1 : 0) + (collect ? 1 : 0) + (parallel != null ? 1 : 0);
        if (modes > 1) {
            throw new UserInputException("--worker, --collect and --parallel exclude each other");
        }
        if (leaveCollect && !worker) {
            throw new UserInputException(LEAVE_COLLECT + " applies to --worker only");
        }
        if (parallel != null && parallel < 1) {
            throw new UserInputException("--parallel must be >= 1, got " + parallel);
        }
    }
}
