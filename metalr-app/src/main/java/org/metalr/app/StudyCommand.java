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
import java.util.Set;
import java.util.concurrent.Callable;
import org.metalr.api.Backend;
import org.metalr.api.UserInputException;
import org.metalr.api.io.AtomicFiles;
import org.metalr.api.io.FolderLock;
import org.metalr.api.net.Network;
import org.metalr.report.ComparisonPage;
import org.metalr.report.Report;
import org.metalr.runs.RunFiles;
import org.metalr.runs.RunReport;
import org.metalr.stats.Bootstrap;
import org.metalr.train.method.Methods;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The study of the learning-rate rules: for each {@link StudyTask}, pre-trains once on the source (cached in
 * the task's folder), fine-tunes on the target with every baseline at its documented setting and every
 * MetaLR rule and option ({@link #methods}) over paired seeds, and writes {@code study.md} and
 * {@code study.csv} ({@link StudyTable}: accuracy with paired tests against {@code all} and against the
 * released rule, learned rates, cost per iteration) and each task's comparison page. Resumes like
 * {@code compare}: finished runs are kept, begun ones continue, the pre-training is reused.
 */
@Command(name = "study", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The study of MetaLR's rules: which rule, against which baselines, at what cost.",
                "For each task: pre-trains ResNet-18 on the source (once; reused when run again),",
                "then fine-tunes it on the target with few labels with every method x seed:",
                "the baselines last, all (1e-3), layerwise, bidir, autolr, llrd:0.8 and MetaLR's",
                "rules official, paper, multiplicative and the options beyond them (optimizer",
                "look-ahead, cosine signal, bounds relative to the initial rate, log update, all",
                "four combined, the combination every 4 iterations). Writes OUT/study.md and",
                "OUT/study.csv (accuracy, paired tests against all and against official,",
                "Wilcoxon and Holm as compare, seeds won, the learned rates, seconds per",
                "iteration), OUT/<task>/report.html and each run's folder under",
                "OUT/<task>/finetune/<method>/seed-<s>.",
                "Tasks: demo (the demo's synthetic shift, generated) and fashion-mnist",
                "(classes 0-4 -> 5-9 with 30 labels per class; Debian's dataset-fashion-mnist).",
                "Two local workers (--parallel 2) on a machine with two or more cores;",
                "--parallel 1 trains in this process. Run again after an interruption, it",
                "continues where it stopped; add seeds or tasks and only they are run."})
final class StudyCommand implements Callable<Integer> {

    /** Flags that may change between calls on one folder: they select runs or change no number. */
    private static final Set<String> MAY_CHANGE = Set.of("--task", "--methods", "--seeds", "--threads",
            "--loader-threads", "--out");

    /** The released rule, the second reference. */
    static final String OFFICIAL = "metalr:rule=official";

    /** The combination of the options beyond the paper, on the paper's direction. */
    private static final String COMBINED =
            "metalr:rule=multiplicative:lookahead=optimizer:normalize=cosine:update=log:floor=0.01x:ceiling=10x";

    /**
     * The rules and options the study compares, after the baselines, with their short names in the tables. The
     * options go on {@code multiplicative} (the paper's descent look-ahead with the released update): on
     * {@code official} they would measure the ascent look-ahead's inverted signal.
     */
    static final Map<String, String> RULES = rules();

    private static Map<String, String> rules() {
        Map<String, String> r = new LinkedHashMap<>();
        r.put(OFFICIAL, "official");
        r.put("metalr:rule=paper", "paper");
        r.put("metalr:rule=multiplicative", "multiplicative");
        r.put("metalr:rule=multiplicative:lookahead=optimizer", "mult + optimizer look-ahead");
        r.put("metalr:rule=multiplicative:normalize=cosine", "mult + cosine");
        r.put("metalr:rule=multiplicative:floor=0.01x:ceiling=10x", "mult + bounds 0.01x-10x");
        r.put("metalr:rule=multiplicative:update=log", "mult + log update");
        r.put(COMBINED, "combined");
        r.put(COMBINED + ":every=4", "combined, every 4");
        Map<String, String> spelled = new LinkedHashMap<>();
        r.forEach((method, label) -> spelled.put(Methods.parse(method).spec(), label));
        return java.util.Collections.unmodifiableMap(spelled);
    }

    @Spec
    private CommandSpec spec;

    @Option(names = "--task", paramLabel = "LIST", split = ",",
            description = "the tasks, comma-separated (default: every registered one: ${COMPLETION-CANDIDATES})",
            completionCandidates = TaskNames.class)
    private List<String> tasks;

    @Option(names = "--seeds", paramLabel = "LIST", description = "fine-tuning seeds, comma-separated (default: 0,1,2,3,4)",
            defaultValue = "0,1,2,3,4")
    private String seeds;

    @Option(names = "--methods", paramLabel = "LIST", split = ",",
            description = "the methods (default: the baselines, then MetaLR's rules and options, as above); must"
                    + " include all and " + OFFICIAL + ", the references")
    private List<String> methods;

    @Option(names = "--out", paramLabel = "DIR", description = "the study's folder (default: ${DEFAULT-VALUE})",
            defaultValue = "runs/study")
    private Path out;

    @Option(names = "--scale", hidden = true, description = "full or tiny (tests)", defaultValue = "full")
    private String scale;

    @Mixin
    private RuntimeOptions runtime;

    @Mixin
    private SweepOptions sweep;

    @Override
    public Integer call() throws Exception {
        sweep.check();
        PrintWriter console = spec.commandLine().getOut();
        List<StudyTask> chosen = chosenTasks();
        List<Long> seedList = MethodComparison.seeds(seeds);
        Backend backend = runtime.start();
        Map<String, Object> flags = Flags.of(spec);
        List<Stage> stages = new ArrayList<>();
        for (StudyTask task : chosen) {
            TaskScale s = task.scale(scale);
            TaskPipeline pipeline = new TaskPipeline(task, s, out.resolve(task.name()), backend, runtime.device(),
                    runtime.loaderThreads, "study", flags, console);
            Network network = pipeline.network();
            List<String> list = methods != null ? TaskPipeline.spelled(methods) : methods(network);
            for (String reference : List.of("all", OFFICIAL)) {
                if (!list.contains(reference)) {
                    throw new UserInputException("--methods must include " + reference + ", a reference of the study");
                }
            }
            stages.add(new Stage(task, s, pipeline, list));
        }
        if (sweep.worker) {
            for (Stage stage : stages) {
                stage.pipeline().requirePretrained("--worker");
                stage.comparison(seedList).work(Sweep.POLL_MILLIS);
            }
            return 0;
        }
        try (FolderLock lock = MethodComparison.claim(out, "study", flags, MAY_CHANGE)) {
            long t0 = System.nanoTime();
            for (Stage stage : stages) {
                console.printf("%s: %s%n", stage.task().name(), stage.scale().describe());
                console.flush();
                if (sweep.collect) {
                    stage.pipeline().requirePretrained("--collect");
                } else {
                    stage.pipeline().pretrain();
                }
            }
            int workers = sweep.localWorkersByDefault();
            boolean left = false;
            for (Stage stage : stages) {
                left |= !stage.comparison(seedList).unfinished().isEmpty();
            }
            if (!sweep.collect && workers > 1 && left) {
                int status = Sweep.LocalWorkers.run(spec, workers, runtime, console);
                if (status != 0) {
                    return status;
                }
            } else if (!sweep.collect) {
                for (Stage stage : stages) {
                    console.printf("%s: %d method(s) x %d seed(s)%n", stage.task().name(), stage.methods().size(),
                            seedList.size());
                    console.flush();
                    stage.comparison(seedList).work(Sweep.POLL_MILLIS);
                }
            }
            write(stages, seedList, console, (System.nanoTime() - t0) / 1e9);
        }
        return 0;
    }

    /**
     * The study's methods for {@code network}: the registered baselines at their comparison settings (every
     * method's {@link Methods#comparisonDefaults} but MetaLR's), then {@link #RULES}.
     */
    static List<String> methods(Network network) {
        List<String> out = new ArrayList<>();
        for (String m : Methods.comparisonDefaults(network.groups(),
                TaskPipeline.RESNET18.depthReadings(network), false)) {
            if (!m.startsWith("metalr")) {
                out.add(m);
            }
        }
        out.addAll(RULES.keySet());
        return TaskPipeline.spelled(out);
    }

    private List<StudyTask> chosenTasks() {
        if (tasks == null) {
            return StudyTasks.registry().all();
        }
        List<StudyTask> out = new ArrayList<>();
        for (String name : tasks) {
            try {
                out.add(StudyTasks.registry().named(name.trim().toLowerCase(Locale.ROOT)));
            } catch (UserInputException e) {
                throw new UserInputException("--task: " + e.getMessage(), e);
            }
        }
        if (out.stream().distinct().count() != out.size()) {
            throw new UserInputException("--task lists a task twice: " + tasks);
        }
        return out;
    }

    /** One task of this call: its pipeline and methods. */
    private record Stage(StudyTask task, TaskScale scale, TaskPipeline pipeline, List<String> methods) {
        MethodComparison comparison(List<Long> seeds) {
            return pipeline.comparison(methods, seeds).keepBroken();
        }
    }

    /** Writes every task's comparison page and table, then {@code study.md} and {@code study.csv}. */
    private void write(List<Stage> stages, List<Long> seedList, PrintWriter console, double seconds)
            throws IOException {
        StringBuilder md = new StringBuilder("# The study of MetaLR's rules\n\n");
        md.append("Command: `metalr ").append(String.join(" ", spec.commandLine().getParseResult().originalArgs()))
                .append("`; ").append(seedList.size()).append(" paired seeds (").append(seedList).append(").\n");
        List<String> csv = new ArrayList<>();
        for (Stage stage : stages) {
            MethodComparison comparison = stage.comparison(seedList);
            List<String> left = new ArrayList<>();
            for (Path dir : comparison.unfinished()) {
                left.add(out.relativize(dir).toString());
            }
            if (!left.isEmpty()) {
                throw new UserInputException(left.size() + " run(s) of the study have not finished: "
                        + String.join(", ", left) + "; run the study again to finish them");
            }
            Path dir = out.resolve(stage.task().name());
            ComparisonPage page = comparison.page("study, " + stage.task().name() + ": " + stage.pipeline().domains()
                    .description()).note("Scale '" + stage.scale().name() + "': " + stage.scale().describe() + ".")
                    .build();
            page.write(dir);
            StudyTable table = StudyTable.of(stage.task().name(), comparison, stage.methods(), List.of("all", OFFICIAL),
                    Bootstrap.seeded(0));
            md.append("\n## ").append(stage.task().name()).append("\n\n").append(stage.scale().describe())
                    .append(".\n").append(pretraining(dir)).append("\n\n").append(table.toMarkdown(RULES));
            if (csv.isEmpty()) {
                csv.add(StudyTable.csvHeader(table.references(), table.groups()));
            }
            csv.addAll(table.csvRows());
            console.printf("%n%s%n%n%s", stage.task().name(), table.toMarkdown(RULES));
        }
        md.append("\n").append(NOTES).append("\nThe rules' short names:\n\n");
        RULES.forEach((method, label) -> md.append("- ").append(label).append(": `").append(method).append("`\n"));
        AtomicFiles.writeString(out.resolve(MARKDOWN), md.toString());
        AtomicFiles.writeString(out.resolve(CSV), String.join("\n", csv) + "\n");
        console.printf(Locale.ROOT, "%nstudy: %s, %s (%.0f s); reports: %s%n", out.resolve(MARKDOWN), out.resolve(CSV),
                seconds, String.join(", ", stages.stream().map(s -> out.resolve(s.task().name()).resolve(Report.PAGE)
                        .toString()).toList()));
        console.flush();
    }

    /** The study's Markdown file. */
    static final String MARKDOWN = "study.md";
    /** The study's CSV file. */
    static final String CSV = "study.csv";

    private static final String NOTES = "Accuracy is the test accuracy of each run's model selected by its"
            + " meta-validation accuracy. Δ: the mean paired difference (percentage points) with its paired"
            + " bootstrap 95% interval (10,000 resamples, seed 0); p: the exact two-sided Wilcoxon signed-rank test;"
            + " p (Holm): adjusted over every method compared with that reference, as `compare` computes them;"
            + " bold where p (Holm) < 0.05. won-tied-lost counts seeds. s / iteration: a run's wall time (training"
            + " and its per-epoch evaluation) over its iterations, median over runs; × all: its ratio to all's."
            + " A run that diverged or failed (a NaN loss, or evaluation outputs no longer finite) is shown as +k broke and left out of the paired figures.\n";

    /** The pre-training's source accuracy, from its run folder. */
    private static String pretraining(Path dir) throws IOException {
        Path metrics = dir.resolve("pretrain").resolve(RunFiles.METRICS);
        if (!Files.exists(metrics)) {
            return "Pre-training: no run folder (weights given).";
        }
        RunReport r = RunFiles.read(metrics, RunReport.class);
        return String.format(Locale.ROOT, "Pre-training: source test accuracy %.1f%% (selected epoch %d of %d), %.0f s.",
                100 * r.testSelected().headline(), r.selectedEpoch(), r.epochsCompleted(), r.seconds());
    }

    /** The registered tasks' names, for {@code --task}'s help. */
    static final class TaskNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return StudyTasks.registry().names().iterator();
        }
    }
}
