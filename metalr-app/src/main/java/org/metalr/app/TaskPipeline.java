package org.metalr.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.metalr.api.Backend;
import org.metalr.api.UserInputException;
import org.metalr.api.Device;
import org.metalr.api.LrRule;
import org.metalr.api.net.Network;
import org.metalr.models.ModelFamily;
import org.metalr.models.ResNet18;
import org.metalr.models.Weights;
import org.metalr.models.checkpoint.KeyMapping;
import org.metalr.models.checkpoint.SafetensorsReader;
import org.metalr.report.RunPage;
import org.metalr.runs.RunReport;
import org.metalr.train.ModelSpec;
import org.metalr.train.TrainConfig;
import org.metalr.train.TrainingData;
import org.metalr.train.method.Methods;

/**
 * One {@link StudyTask} at one scale in one folder, as {@code demo} and {@code study} run it: pre-trains
 * ResNet-18 on the source once ({@code dir/pretrained.safetensors}, from the run {@code dir/pretrain},
 * which a later call reuses or resumes), then fine-tunes it on the target with each method and seed
 * through a {@link MethodComparison} in {@code dir/finetune} (its runs resume like {@code compare}'s).
 * The caller holds {@code dir}'s lock.
 */
final class TaskPipeline {

    /** The study's model: torchvision's ResNet-18 at the scale's width. */
    static final ModelFamily RESNET18 = new ResNet18();

    /** Pre-training's head is dropped: fine-tuning starts with a new one for the target's classes. */
    private static final KeyMapping NEW_HEAD = KeyMapping.identity().drop("^fc\\.").allowMissing("^fc\\.");

    /** The file of the pre-trained weights in a task's folder. */
    static final String PRETRAINED = "pretrained.safetensors";

    private final StudyTask task;
    private final TaskScale scale;
    private final Path dir;
    private final StudyTask.Domains domains;
    private final Backend backend;
    private final Device device;
    private final TrainingData.Options loader;
    private final String command;
    private final Map<String, Object> flags;
    private final PrintWriter console;

    /**
     * Opens the task's data (generating it if needed).
     *
     * @param command the command the runs' {@code config.json} names ({@code demo}, {@code study})
     * @param flags   the command's flags, recorded in every run's {@code config.json}
     */
    TaskPipeline(StudyTask task, TaskScale scale, Path dir, Backend backend, Device device, int loaderThreads,
            String command, Map<String, Object> flags, PrintWriter console) throws IOException {
        this.task = task;
        this.scale = scale;
        this.dir = dir;
        this.backend = backend;
        this.device = device;
        this.loader = TrainingData.Options.defaults().withThreads(loaderThreads);
        this.command = command;
        this.flags = flags;
        this.console = console;
        this.domains = task.open(dir, scale, loaderThreads);
    }

    /** The task's domains. */
    StudyTask.Domains domains() {
        return domains;
    }

    /** The fine-tuned network: ResNet-18 at the scale's width with the target's classes. */
    Network network() {
        return RESNET18.network(new ModelFamily.Options(domains.targetClasses(), domains.channels(), scale.width()));
    }

    /** The pre-trained weights' file (it exists once {@link #pretrain} has run). */
    Path pretrained() {
        return dir.resolve(PRETRAINED);
    }

    /**
     * @throws UserInputException naming {@code flag} when the pre-trained weights do not exist yet: workers
     *     fine-tune only, the call without {@code flag} pre-trains
     */
    void requirePretrained(String flag) {
        if (!Files.exists(pretrained())) {
            throw new UserInputException(flag + ": " + pretrained() + " does not exist; run the command without "
                    + flag + " first (it pre-trains, then starts or awaits the workers)");
        }
    }

    /**
     * Pre-trains on the source unless the weights exist: Adam with every group at the scale's pre-training
     * rate, from a seeded initialisation; the model of the best source validation accuracy is kept.
     *
     * @return the weights' file
     */
    Path pretrain() throws IOException {
        Path file = pretrained();
        if (Files.exists(file)) {
            return file;
        }
        Path runDir = dir.resolve("pretrain");
        Network network = RESNET18.network(new ModelFamily.Options(domains.sourceClasses(), domains.channels(),
                scale.width()));
        TrainConfig config = TrainConfig.builder().method("all:" + scale.pretrainLr()).epochs(scale.pretrainEpochs())
                .batchSize(scale.pretrainBatch()).lr(scale.pretrainLr()).seed(0).build();
        FineTuning.Job job = new FineTuning.Job(config, domains.source(),
                ModelSpec.of(RESNET18, network, RESNET18.initialState(network, 0)), backend, device, loader,
                FineTuning.context(command, flags, task.name() + " source: " + domains.description(), domains.source(),
                        Map.of("task", task.name(), "stage", "pre-training")));
        RunReport r;
        try (Progress progress = new Progress(task.name() + " pre-training", config.epochs(), console, true)) {
            r = FineTuning.run(job, runDir, FineTuning.Start.RESUME_IF_STARTED, progress);
        }
        RunPage.write(runDir);
        console.printf(Locale.ROOT, "   %s pre-training: source test accuracy %.1f%% (selected epoch %d of %d), %.0f s%n",
                task.name(), 100 * r.testSelected().headline(), r.selectedEpoch(), r.epochsCompleted(), r.seconds());
        console.flush();
        Weights.save(file, network, SafetensorsReader.read(runDir.resolve("best.safetensors")).tensors());
        return file;
    }

    /**
     * The fine-tuning comparison of {@code methods} x {@code seeds} in {@code dir/finetune}, every run starting
     * from the pre-trained weights with a new head, at the commands' defaults (Adam, {@code --lr 0.01},
     * backbone scale 0.1, MetaLR's default rule {@value TrainOptions#DEFAULT_RULE} unless a method's spelling
     * sets one). {@link #pretrain} must
     * have run.
     */
    MethodComparison comparison(List<String> methods, List<Long> seeds) {
        Network network = network();
        Path weights = pretrained();
        boolean[] reported = {false};
        return new MethodComparison(finetuneDir(), methods, seeds, 1, null, (method, seed, fold) -> {
            ModelSpec start = StartingWeights.of(RESNET18, network, weights, NEW_HEAD, seed, line -> {
                if (!reported[0]) {
                    console.println("   weights: " + line);
                    reported[0] = true;
                }
            });
            TrainConfig config = TrainConfig.builder().method(method).epochs(scale.finetuneEpochs())
                    .rule(LrRule.named(TrainOptions.DEFAULT_RULE, 0.1)).batchSize(scale.batchSize()).seed(seed).build();
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("task", task.name());
            extra.put("method", method);
            extra.put("seed", seed);
            extra.put("weights", weights.toString());
            return new FineTuning.Job(config, domains.target(), start, backend, device, loader,
                    FineTuning.context(command, flags, task.name() + " target: " + domains.description(),
                            domains.target(), extra));
        }, console);
    }

    /** Where the fine-tuning runs go. */
    Path finetuneDir() {
        return dir.resolve("finetune");
    }

    /** The methods as their spellings spell them back (which name their folders). */
    static List<String> spelled(List<String> methods) {
        return methods.stream().map(m -> Methods.parse(m).spec()).toList();
    }
}
