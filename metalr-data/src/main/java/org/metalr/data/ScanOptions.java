package org.metalr.data;

import java.util.Objects;

/**
 * How a dataset scan treats bad inputs, and where it records what it left out.
 *
 * @param policy  fail on the first bad input, or skip and count it
 * @param report  collects skipped and ignored files; shared by every scan given these options
 * @param threads threads that check files when skipping: decode images, read volumes through (at least 1)
 */
public record ScanOptions(BadInputPolicy policy, BadInputReport report, int threads) {

    /**
     * @throws NullPointerException     if {@code policy} or {@code report} is null
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public ScanOptions {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(report, "report");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }

    /** Fail on the first bad input; ignored files are still recorded in a fresh report. */
    public static ScanOptions strict() {
        return new ScanOptions(BadInputPolicy.FAIL, new BadInputReport(), 1);
    }

    /** Skip bad inputs and record them in {@code report}, checking files on {@code threads} threads. */
    public static ScanOptions skipping(BadInputReport report, int threads) {
        return new ScanOptions(BadInputPolicy.SKIP, report, threads);
    }

    /**
     * Applies the policy to one bad input: throws under {@link BadInputPolicy#FAIL}, records it under
     * {@link BadInputPolicy#SKIP}.
     *
     * @throws BadInputException under {@link BadInputPolicy#FAIL}
     */
    public void reject(BadInputException bad) {
        if (policy == BadInputPolicy.FAIL) {
            throw bad;
        }
        report.skipped(bad.file(), bad.problem());
    }
}
