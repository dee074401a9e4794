package org.metalr.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.metalr.api.Backend;
import org.metalr.api.io.FolderLock;
import org.metalr.api.net.Network;
import org.metalr.report.ComparisonPage;
import org.metalr.report.Report;
import org.metalr.stats.Bootstrap;
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
                "   OUT/pretrained.safetensors (kept: a later call reuses it);",
                "3. fine-tunes it on few labelled target images with last, all, layerwise:3,",
                "   bidir:2-6, autolr, llrd:0.8 and metalr, over paired seeds;",
                "4. prints each method's accuracy, paired tests against all, seconds per",
                "   iteration and the learned rates; writes OUT/comparison.md and .csv,",
                "   OUT/report.html, and each run's lr_curves.png and report.",
                "Full: 64x64 images, 2,000 source images x 12 epochs, then 60 labelled",
                "target images (20 per class, 30 for meta-validation, 600 to test) x 15",
                "epochs with seeds 0-4. --quick: the same with seed 0 only, in the same",
                "folder (the full demo then reuses its pre-training and runs).",
                "Two local workers (--parallel 2) on a machine with two or more cores.",
                "Run again after an interruption, it continues where it stopped."})
final class DemoCommand implements Callable<Integer> {

    /** Flags that may change between calls on one folder: --quick only selects seeds. */
    private static final Set<String> MAY_CHANGE = Set.of("--threads", "--loader-threads", "--out", "--seeds", "--quick");

    @Spec
    private CommandSpec spec;

    @Option(names = "--quick", description = "seed 0 only (the full demo's pre-training and data)")
    private boolean quick;

    @Option(names = "--seeds", paramLabel = "LIST",
            description = "fine-tuning seeds, comma-separated (default: 0,1,2,3,4; with --quick 0)")
    private String seeds;

    @Option(names = "--out", paramLabel = "DIR", description = "the demo's folder (default: ${DEFAULT-VALUE})",
            defaultValue = "runs/demo")
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
        StudyTask task = new DemoTask();
        TaskScale s = task.scale(scale);
        PrintWriter console = spec.commandLine().getOut();
        List<Long> seedList = seeds != null ? MethodComparison.seeds(seeds) : quick ? s.seeds().subList(0, 1) : s.seeds();
        int workers = sweep.worker || sweep.collect ? 1 : sweep.localWorkersByDefault();
        if (runtime.threads == null && workers == 1) {
            // A width-16 ResNet on small images gains little from intra-op threads, and on a busy
            // machine their spinning costs several times the work; the other core decodes images.
            runtime.threads = 1;
        }
        Backend backend = runtime.start();
        Map<String, Object> flags = Flags.of(spec);
        flags.put("scale", s.name());
        if (sweep.worker) {
            TaskPipeline pipeline = new TaskPipeline(task, s, out, backend, runtime.device(), runtime.loaderThreads,
                    "demo", flags, console);
            pipeline.requirePretrained("--worker");
            pipeline.comparison(methods(pipeline), seedList).work(Sweep.POLL_MILLIS);
            return 0;
        }
        try (FolderLock lock = MethodComparison.claim(out, "demo", flags, MAY_CHANGE)) {
            return demo(task, s, console, seedList, backend, flags, workers);
        }
    }

    /** The demo's methods: every registered method's comparison settings for the network. */
    private static List<String> methods(TaskPipeline pipeline) {
        Network network = pipeline.network();
        return Methods.comparisonDefaults(network.groups(), TaskPipeline.RESNET18.depthReadings(network), false);
    }

    private int demo(StudyTask task, TaskScale s, PrintWriter console, List<Long> seedList, Backend backend,
            Map<String, Object> flags, int workers) throws Exception {
        Path dir = out;
        long t0 = System.nanoTime();
        console.printf("metalr demo (%s): %s%n", s.name(), s.describe());
        console.flush();
        TaskPipeline pipeline = new TaskPipeline(task, s, dir, backend, runtime.device(), runtime.loaderThreads, "demo",
                flags, console);
        console.printf(Locale.ROOT, "1. data: %s (%.0f s)%n", dir.resolve("data"), seconds(t0));
        console.flush();

        Path pretrained = pipeline.pretrain();
        console.printf(Locale.ROOT, "2. pre-trained weights: %s (%.0f s)%n", pretrained, seconds(t0));
        console.flush();

        List<String> methods = methods(pipeline);
        MethodComparison comparison = pipeline.comparison(methods, seedList);
        console.printf("3. fine-tuning on the target domain: %s x %d seed(s)%n", String.join(", ", methods),
                seedList.size());
        console.flush();
        if (workers > 1 && !comparison.unfinished().isEmpty()) {
            int status = Sweep.LocalWorkers.run(spec, workers, runtime, console);
            if (status != 0) {
                return status;
            }
        }
        if (!sweep.collect) {
            comparison.run();
        }

        ComparisonPage page = comparison.page("metalr demo: ResNet-18 (width " + s.width() + ") pre-trained on"
                        + " synthetic shapes, fine-tuned on synthetic ultrasound")
                .note("Scale '" + s.name() + "': " + s.describe() + ".")
                .note("Pre-training: " + dir.resolve("pretrain").resolve(Report.PAGE) + ".")
                .build();
        page.write(dir);
        console.printf(Locale.ROOT, "4. done in %.0f s%n%n", seconds(t0));
        console.print(StudyTable.of(task.name(), comparison, methods, List.of("all"), Bootstrap.seeded(0))
                .toMarkdown(Map.of()));
        Path metalr = comparison.runDirs("metalr").get(0);
        console.printf("%nreport:    %s%ntable:     %s, %s%nLR curves: %s (and beside every run's report)%n",
                dir.resolve(Report.PAGE), dir.resolve(ComparisonPage.MARKDOWN), dir.resolve(ComparisonPage.CSV),
                metalr.resolve("lr_curves.png"));
        console.flush();
        return 0;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
