package org.metalr.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.metalr.api.Backend;
import org.metalr.api.UserInputException;
import org.metalr.api.net.Network;
import org.metalr.report.Report;
import org.metalr.report.RunPage;
import org.metalr.train.ModelSpec;
import org.metalr.runs.RunReport;
import org.metalr.train.TrainConfig;
import org.metalr.runs.RunFiles;
import org.metalr.runs.metrics.EvaluationMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Fine-tunes one model with one method and writes the run folder, its pictures and its report.
 * {@code --resume} continues a run that stopped (at {@code --max-iters}, or killed) from its last
 * checkpoint, with the same settings.
 */
@Command(name = "finetune", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fine-tunes one model with one method and writes a run folder.",
                "OUT holds config.json, metrics.json, lr_trajectory.csv, losses.csv,",
                "best.safetensors (the selected model), checkpoints/, lr_curves.png/.svg,",
                "lr_profile.png, confusion_matrix.png, loss_curve.png and report.html.",
                "--resume continues a stopped or killed run from its last checkpoint."})
final class FinetuneCommand implements Callable<Integer> {

    /** Flags that may change when resuming: they change no number. */
    static final Set<String> MAY_CHANGE_ON_RESUME = Set.of("--resume", "--max-iters", "--checkpoint-every", "--threads",
            "--loader-threads", "--out");

    @Spec
    private CommandSpec spec;

    @Option(names = "--method", completionCandidates = MethodForms.class,
            description = "the method: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})", defaultValue = "metalr")
    private String method;

    @Option(names = "--seed", paramLabel = "S", description = "fixes initialisation, data order and augmentation"
            + " (default: ${DEFAULT-VALUE})", defaultValue = "0")
    private long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "the run folder (default: ${DEFAULT-VALUE})",
            defaultValue = "runs/finetune")
    private Path out;

    @Option(names = "--resume", description = "continue the run in --out from its last checkpoint")
    private boolean resume;

    @Mixin
    private FineTuneOptions options;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UserInputException("--out " + out + " is a file; --out names the run folder");
        }
        TrainConfig config = options.train.config(method, seed);
        options.evaluation.settings(); // checked before any work
        Backend backend = options.runtime.start();
        Map<String, Object> flags = Flags.of(spec);
        if (resume) {
            Path file = out.resolve(RunFiles.CONFIG);
            if (!Files.exists(file)) {
                throw new UserInputException("--resume: " + out + " holds no run (no " + RunFiles.CONFIG + ")");
            }
            JsonNode before;
            try {
                before = RunFiles.readTree(file);
            } catch (IOException e) {
                throw new UserInputException("--resume: " + e.getMessage(), e);
            }
            FineTuning.requireSameFlags(before.path("run").path("flags"), flags, MAY_CHANGE_ON_RESUME, out);
        }
        DataSource source = options.openData(out);
        int fold = options.data.fold == null ? 0 : options.data.fold;
        RunData runData = source.run(fold, options.data, DataSource.channels(options.model));
        Network network = options.model.network(runData.classes().size());
        ModelSpec start = StartingWeights.of(options.model.family(), network, options.weights, seed,
                line -> console.println("weights: " + line));

        console.printf(Locale.ROOT, "%s %s with %s on %s: %s, classes %s; backend %s%n",
                resume ? "resuming" : "fine-tuning", network.name(), config.method().spec(),
                source.description() + (source.crossValidated() ? ", test fold " + fold : ""), runData.sizes(),
                runData.classes(), backend.name());
        console.flush();

        Map<String, Object> extra = new LinkedHashMap<>();
        if (source.crossValidated()) {
            extra.put("fold", fold);
        }
        FineTuning.Job job = new FineTuning.Job(config, runData, start, backend, options.runtime.device(),
                options.loading(),
                FineTuning.context("finetune", flags, source.description(), runData, extra),
                options.evaluation.settings(), !options.evaluation.noTensorBoard);
        RunReport report;
        try (Progress progress = new Progress("", config.epochs(), console, true)) {
            report = FineTuning.run(job, out, resume ? FineTuning.Start.RESUME : FineTuning.Start.NEW, progress);
        }
        RunPage.write(out);
        printResult(console, report, out);
        return 0;
    }

    private static void printResult(PrintWriter console, RunReport report, Path dir) {
        if (report.finished()) {
            EvaluationMetrics sel = report.selectedFigures();
            EvaluationMetrics last = report.lastFigures();
            console.printf(Locale.ROOT, "%s %s: %.1f%% with the selected model (epoch %d of %d), %.1f%% after the"
                    + " last epoch%n", report.figuresSet(), sel.headlineName(), 100 * sel.headline(),
                    report.selectedEpoch(), report.epochsCompleted(), 100 * last.headline());
            if (report.validationOnly() != null) {
                console.println("no test figures: " + report.validationOnly());
            }
        } else {
            console.printf("stopped after iteration %d (--max-iters); continue with the same command and --resume%n",
                    report.iterations());
        }
        console.printf("run folder: %s (report: %s)%n", dir, dir.resolve(Report.PAGE));
        console.flush();
    }
}
