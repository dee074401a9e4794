package org.metalr.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import com.fasterxml.jackson.databind.JsonNode;
import org.metalr.api.UserInputException;
import org.metalr.api.io.FolderLock;
import org.metalr.report.ComparisonPage;
import org.metalr.report.Report;
import org.metalr.report.RunPage;
import org.metalr.runs.RunReport;
import org.metalr.train.Repetitions;
import org.metalr.runs.RunFiles;

/**
 * Methods x seeds (x folds) on one dataset, run through the trainer's {@link Repetitions}: each
 * method's runs go to {@code out/<method>/seed-<s>[/fold-<k>]}; a finished run (its
 * {@code metrics.json} says so) is never run again, a begun one resumes from its last checkpoint, so a
 * killed comparison continues where it stopped when started again. Each newly finished run gets its
 * own pictures and report. Then {@link #page} gathers the comparison.
 */
final class MethodComparison {

    /** Builds the run of one method, seed and fold (everything but its folder). */
    @FunctionalInterface
    interface RunSetup {
        FineTuning.Job job(String method, long seed, int fold) throws IOException;
    }

    /** A run stopped at {@code --max-iters}: the comparison stops there, to be continued by running it again. */
    static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped(Path dir, long iterations) {
            super("the run in " + dir + " stopped after iteration " + iterations + " (--max-iters); run the same"
                    + " command again without --max-iters to continue");
        }
    }

    /**
     * What a comparison did.
     *
     * @param summaries each method's repetition summary, in method order
     * @param ran       runs trained (or resumed) by this call
     * @param reused    runs found finished and not run again
     */
    record Outcome(Map<String, Repetitions.Summary> summaries, int ran, int reused) {}

    private final Path out;
    private final List<String> methods;
    private final List<Long> seeds;
    private final int folds;
    private final Integer fixedFold;
    private final RunSetup setup;
    private final PrintWriter console;
    /** Whether runs print a line per epoch where there is no live line (a worker's, see {@link #showEpochs}). */
    private boolean epochLines;
    private boolean keepBroken;

    /**
     * @param folds     folds per seed (1: no cross-validation, or one {@code fixedFold})
     * @param fixedFold the one fold to run, or null for folds {@code 0..folds-1}
     */
    MethodComparison(Path out, List<String> methods, List<Long> seeds, int folds, Integer fixedFold, RunSetup setup,
            PrintWriter console) {
        this.out = Objects.requireNonNull(out, "out");
        this.methods = List.copyOf(methods);
        this.seeds = List.copyOf(seeds);
        this.folds = fixedFold == null ? folds : 1;
        this.fixedFold = fixedFold;
        this.setup = Objects.requireNonNull(setup, "setup");
        this.console = Objects.requireNonNull(console, "console");
        if (this.methods.isEmpty()) {
            throw new UserInputException("no method to run");
        }
        if (this.methods.stream().distinct().count() != this.methods.size()) {
            throw new UserInputException("a method is listed twice: " + this.methods);
        }
        if (this.seeds.isEmpty() || this.seeds.stream().distinct().count() != this.seeds.size()) {
            throw new UserInputException("--seeds must list distinct seeds, got " + this.seeds);
        }
    }

    /**
     * Makes a run that diverges or fails (its {@code metrics.json} says {@code diverged} or {@code failed}: a
     * NaN loss or hypergradient, or a model whose evaluation outputs are no longer finite) a result rather than
     * the end of the comparison: the comparison goes on, the page lists the run and leaves it out of the paired
     * figures, and a later call does not run it again. For studies, where a rule that breaks is a finding.
     */
    MethodComparison keepBroken() {
        keepBroken = true;
        return this;
    }

    /**
     * Checks {@code out/command.json}, if there is one, against the command's flags: a folder started
     * with other settings would mix results. Reads only; {@link #claim} records the flags.
     *
     * @throws org.metalr.train.method.InvalidConfigException naming a flag that differs
     * @throws org.metalr.api.UserInputException if {@code command.json} cannot be read
     */
    static void requireSameFlags(Path out, Map<String, Object> flags, Set<String> mayChange) throws IOException {
        Path file = out.resolve(COMMAND);
        if (Files.exists(file)) {
            JsonNode before;
            try {
                before = RunFiles.readTree(file);
            } catch (IOException e) {
                throw new UserInputException("--out " + out + ": " + e.getMessage());
            }
            FineTuning.requireSameFlags(before.path("flags"), recorded(flags), mayChange, out);
        }
    }

    /**
     * Takes {@code out} for this process ({@link FolderLock}) once every check has passed, checks
     * {@code command.json} again under the lock and records the command's flags in it. The caller holds
     * the lock until the comparison ends.
     *
     * @throws org.metalr.api.io.FolderInUseException naming the holder if another process has the folder
     * @throws org.metalr.train.method.InvalidConfigException naming a flag that differs
     */
    static FolderLock claim(Path out, String command, Map<String, Object> flags, Set<String> mayChange)
            throws IOException {
        FolderLock lock = FolderLock.acquire(out, "metalr " + command);
        try {
            record(out, command, flags, mayChange);
            return lock;
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Checks {@code command.json} against the flags and records them in it; the caller holds the
     * comparison folder's lock.
     */
    static void record(Path out, String command, Map<String, Object> flags, Set<String> mayChange)
            throws IOException {
        requireSameFlags(out, flags, mayChange);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("command", "metalr " + command);
        json.put("flags", recorded(flags));
        RunFiles.write(out.resolve(COMMAND), json);
    }

    /**
     * The flags as the comparison folder records and checks them: a CUDA device without its index, which
     * says where the numbers are computed and not which of the same GPUs ({@code --parallel} gives each
     * local worker its own).
     */
    private static Map<String, Object> recorded(Map<String, Object> flags) {
        Object device = flags.get("--device");
        if (!(device instanceof String text) || !text.startsWith("cuda:")) {
            return flags;
        }
        Map<String, Object> copy = new LinkedHashMap<>(flags);
        copy.put("--device", "cuda");
        return copy;
    }

    /** The file a comparison folder records its command in. */
    static final String COMMAND = "command.json";

    /**
     * Runs every run that has not finished.
     *
     * @throws Stopped if a run stopped at {@code --max-iters}
     * @throws org.metalr.train.TrainingDivergedException if a run diverged
     */
    Outcome run() throws IOException {
        Map<String, Repetitions.Summary> summaries = new LinkedHashMap<>();
        int[] ran = {0};
        int reused = 0;
        int total = methods.size() * seeds.size() * folds;
        for (String method : methods) {
            for (Path dir : runDirs(method)) {
                if (finished(dir)) {
                    reused++;
                }
            }
        }
        if (reused > 0) {
            console.printf("%d of %d runs finished earlier in %s; they are not run again%n", reused, total, out);
            console.flush();
        }
        for (String method : methods) {
            Repetitions.Summary s = Repetitions.run(seeds, folds, out.resolve(dirName(method)), (seed, k, runDir) -> {
                RunReport r = runOne(method, seed, k, runDir, null);
                ran[0]++;
                return r;
            });
            summaries.put(method, s);
        }
        return new Outcome(summaries, ran[0], reused);
    }

    /**
     * Trains (or resumes) one run in {@code runDir}, under {@code held} (the caller's lock on the folder)
     * or, when null, under the lock the trainer takes; then writes its page and prints its line.
     *
     * @throws Stopped if the run stopped at {@code --max-iters}
     */
    private RunReport runOne(String method, long seed, int k, Path runDir, FolderLock held) throws IOException {
        int fold = fixedFold != null ? fixedFold : k;
        FineTuning.Job job = setup.job(method, seed, fold);
        String label = label(method, seed, k);
        RunReport r;
        try (Progress progress = new Progress(label, job.config().epochs(), console, epochLines)) {
            r = FineTuning.run(job, runDir, FineTuning.Start.RESUME_IF_STARTED, progress, held);
        } catch (RuntimeException e) {
            RunReport broken = keepBroken ? broken(runDir) : null;
            if (broken == null) {
                throw e;
            }
            console.printf("%s: %s (%s); kept as a result%n", label, broken.status(), broken.message());
            console.flush();
            return broken;
        }
        if (!r.finished()) {
            throw new Stopped(runDir, r.iterations());
        }
        RunPage.write(runDir);
        console.printf(Locale.ROOT, "%s: %s %s %.1f%% (selected epoch %d of %d), %.1f s%n", label,
                r.figuresSet(), r.selectedFigures().headlineName(), 100 * r.selectedFigures().headline(),
                r.selectedEpoch(), r.epochsCompleted(), r.seconds());
        console.flush();
        return r;
    }

    /**
     * Makes every run print a line per epoch (run, epoch, speed) where it has no live line: a worker's
     * output, read by the {@code --parallel} parent ({@link WorkerLines}) or kept in a Slurm job's log.
     */
    void showEpochs() {
        epochLines = true;
    }

    private String label(String method, long seed, int k) {
        int fold = fixedFold != null ? fixedFold : k;
        return method + ", seed " + seed + (folds > 1 || fixedFold != null ? ", fold " + fold : "");
    }

    /**
     * Works as one of any number of workers on this sweep: claims each unfinished run that no live process
     * holds ({@link FolderLock#tryAcquire} on its folder, which also takes over the folder of a holder that
     * died), trains or resumes it under that claim, and goes on until every run has finished, waiting
     * {@code pollMillis} between passes while other workers still hold runs (so that a worker that dies is
     * replaced). Holds no lock on the comparison folder.
     *
     * @return the runs this worker trained; {@link Outcome#summaries()} is empty (see {@link #collect})
     * @throws Stopped if a run stopped at {@code --max-iters}
     * @throws org.metalr.train.TrainingDivergedException if a run diverged
     */
    Outcome work(long pollMillis) throws IOException {
        int ran = 0;
        int reused = 0;
        boolean first = true;
        while (true) {
            boolean othersHold = false;
            for (String method : methods) {
                List<Path> dirs = runDirs(method);
                for (int i = 0; i < dirs.size(); i++) {
                    Path dir = dirs.get(i);
                    long seed = seeds.get(i / folds);
                    int k = i % folds;
                    if (finished(dir)) {
                        reused += first ? 1 : 0;
                        continue;
                    }
                    Optional<FolderLock> claim = FolderLock.tryAcquire(dir, "metalr worker, " + label(method, seed, k));
                    if (claim.isEmpty()) {
                        othersHold = true;
                        continue;
                    }
                    try (FolderLock lock = claim.get()) {
                        if (finished(dir)) { // finished by another worker since the check above
                            continue;
                        }
                        if (lock.tookOver()) {
                            console.printf("%s: its worker died; resuming it from its last checkpoint%n",
                                    label(method, seed, k));
                        }
                        runOne(method, seed, k, dir, lock);
                        ran++;
                    }
                }
            }
            first = false;
            if (!othersHold) {
                return new Outcome(Map.of(), ran, reused);
            }
            try {
                Thread.sleep(pollMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for other workers' runs", e);
            }
        }
    }

    /** The runs that have not finished, as folders, in sweep order. */
    List<Path> unfinished() throws IOException {
        List<Path> left = new ArrayList<>();
        for (String method : methods) {
            for (Path dir : runDirs(method)) {
                if (!finished(dir)) {
                    left.add(dir);
                }
            }
        }
        return left;
    }

    /**
     * Each method's summary over its finished runs (writing each method's {@code summary.json}), training
     * nothing: what the comparison is written from once every worker is done.
     *
     * @throws UserInputException naming the runs that have not finished
     */
    Outcome collect() throws IOException {
        List<Path> left = unfinished();
        if (!left.isEmpty()) {
            throw new UserInputException(left.size() + " run(s) of " + out + " have not finished: "
                    + left.stream().map(d -> out.relativize(d).toString()).collect(Collectors.joining(", "))
                    + "; run workers (--worker) until they finish, then collect");
        }
        Map<String, Repetitions.Summary> summaries = new LinkedHashMap<>();
        for (String method : methods) {
            summaries.put(method, Repetitions.run(seeds, folds, out.resolve(dirName(method)), (seed, k, runDir) -> {
                throw new IllegalStateException("the run in " + runDir + " has not finished");
            }));
        }
        return new Outcome(summaries, 0, methods.size() * seeds.size() * folds);
    }

    /** The comparison page over every run of every method, titled {@code title}. */
    ComparisonPage.Builder page(String title) throws IOException {
        ComparisonPage.Builder b = ComparisonPage.builder(title);
        b.note("Each run has its own report (learning-rate curves, confusion matrix, losses, settings): "
                + out + "/<method>/seed-<s>" + (folds > 1 ? "/fold-<k>" : "") + "/" + Report.PAGE + ".");
        for (String method : methods) {
            for (Path dir : runDirs(method)) {
                b.addRun(method, dir);
            }
        }
        return b;
    }

    /** The folders of a method's runs, as {@link Repetitions} lays them out. */
    List<Path> runDirs(String method) {
        List<Path> dirs = new ArrayList<>();
        for (long seed : seeds) {
            for (int k = 0; k < folds; k++) {
                Path dir = out.resolve(dirName(method)).resolve("seed-" + seed);
                dirs.add(folds > 1 ? dir.resolve("fold-" + k) : dir);
            }
        }
        return dirs;
    }

    /** A method's folder name: its spelling with every character outside [A-Za-z0-9.-] made {@code _}. */
    static String dirName(String method) {
        return method.replaceAll("[^A-Za-z0-9.-]", "_");
    }

    /** Whether the run in {@code dir} is done: finished, or broken when {@link #keepBroken} says so. */
    private boolean finished(Path dir) throws IOException {
        Path metrics = dir.resolve(RunFiles.METRICS);
        return Files.exists(metrics) && (RunFiles.read(metrics, RunReport.class).finished()
                || keepBroken && broken(dir) != null);
    }

    /** The report of the run in {@code dir} if it diverged or failed, else null. */
    static RunReport broken(Path dir) throws IOException {
        Path metrics = dir.resolve(RunFiles.METRICS);
        if (!Files.exists(metrics)) {
            return null;
        }
        RunReport r = RunFiles.read(metrics, RunReport.class);
        return RunReport.DIVERGED.equals(r.status()) || RunReport.FAILED.equals(r.status()) ? r : null;
    }

    /** Parses {@code --seeds}: comma-separated integers. */
    static List<Long> seeds(String text) {
        List<Long> out = new ArrayList<>();
        for (String part : text.split(",")) {
            try {
                out.add(Long.parseLong(part.trim()));
            } catch (NumberFormatException e) {
                throw new UserInputException("--seeds expects comma-separated integers, got '" + text + "'");
            }
        }
        return out;
    }
}
