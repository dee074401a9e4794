package org.metalr.bench;

import java.util.List;
import java.util.Map;

/**
 * What one configuration (engine, workload, step) measured, as its child process reports it in JSON.
 * The Java runner ({@link ConfigRun}) and the PyTorch reference script write the same fields.
 *
 * @param engine              {@code javacpp}, {@code djl} or {@code pytorch}
 * @param engineDescription   binding and LibTorch version
 * @param workload            workload id
 * @param workloadDescription what the workload is
 * @param step                step id
 * @param stepDescription     what the step does
 * @param threads             intra-op threads
 * @param warmup              untimed iterations before timing
 * @param iterations          timed iterations
 * @param medianMs            median milliseconds per timed iteration
 * @param minMs               fastest timed iteration
 * @param maxMs               slowest timed iteration
 * @param samplesMs           every timed iteration, in order
 * @param startRssMiB         resident memory after the model was built, before the first iteration
 * @param peakRssMiB          the process's peak resident memory ({@code VmHWM}) at the end
 * @param soakIterations      iterations over which memory growth was followed (0: not followed); they
 *                            come after the timed iterations and {@code extras.settleIterations} more,
 *                            in which allocators reach the size they keep
 * @param soakStartRssMiB     resident memory when the soak began, where growth is measured from
 * @param soakEndRssMiB       resident memory after the soak
 * @param growthPercent       {@code 100 * (end - start) / start} over the soak, or null without one
 * @param rssSamples          {@code [iteration, MiB]} pairs from the end of warm-up to the end of the soak
 * @param loadBefore          one-minute load average when the configuration started
 * @param loadAfter           one-minute load average when it ended
 * @param extras              further figures (phase timings, medians under other definitions)
 * @param error               why the configuration failed, or null
 */
public record ConfigResult(String engine, String engineDescription, String workload, String workloadDescription,
        String step, String stepDescription, int threads, int warmup, int iterations, Double medianMs, Double minMs,
        Double maxMs, List<Double> samplesMs, Double startRssMiB, Double peakRssMiB, int soakIterations,
        Double soakStartRssMiB, Double soakEndRssMiB, Double growthPercent, List<List<Double>> rssSamples,
        Double loadBefore, Double loadAfter, Map<String, Double> extras, String error) {

    /** Peak resident memory above the resident memory before the first iteration. */
    public Double peakAboveStartMiB() {
        return peakRssMiB == null || startRssMiB == null ? null : peakRssMiB - startRssMiB;
    }

    public boolean ok() {
        return error == null && medianMs != null;
    }

    /** A result that records only a failure. */
    static ConfigResult failed(String engine, String workload, String step, int threads, String error) {
        return new ConfigResult(engine, null, workload, null, step, null, threads, 0, 0, null, null, null, List.of(),
                null, null, 0, null, null, null, List.of(), null, null, Map.of(), error);
    }
}
