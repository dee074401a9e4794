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
        StudyTask task = new DemoTask();
        TaskScale s = task.scale(scale != null ? scale : quick ? "quick" : "full");
        Path dir = out != null ? out : Path.of(quick ? "runs/demo-quick" : "runs/demo");
        PrintWriter console = spec.commandLine().getOut();
        List<Long> seedList = seeds != null ? MethodComparison.seeds(seeds) : s.seeds();
        if (runtime.threads == null) {
            // A width-16 ResNet on small images gains little from intra-op threads, and on a busy
            // machine their spinning costs several times the work; the other core decodes images.
            runtime.threads = 1;
        }
        Backend backend = runtime.start();
        Map<String, Object> flags = Flags.of(spec);
        flags.put("scale", s.name());
        try (FolderLock lock = MethodComparison.claim(dir, "demo", flags, MAY_CHANGE)) {
            return demo(task, s, dir, console, seedList, backend, flags);
        }
    }

    private int demo(StudyTask task, TaskScale s, Path dir, PrintWriter console, List<Long> seedList, Backend backend,
            Map<String, Object> flags) throws Exception {
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

        Network network = pipeline.network();
        List<String> methods = Methods.comparisonDefaults(network.groups(),
                TaskPipeline.RESNET18.depthReadings(network), false);
        MethodComparison comparison = pipeline.comparison(methods, seedList);
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
