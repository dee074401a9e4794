package org.metalr.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.metalr.api.UserInputException;
import org.metalr.models.UNet3D;

/**
 * The benchmark suite: for each workload, step and backend, runs {@link ConfigRun} in a fresh JVM (so
 * each peak-memory figure belongs to one configuration), adds the PyTorch reference rows when Python
 * can import torch, prints one Markdown table with the targets checked, and writes everything
 * as JSON. See {@link BenchOptions#USAGE} for the options; {@code metalr-bench/run} is the launcher.
 *
 * <p>Configurations run one after another, backends interleaved step by step, so slow drift of the
 * machine's load affects both backends alike. Exit status: 0 after a report (even with failed
 * configurations, which the table shows), 2 on bad options, 1 when the report cannot be written.
 */
public final class BenchMain {

    private BenchMain() {}

    public static void main(String[] args) {
        if (BenchOptions.wantsHelp(args)) {
            System.out.println(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (UserInputException e) {
            System.err.println("metalr bench: " + e.getMessage());
            System.err.println(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            run(options, System.out, System.err);
        } catch (IOException e) {
            System.err.println("metalr bench: cannot write " + options.out() + ": " + e.getMessage());
            System.exit(1);
        }
    }

    /** Runs the suite; the table goes to {@code out}, progress to {@code log}. */
    static void run(BenchOptions o, PrintStream out, PrintStream log) throws IOException {
        MachineInfo machine = MachineInfo.current();
        Double loadAtStart = MachineInfo.loadAverage();
        List<String> notes = new ArrayList<>();
        if (o.quick()) {
            notes.add(String.format(Locale.ROOT, "quick smoke run: batch at most 8, %d warm-up and %d timed "
                    + "iterations, memory followed over %d iterations after %d settling ones; not figures to report",
                    o.warmup(), o.iterations(), o.soakFor(Workload.RESNET18), o.settleFor(Workload.RESNET18)));
        }
        log.println("metalr bench on " + machine.describe());
        log.println("threads " + o.threads() + ", OMP_WAIT_POLICY " + (o.ompWaitPolicy() == null ? "inherited"
                : o.ompWaitPolicy()) + ", load average " + loadAtStart);

        List<Workload> workloads = new ArrayList<>();
        for (String id : o.workloads()) {
            Workload w = Workload.named(id, o.batchFor(id), id.equals(Workload.UNET3D) ? o.unetWidth() : 0);
            workloads.add(w);
            if (id.equals(Workload.UNET3D) && o.unetWidth() != UNet3D.DEFAULT_WIDTH) {
                notes.add("the 3D U-Net runs at width " + o.unetWidth() + " instead of Models Genesis' "
                        + UNet3D.DEFAULT_WIDTH + " on this CPU (--unet-width)");
            }
        }
        Optional<String> pythonMissing = PythonReference.unavailableReason(o);
        pythonMissing.ifPresent(reason -> {
            notes.add(reason);
            log.println(reason);
        });
        List<List<ConfigResult>> rounds = new ArrayList<>();
        for (int round = 1; round <= o.rounds(); round++) {
            if (o.rounds() > 1) {
                log.println("round " + round + " of " + o.rounds());
            }
            List<ConfigResult> thisRound = new ArrayList<>();
            for (Workload w : workloads) {
                for (StepKind step : o.steps()) {
                    for (String backend : o.backends()) {
                        thisRound.add(progress(log, runJava(o, w, step, backend, round == 1)));
                    }
                }
                if (pythonMissing.isEmpty() && w.id().equals(Workload.RESNET18)) {
                    for (String step : PythonReference.steps(o.steps())) {
                        thisRound.add(progress(log, PythonReference.run(o, w, step, round == 1)));
                    }
                }
            }
            rounds.add(thisRound);
        }
        if (pythonMissing.isEmpty()) {
            workloads.stream().filter(w -> !w.id().equals(Workload.RESNET18)).forEach(w -> notes.add(
                    "no PyTorch reference for workload " + w.id() + " (the script covers resnet18 only)"));
        }
        if (o.rounds() > 1) {
            notes.add("each configuration ran in " + o.rounds() + " rounds, in a fresh process each time; the table "
                    + "shows the round with the lowest median (load from other processes only adds time), memory "
                    + "growth comes from the first round, the only one that follows it");
        }
        List<ConfigResult> results = Rounds.best(rounds);

        Report report = new Report(results);
        String libtorch = results.stream().filter(r -> r.ok() && !r.engine().equals("pytorch"))
                .map(ConfigResult::engineDescription).distinct().reduce((a, b) -> a + "; " + b).orElse("unknown");
        String python = results.stream().filter(r -> r.ok() && r.engine().equals("pytorch"))
                .map(ConfigResult::engineDescription).findFirst().orElse(pythonMissing.orElse("not run"));
        Double loadAtEnd = MachineInfo.loadAverage();

        StringBuilder md = new StringBuilder();
        md.append("Machine: ").append(machine.describe()).append('\n');
        md.append("Threads: ").append(o.threads()).append(" intra-op; OMP_WAIT_POLICY ")
                .append(o.ompWaitPolicy() == null ? "inherited" : o.ompWaitPolicy())
                .append("; load average ").append(loadAtStart).append(" at start, ").append(loadAtEnd).append(" at end\n");
        md.append("Java: ").append(libtorch).append("; child JVMs ").append(String.join(" ", o.jvmOptions())).append('\n');
        md.append("Python: ").append(python).append('\n');
        md.append("Timing: median of ").append(o.iterations()).append(" iterations after ").append(o.warmup())
                .append(" warm-up iterations; each configuration in its own process\n\n");
        md.append(report.markdown());
        if (!notes.isEmpty()) {
            md.append("\nNotes:\n\n");
            notes.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        out.print(md);
        out.flush();

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("created", Instant.now().toString());
        json.put("machine", machine);
        json.put("loadAverageStart", loadAtStart);
        json.put("loadAverageEnd", loadAtEnd);
        json.put("settings", settings(o));
        json.put("libtorch", libtorch);
        json.put("python", python);
        json.put("notes", notes);
        json.put("results", report.results());
        json.put("targets", report.checks());
        json.put("markdown", md.toString());
        writeAtomically(o.out(), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(json));
        log.println("wrote " + o.out().toAbsolutePath());
    }

    private static Map<String, Object> settings(BenchOptions o) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("quick", o.quick());
        s.put("threads", o.threads());
        s.put("warmup", o.warmup());
        s.put("iterations", o.iterations());
        s.put("rounds", o.rounds());
        Map<String, Object> soak = new LinkedHashMap<>();
        for (String id : o.workloads()) {
            soak.put(id, Map.of("soak", o.soakFor(id), "settle", o.settleFor(id)));
        }
        s.put("soak", soak);
        s.put("soakSteps", StepKind.idsOf(o.soakSteps()));
        s.put("batchOverride", o.batch());
        s.put("unetWidth", o.unetWidth());
        s.put("ompWaitPolicy", o.ompWaitPolicy() == null ? "inherited" : o.ompWaitPolicy());
        s.put("jvmOptions", o.jvmOptions());
        return s;
    }

    private static ConfigResult runJava(BenchOptions o, Workload w, StepKind step, String backend, boolean soakRound) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(o.jvmOptions());
        command.add("-Dmetalr.threads=" + o.threads());
        // Native memory is released by scopes and closes, as in the tests; never by the collector.
        command.add("-Dorg.bytedeco.javacpp.noPointerGC=true");
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ConfigRun.class.getName(),
                "--backend", backend, "--workload", w.id(), "--step", step.id(),
                "--threads", String.valueOf(o.threads()), "--warmup", String.valueOf(o.warmup()),
                "--iterations", String.valueOf(o.iterations()), "--batch", String.valueOf(w.batchSize()),
                "--width", String.valueOf(w.id().equals(Workload.UNET3D) ? o.unetWidth() : 0)));
        command.addAll(o.soakFlags(w.id(), step.id(), soakRound));
        return ChildProcess.run(command, childEnvironment(o),
                ConfigResult.failed(backend, w.id(), step.id(), o.threads(), null));
    }

    /** Environment of every child: the OpenMP wait policy, and no inherited thread count that would override ours. */
    static Map<String, String> childEnvironment(BenchOptions o) {
        Map<String, String> env = new HashMap<>();
        if (o.ompWaitPolicy() != null) {
            env.put("OMP_WAIT_POLICY", o.ompWaitPolicy());
        }
        env.put("OMP_NUM_THREADS", String.valueOf(o.threads()));
        return env;
    }

    private static ConfigResult progress(PrintStream log, ConfigResult r) {
        if (r.ok()) {
            log.printf(Locale.ROOT, "%-9s %-8s %-22s median %8.1f ms (min %.1f, max %.1f), peak RSS %.0f MiB%s, load %s%n",
                    r.workload(), r.engine(), r.step(), r.medianMs(), r.minMs(), r.maxMs(), r.peakRssMiB(),
                    r.growthPercent() == null ? "" : String.format(Locale.ROOT, ", growth %+.1f%%", r.growthPercent()),
                    r.loadAfter());
        } else {
            log.printf("%-9s %-8s %-22s FAILED: %s%n", r.workload(), r.engine(), r.step(), r.error());
        }
        return r;
    }

    /** Writes {@code bytes} to a temporary file beside {@code target}, then renames it over the target. */
    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, absolute.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
