package org.metalr.app;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.metalr.api.Backend;
import org.metalr.api.UserInputException;
import org.metalr.api.io.FolderLock;
import org.metalr.api.LrRule;
import org.metalr.api.net.Network;
import org.metalr.data.DatasetSplits;
import org.metalr.data.ScanOptions;
import org.metalr.data.image.ImagePreset;
import org.metalr.data.image.Normalize;
import org.metalr.data.image.SplitFolders;
import org.metalr.data.synthetic.SyntheticDomainShift;
import org.metalr.models.ModelFamily;
import org.metalr.models.ResNet18;
import org.metalr.models.Weights;
import org.metalr.models.checkpoint.KeyMapping;
import org.metalr.models.checkpoint.SafetensorsReader;
import org.metalr.report.ComparisonPage;
import org.metalr.report.Report;
import org.metalr.report.RunPage;
import org.metalr.train.ModelSpec;
import org.metalr.runs.RunReport;
import org.metalr.train.TrainConfig;
import org.metalr.train.TrainingData;
import org.metalr.train.method.Methods;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The demo: everything from nothing. Generates the synthetic source and target domains, pre-trains a
 * reduced-width ResNet-18 on the source, fine-tunes it on the target with the paper's methods, and
 * writes the comparison, the learning-rate curves and the report. Resumes like {@code compare}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Pre-trains and fine-tunes on built-in synthetic data; no download needed.",
                "1. generates a source domain (RGB shapes, 5 classes) and a target domain",
                "   (grey ultrasound-like lesions, 3 classes) as PNG folders under OUT/data;",
                "2. pre-trains ResNet-18 (width 16) on the source with Adam:",
                "   OUT/pretrained.safetensors;",
                "3. fine-tunes it on the target with last, all, layerwise:3, bidir:2-6,",
                "   autolr, llrd:0.8 and metalr;",
                "4. writes OUT/comparison.md and .csv, OUT/report.html, and each run's",
                "   lr_curves.png and report.",
                "Full: 64x64 images, 3,000 source images x 8 epochs, then 180 target images",
                "x 12 epochs with seeds 0, 1, 2: about 3 minutes on two cores.",
                "--quick: 64x64 images, 2,000 source images x 7 epochs, then 90 target",
                "images x 8 epochs with seed 0: about a minute.",
                "One LibTorch thread unless --threads says otherwise: the small model gains",
                "nothing from more, and image decoding uses the second core.",
                "Run again after an interruption, it continues where it stopped."})
final class DemoCommand implements Callable<Integer> {

    /** Flags that may change between calls on one folder. */
    private static final Set<String> MAY_CHANGE = Set.of("--threads", "--loader-threads", "--out", "--seeds");

    /** The source's classes: pre-training's head, dropped for fine-tuning. */
    /** The demo's model: torchvision's ResNet-18 at the scale's width. */
    private static final ModelFamily RESNET18 = new ResNet18();

    private static final KeyMapping NEW_HEAD = KeyMapping.identity().drop("^fc\\.").allowMissing("^fc\\.");

    @Spec
    private CommandSpec spec;

    @Option(names = "--quick", description = "the one-minute version (fewer images and epochs, one seed)")
    private boolean quick;

    @Option(names = "--seeds", paramLabel = "LIST",
            description = "fine-tuning seeds, comma-separated (default: 0,1,2; with --quick 0)")
    private String seeds;

    @Option(names = "--out", paramLabel = "DIR", description = "the demo's folder (default: runs/demo, with --quick runs/demo-quick)")
    private Path out;

    @Option(names = "--scale", hidden = true, description = "full, quick or tiny (tests)")
    private String scale;

    @Mixin
    private RuntimeOptions runtime;

    @Override
    public Integer call() throws Exception {
        DemoScale s = scale != null ? DemoScale.named(scale) : quick ? DemoScale.QUICK : DemoScale.FULL;
        Path dir = out != null ? out : Path.of(quick ? "runs/demo-quick" : "runs/demo");
        PrintWriter console = spec.commandLine().getOut();
        List<Long> seedList = seeds != null ? MethodComparison.seeds(seeds) : s.seeds();
        if (runtime.threads == null) {
            // A width-16 ResNet on 64x64 images gains nothing from intra-op threads, and on a busy
            // machine their spinning costs several times the work; the other core decodes images.
            runtime.threads = 1;
        }
        Backend backend = runtime.start();
        Map<String, Object> flags = Flags.of(spec);
        flags.put("scale", s.name());
        try (FolderLock lock = MethodComparison.claim(dir, "demo", flags, MAY_CHANGE)) {
            return demo(s, dir, console, seedList, backend, flags);
        }
    }

    private int demo(DemoScale s, Path dir, PrintWriter console, List<Long> seedList, Backend backend,
            Map<String, Object> flags) throws Exception {
        long t0 = System.nanoTime();
        console.printf("metalr demo (%s): %s%n", s.name(), s.describe());
        console.flush();

        SyntheticDomainShift.Location data;
        try {
            data = SyntheticDomainShift.ensure(dir.resolve("data"), s.data(), Math.max(1, runtime.loaderThreads));
        } catch (IllegalStateException e) {
            throw new UserInputException(e.getMessage(), e); // the folder holds other data
        }
        console.printf(Locale.ROOT, "1. data: %s (%.0f s)%n", dir.resolve("data"), seconds(t0));
        console.flush();

        Path pretrained = pretrain(s, data, dir, backend, flags, console);
        console.printf(Locale.ROOT, "2. pre-trained weights: %s (%.0f s)%n", pretrained, seconds(t0));
        console.flush();

        DatasetSplits target = SplitFolders.load(data.target(), 0.2, 0, ScanOptions.strict());
        Network network = RESNET18.network(new ModelFamily.Options(target.train().classes().size(), 3, s.width()));
        RunData targetData = RunData.images(target, pipeline(s));
        List<String> methods = Methods.comparisonDefaults(network.groups(), RESNET18.depthReadings(network),
                RESNET18.segmentation());
        boolean[] reported = {false};
        MethodComparison comparison = new MethodComparison(dir.resolve("finetune"), methods, seedList, 1, null,
                (method, seed, fold) -> {
                    ModelSpec start = StartingWeights.of(RESNET18, network, pretrained, NEW_HEAD, seed, line -> {
                        if (!reported[0]) {
                            console.println("   weights: " + line);
                            reported[0] = true;
                        }
                    });
                    TrainConfig config = TrainConfig.builder().method(method).epochs(s.finetuneEpochs())
                            .batchSize(s.batchSize()).seed(seed)
                            .rule(LrRule.official().withHoldLastEpochs(s.holdLastEpochs())).build();
                    Map<String, Object> extra = new LinkedHashMap<>();
                    extra.put("method", method);
                    extra.put("seed", seed);
                    extra.put("weights", pretrained.toString());
                    return new FineTuning.Job(config, targetData, start, backend, runtime.device(), loader(),
                            FineTuning.context("demo", flags, "synthetic target domain in " + data.target(), targetData,
                                    extra));
                }, console);
        console.printf("3. fine-tuning on the target domain: %s x %d seed(s)%n", String.join(", ", methods),
                seedList.size());
        console.flush();
        comparison.run();

        ComparisonPage page = comparison.page("metalr demo: ResNet-18 (width " + s.width() + ") pre-trained on"
                        + " synthetic shapes, fine-tuned on synthetic ultrasound")
                .note("Scale '" + s.name() + "': " + s.describe() + ".")
                .note("Pre-training: " + dir.resolve("pretrain").resolve(Report.PAGE) + ".")
                .build();
        page.write(dir);
        console.printf(Locale.ROOT, "4. done in %.0f s%n%n", seconds(t0));
        console.print(page.table().toMarkdown());
        Path metalr = comparison.runDirs("metalr").get(0);
        console.printf("%nreport:    %s%ntable:     %s, %s%nLR curves: %s (and beside every run's report)%n",
                dir.resolve(Report.PAGE), dir.resolve(ComparisonPage.MARKDOWN), dir.resolve(ComparisonPage.CSV),
                metalr.resolve("lr_curves.png"));
        console.flush();
        return 0;
    }

    /** Pre-trains on the source domain unless done; returns the pre-trained weights' file. */
    private Path pretrain(DemoScale s, SyntheticDomainShift.Location data, Path dir, Backend backend,
            Map<String, Object> flags, PrintWriter console) throws Exception {
        Path file = dir.resolve("pretrained.safetensors");
        if (Files.exists(file)) {
            return file;
        }
        Path runDir = dir.resolve("pretrain");
        DatasetSplits source = SplitFolders.load(data.source(), 0.2, 0, ScanOptions.strict());
        Network network = RESNET18.network(new ModelFamily.Options(source.train().classes().size(), 3, s.width()));
        TrainConfig config = TrainConfig.builder().method("all:0.003").epochs(s.pretrainEpochs()).batchSize(s.batchSize())
                .lr(3e-3).seed(0).build();
        RunData sourceData = RunData.images(source, pipeline(s));
        FineTuning.Job job = new FineTuning.Job(config, sourceData,
                ModelSpec.of(RESNET18, network, RESNET18.initialState(network, 0)),
                backend, runtime.device(), loader(), FineTuning.context("demo", flags, "synthetic source domain in " + data.source(),
                        sourceData, Map.of("stage", "pre-training")));
        RunReport r;
        try (Progress progress = new Progress("pre-training", config.epochs(), console, true)) {
            r = FineTuning.run(job, runDir, FineTuning.Start.RESUME_IF_STARTED, progress);
        }
        RunPage.write(runDir);
        console.printf(Locale.ROOT, "   pre-training: source test accuracy %.1f%% (selected epoch %d of %d)%n",
                100 * r.testSelected().headline(), r.selectedEpoch(), r.epochsCompleted());
        Weights.save(file, network, SafetensorsReader.read(runDir.resolve("best.safetensors")).tensors());
        return file;
    }

    /** Both domains through one pipeline: 3 channels (grey repeated), the paper's augmentation. */
    private static ImageOptions.Input pipeline(DemoScale s) {
        return new ImageOptions.Input(null, ImagePreset.PAPER.builder(3, s.data().imageSize(), true)
                .normalize(Normalize.of(SyntheticDomainShift.NORMALIZE_MEAN, SyntheticDomainShift.NORMALIZE_STD))
                .build());
    }

    private TrainingData.Options loader() {
        return TrainingData.Options.defaults().withThreads(runtime.loaderThreads);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
