package org.metalr.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.metalr.api.UserInputException;
import org.metalr.backends.Backends;

/**
 * The settings of one {@link BenchMain} run, parsed from its command line. Immutable.
 *
 * @param quick         the smoke run: fewer iterations, batch 8, a short soak
 * @param threads       LibTorch intra-op threads in every child process
 * @param iterations    timed iterations per configuration
 * @param rounds        how many times every configuration runs; the least disturbed round is reported
 * @param warmup        untimed iterations before them
 * @param soak          iterations over which resident memory is followed, after the timed ones and
 *                      the settling ones (-1: each workload's own, see {@link #soakFor})
 * @param settle        iterations before the soak, in which allocators reach the size they keep
 *                      (-1: each workload's own, see {@link #settleFor})
 * @param soakSteps     the steps whose configurations get the soak
 * @param batch         batch size for every workload (0: each workload's own, at most 8 in a quick run)
 * @param unetWidth     base width of the 3D U-Net
 * @param workloads     workload ids, in order
 * @param backends      backend names, in order
 * @param steps         the steps to time
 * @param out           where the JSON report goes
 * @param python        the Python interpreter for the PyTorch reference
 * @param pythonScript  the reference script
 * @param skipPython    whether to leave the PyTorch rows out
 * @param ompWaitPolicy {@code PASSIVE} or {@code ACTIVE} for the children's OpenMP workers, or null
 *                      to leave the environment as it is
 * @param jvmOptions    options for the child JVMs
 */
public record BenchOptions(boolean quick, int threads, int iterations, int rounds, int warmup, int soak, int settle,
        List<StepKind> soakSteps,
        int batch, int unetWidth, List<String> workloads, List<String> backends, List<StepKind> steps, Path out, String python,
        Path pythonScript, boolean skipPython, String ompWaitPolicy, List<String> jvmOptions) {

    /**
     * JVM options of the children: a fixed, pre-touched heap, so that the heap's share of resident
     * memory is the same in every configuration and constant from the start; growth is native memory.
     */
    static final String DEFAULT_JVM_OPTIONS = "-Xms384m -Xmx384m -XX:+AlwaysPreTouch";

    /** System property the launcher sets to the module directory, where the Python script is found. */
    static final String BENCH_DIR_PROPERTY = "metalr.bench.dir";

    static final String SCRIPT = "src/main/python/pytorch_reference.py";

    /** Where the JSON report goes unless --out says: under runs/, as every run folder of the command. */
    static final String DEFAULT_OUT = "runs/bench/bench-results.json";

    static final String USAGE = String.join("\n",
            "usage: metalr-bench/run [options]",
            "  --quick                 smoke run (about a minute): resnet18 only, batch 8, 1 warm-up, 3 timed iterations,",
            "                          5 settling and 20 soak iterations",
            "  --threads N             LibTorch intra-op threads (default 2)",
            "  --iterations N          timed iterations per configuration (default 30; quick 3)",
            "  --rounds N              run every configuration N times, interleaved; report each one's round with",
            "                          the lowest median (default 1; for a machine shared with other work)",
            "  --warmup N              untimed iterations first (default 5; quick 1)",
            "  --soak N                iterations over which resident memory is followed (default 1000, the U-Net 200;",
            "                          quick 20; 0: none)",
            "  --settle N              iterations before the soak, in which allocators reach the size they keep;",
            "                          their growth is reported apart (default 100, the U-Net 50; quick 5)",
            "  --soak-steps LIST       steps that get the soak (default metalr-official)",
            "  --batch N               batch size for every workload (default: the workload's; quick: at most 8)",
            "  --unet-width N          base width of the 3D U-Net (default " + Workload.UNET3D_CPU_WIDTH
                    + ", Models Genesis' is 32)",
            "  --workloads LIST        of " + String.join(",", Workload.IDS) + " (default resnet18,unet3d; quick resnet18)",
            "  --backends LIST         of " + String.join(",", Backends.available()) + " (default javacpp,djl)",
            "  --steps LIST            of " + StepKind.ids().replace(" ", "") + " (default all)",
            "  --out FILE              JSON report (default runs/bench/bench-results.json)",
            "  --python PATH           interpreter for the PyTorch reference (default /usr/bin/python3)",
            "  --python-script PATH    the reference script (default metalr-bench/" + SCRIPT + ")",
            "  --no-python             leave the PyTorch rows out",
            "  --omp-wait-policy P     passive, active or inherit: OMP_WAIT_POLICY of the children (default passive)",
            "  --jvm-opts \"OPTS\"       options of the child JVMs (default \"" + DEFAULT_JVM_OPTIONS + "\")",
            "  --help                  this text");

    /**
     * @throws UserInputException naming the option and what it expects
     */
    static BenchOptions parse(String[] args) {
        Flags f = Flags.parse(args,
                Set.of("--threads", "--iterations", "--rounds", "--warmup", "--soak", "--settle", "--soak-steps", "--batch", "--unet-width",
                        "--workloads",
                        "--backends", "--steps", "--out", "--python", "--python-script", "--omp-wait-policy",
                        "--jvm-opts"),
                Set.of("--quick", "--no-python", "--help"));
        boolean quick = f.has("--quick");
        int iterations = f.integer("--iterations", quick ? 3 : 30, 1);
        int warmup = f.integer("--warmup", quick ? 1 : 5, 0);
        int soak = f.has("--soak") ? f.integer("--soak", 0, 0) : -1;
        int settle = f.has("--settle") ? f.integer("--settle", 0, 0) : -1;
        List<String> workloads = f.list("--workloads",
                quick ? List.of(Workload.RESNET18) : List.of(Workload.RESNET18, Workload.UNET3D));
        for (String w : workloads) {
            if (!Workload.IDS.contains(w)) {
                throw new UserInputException(
                        "--workloads: unknown workload '" + w + "'; known: " + String.join(", ", Workload.IDS));
            }
        }
        List<String> backends = f.list("--backends", List.of("javacpp", "djl"));
        for (String b : backends) {
            if (!Backends.available().contains(b)) {
                throw new UserInputException("--backends: unknown backend '" + b + "'; available: "
                        + String.join(", ", Backends.available()));
            }
        }
        List<StepKind> steps = steps(f.list("--steps", null), "--steps", Arrays.asList(StepKind.values()));
        List<StepKind> soakSteps = steps(f.list("--soak-steps", null), "--soak-steps",
                List.of(StepKind.METALR_OFFICIAL));
        String policy = f.string("--omp-wait-policy", "passive").toLowerCase(Locale.ROOT);
        if (!List.of("passive", "active", "inherit").contains(policy)) {
            throw new UserInputException("--omp-wait-policy must be passive, active or inherit, got '" + policy + "'");
        }
        List<String> jvm = new ArrayList<>();
        for (String part : f.string("--jvm-opts", DEFAULT_JVM_OPTIONS).trim().split("\\s+")) {
            if (!part.isEmpty()) {
                jvm.add(part);
            }
        }
        return new BenchOptions(quick, f.integer("--threads", 2, 1), iterations, f.integer("--rounds", 1, 1),
                warmup, soak, settle, soakSteps, f.integer("--batch", 0, 1),
                f.integer("--unet-width", Workload.UNET3D_CPU_WIDTH, 1), workloads, backends, steps,
                Path.of(f.string("--out", DEFAULT_OUT)), f.string("--python", "/usr/bin/python3"),
                f.has("--python-script") ? Path.of(f.string("--python-script", null)) : defaultScript(),
                f.has("--no-python"), policy.equals("inherit") ? null : policy.toUpperCase(Locale.ROOT),
                List.copyOf(jvm));
    }

    /** Whether {@code --help} was asked for, before any other parsing. */
    static boolean wantsHelp(String[] args) {
        return Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h");
    }

    private static List<StepKind> steps(List<String> ids, String option, List<StepKind> fallback) {
        if (ids == null) {
            return List.copyOf(fallback);
        }
        List<StepKind> out = new ArrayList<>();
        for (String id : ids) {
            try {
                out.add(StepKind.of(id));
            } catch (IllegalArgumentException e) {
                throw new UserInputException(option + ": " + e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    /** The script beside the module: found from the launcher's property, else from the working directory. */
    private static Path defaultScript() {
        String dir = System.getProperty(BENCH_DIR_PROPERTY);
        if (dir != null) {
            return Path.of(dir, SCRIPT);
        }
        Path fromRoot = Path.of("metalr-bench", SCRIPT);
        return Files.exists(fromRoot) ? fromRoot : Path.of(SCRIPT);
    }

    /** The batch size of workload {@code id} in this run. */
    int batchFor(String id) {
        if (batch > 0) {
            return batch;
        }
        return quick ? Math.min(Workload.defaultBatchSize(id), 8) : Workload.defaultBatchSize(id);
    }

    /**
     * The soak's flags of a child measuring {@code step} on {@code workload} ({@code --soak N --settle M},
     * the soak 0 where the step gets none or memory is not followed in this round); the Java runner
     * and the Python script take the same flags.
     */
    List<String> soakFlags(String workload, String step, boolean soakRound) {
        boolean soaked = soakRound && soaks(step) && soakFor(workload) > 0;
        return List.of("--soak", String.valueOf(soaked ? soakFor(workload) : 0),
                "--settle", String.valueOf(soaked ? settleFor(workload) : 0));
    }

    /**
     * The soak of workload {@code id}: {@code --soak} when given, else 20 in a quick run, 200 for the
     * U-Net (whose iterations take seconds on a CPU) and 1000 for the others.
     */
    int soakFor(String id) {
        return soak >= 0 ? soak : quick ? 20 : id.equals(Workload.UNET3D) ? 200 : 1000;
    }

    /** The settling iterations of workload {@code id}: {@code --settle} when given, else 5, 50 or 100 alike. */
    int settleFor(String id) {
        return settle >= 0 ? settle : quick ? 5 : id.equals(Workload.UNET3D) ? 50 : 100;
    }

    /** Whether the configuration of {@code step} gets the soak. */
    boolean soaks(String step) {
        return soak != 0 && soakSteps.stream().anyMatch(k -> k.id().equals(step));
    }
}
