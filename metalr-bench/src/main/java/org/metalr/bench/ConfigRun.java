package org.metalr.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.metalr.api.Backend;
import org.metalr.backends.Backends;
import org.metalr.libtorch.SharedLibTorch;

/**
 * Measures one configuration (backend, workload, step) in this JVM and prints its
 * {@link ConfigResult} as one line {@code RESULT {json}} on standard output. {@link BenchMain} runs
 * each configuration in a fresh JVM through this class, so that every peak-memory figure belongs to
 * one configuration alone.
 *
 * <pre>
 * java -cp ... org.metalr.bench.ConfigRun --backend javacpp --workload resnet18 --step metalr-official \
 *     --threads 2 --warmup 5 --iterations 30 [--soak 1000 --settle 100] [--batch 32] [--width 8]
 * </pre>
 *
 * Exits with 0 when a result line was printed (a failed measurement is a result with its error), 2
 * on bad flags.
 */
public final class ConfigRun {

    /** Prefix of the result line on standard output. */
    static final String RESULT_PREFIX = "RESULT ";

    private ConfigRun() {}

    public static void main(String[] args) {
        Flags flags;
        try {
            flags = Flags.parse(args, Set.of("--backend", "--workload", "--step", "--threads", "--warmup",
                    "--iterations", "--soak", "--settle", "--batch", "--width"), Set.of());
        } catch (IllegalArgumentException e) {
            System.err.println("ConfigRun: " + e.getMessage());
            System.exit(2);
            return;
        }
        String backend = flags.string("--backend", Backends.DEFAULT);
        String workload = flags.string("--workload", Workload.RESNET18);
        String step = flags.string("--step", StepKind.METALR_OFFICIAL.id());
        int threads = 0;
        ConfigResult result;
        try {
            threads = flags.integer("--threads", 2, 1);
            Settings settings = new Settings(threads, flags.integer("--warmup", 5, 0),
                    flags.integer("--iterations", 30, 1), flags.integer("--soak", 0, 0),
                    flags.integer("--settle", 0, 0));
            result = measure(Backends.named(backend), Workload.named(workload, flags.integer("--batch", 0, 0),
                    flags.integer("--width", 0, 0)),
                    StepKind.of(step), settings);
        } catch (RuntimeException | Error e) {
            result = ConfigResult.failed(backend, workload, step, threads, e.toString());
        }
        System.out.println(RESULT_PREFIX + toJson(result));
        System.out.flush();
        // LibTorch's OpenMP workers are not daemon threads of the JVM; leave without waiting on anything.
        System.exit(0);
    }

    /**
     * How to measure.
     *
     * @param threads    intra-op threads
     * @param warmup     untimed iterations first
     * @param iterations timed iterations
     * @param soak       iterations over which resident memory is followed, after the timed ones and
     *                   the settling ones (0: none)
     * @param settle     iterations between the timed ones and the soak, during which the allocators
     *                   reach the size they keep (their growth is reported apart from the soak's)
     */
    record Settings(int threads, int warmup, int iterations, int soak, int settle) {}

    /** Runs the configuration in this JVM. */
    static ConfigResult measure(Backend backend, Workload workload, StepKind kind, Settings s) {
        Double loadBefore = MachineInfo.loadAverage();
        SharedLibTorch.setThreads(s.threads());
        double[] samples = new double[s.iterations()];
        List<List<Double>> rssSamples = new ArrayList<>();
        Map<String, Double> extras = new LinkedHashMap<>();
        ProcMemory start;
        ProcMemory soakStart = null;
        ProcMemory end = null;
        String engineDescription;
        try (BenchIteration iteration = kind.open(backend, workload)) {
            // read after the model opened: oneDNN is decided by its convolutions
            engineDescription = backend.describe() + ", CPU convolutions " + SharedLibTorch.convolutions()
                    + ", CPU tensors on " + SharedLibTorch.cpuPages();
            start = ProcMemory.read();
            for (int i = 0; i < s.warmup(); i++) {
                iteration.run();
            }
            ProcMemory afterWarmup = ProcMemory.read();
            long faults = ProcMemory.minorFaults();
            for (int i = 0; i < samples.length; i++) {
                samples[i] = timed(iteration);
            }
            extras.put("minorFaultsPerIteration", (ProcMemory.minorFaults() - faults) / (double) samples.length);
            if (s.soak() > 0) {
                int done = s.warmup() + samples.length;
                rssSamples.add(List.of((double) s.warmup(), afterWarmup.rssMiB()));
                int every = Math.max(1, s.soak() / 20);
                for (int i = 1; i <= s.settle(); i++) {
                    iteration.run();
                    if (i % every == 0 && i < s.settle()) {
                        rssSamples.add(List.of((double) (done + i), ProcMemory.read().rssMiB()));
                    }
                }
                done += s.settle();
                soakStart = ProcMemory.read();
                rssSamples.add(List.of((double) done, soakStart.rssMiB()));
                extras.put("settleIterations", (double) s.settle());
                extras.put("settleGrowthPercent", percent(afterWarmup, soakStart));
                double[] soakTimes = new double[s.soak()];
                for (int i = 0; i < soakTimes.length; i++) {
                    soakTimes[i] = timed(iteration);
                    if ((i + 1) % every == 0 || i + 1 == soakTimes.length) {
                        rssSamples.add(List.of((double) (done + i + 1), ProcMemory.read().rssMiB()));
                    }
                }
                end = ProcMemory.read();
                extras.put("soakMedianMs", Stats.of(soakTimes).median());
            }
        }
        ProcMemory last = ProcMemory.read();
        Stats stats = Stats.of(samples);
        List<Double> sampleList = new ArrayList<>();
        for (double v : samples) {
            sampleList.add(v);
        }
        return new ConfigResult(backend.name(), engineDescription, workload.id(), workload.description(), kind.id(),
                kind.description(), s.threads(), s.warmup(), s.iterations(), stats.median(), stats.min(), stats.max(),
                sampleList, start.rssMiB(), last.peakMiB(), s.soak(), soakStart == null ? null : soakStart.rssMiB(),
                end == null ? null : end.rssMiB(), end == null ? null : percent(soakStart, end), rssSamples,
                loadBefore, MachineInfo.loadAverage(), extras, null);
    }

    private static double percent(ProcMemory from, ProcMemory to) {
        return 100.0 * (to.rssKiB() - from.rssKiB()) / from.rssKiB();
    }

    /** Milliseconds per training iteration of one run. */
    private static double timed(BenchIteration iteration) {
        long t0 = System.nanoTime();
        iteration.run();
        return (System.nanoTime() - t0) / 1e6 / iteration.stepsPerRun();
    }

    static String toJson(ConfigResult result) {
        try {
            return new ObjectMapper().writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a result as JSON", e);
        }
    }
}
