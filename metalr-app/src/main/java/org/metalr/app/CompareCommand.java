package org.metalr.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.metalr.api.DepthOrder;
import org.metalr.api.net.Network;
import org.metalr.models.ModelFamily;
import org.metalr.report.ComparisonPage;
import org.metalr.report.Report;
import org.metalr.train.TrainConfig;
import org.metalr.train.method.Methods;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Several methods x seeds (x folds) on one dataset: the paper's Table 2 for this data (per-class
 * sensitivity and accuracy, median over seeds with [min, max]) as Markdown and CSV, and the report.
 * Resumes: a finished run in the output folder is not run again.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compares methods x seeds (x folds) on one dataset: the paper's Table 2 or 3.",
                "Every method is tested against --reference on runs paired by seed and fold:",
                "mean and median difference, paired bootstrap interval, exact Wilcoxon p-value,",
                "Holm-adjusted across methods. Writes comparison.md, comparison.csv and",
                "summary.json (every figure), the paper's table (per-class sensitivity and",
                "accuracy, or Dice, PPV and sensitivity for LiTS; median [min, max] over runs),",
                "the learning-rate profiles and report.html. Runs go to OUT/<method>/seed-<s>",
                "[/fold-<k>]; run the same command again after an interruption and",
                "finished runs are kept, begun ones resume. Any number of --worker processes",
                "(on this machine or on others sharing the folder) share the runs; --parallel P",
                "starts P of them here; --collect writes the comparison of finished runs."})
final class CompareCommand implements Callable<Integer> {

    /** Flags that may change between calls on one folder: they select runs or change no number. */
    static final Set<String> MAY_CHANGE = Set.of("--methods", "--seeds", "--max-iters", "--checkpoint-every", "--threads",
            "--loader-threads", "--out", "--reference", "--metric");

    @Spec
    private CommandSpec spec;

    @Option(names = "--methods", paramLabel = "LIST", split = ",",
            description = "methods to compare (default: each registered method's settings for the model; for a"
                    + " classifier of d groups last, all, layerwise:K, bidir:2-N, autolr, llrd:0.8, metalr with"
                    + " K = ceil((d-1)/3) and N = d-1-K; for unet3d all, mina:I1:4, mina:I2:2, metalr)")
    private List<String> methods;

    @Option(names = "--seeds", paramLabel = "LIST", description = "seeds, comma-separated (default: ${DEFAULT-VALUE})",
            defaultValue = "0,1,2,3,4")
    private String seeds;

    @Option(names = "--out", paramLabel = "DIR", description = "the comparison folder (default: ${DEFAULT-VALUE})",
            defaultValue = "runs/compare")
    private Path out;

    @Option(names = "--reference", paramLabel = "METHOD",
            description = "the method every other is compared with on runs paired by seed and fold (default: all;"
                    + " the first method, with a note, when all is not among them)")
    private String reference;

    @Option(names = "--metric", paramLabel = "FIGURE",
            description = "the headline figure of the comparison: accuracy, balanced-accuracy, auc, macro-f1,"
                    + " sensitivity/<class>, specificity/<class>, ...; for unet3d dice, ppv, sensitivity, hd95,"
                    + " surface-dice (default: accuracy, or dice)")
    private String metric;

    @Mixin
    private FineTuneOptions options;

    @Mixin
    private SweepOptions sweep;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        FineTuneOptions.Comparison setup = options.startComparison(spec, "compare", seeds, out, console);
        List<Long> seedList = setup.seeds();
        DataSource source = setup.source();
        Network network = setup.network();
        ModelFamily family = options.model.family();
        List<DepthOrder> readings = family.depthReadings(network);
        // each method as its spec() spells it back (metalr's options in one order), which names its folder
        List<String> methodList = (methods != null ? methods
                : Methods.comparisonDefaults(network.groups(), readings, family.segmentation()))
                .stream().map(m -> Methods.parse(m).spec()).toList();
        for (String m : methodList) {
            checkPlan(options.train.config(m, 0), network, readings);
        }
        ComparisonOptions.check(reference, metric, methodList, family.segmentation());
        MethodComparison comparison = new MethodComparison(out, methodList, seedList, source.folds(), options.data.fold,
                setup.runs(), console);
        console.printf("comparing %s on %s: %d method(s) x %d seed(s)%s%n", network.name(), source.description(),
                methodList.size(), seedList.size(), source.crossValidated() && options.data.fold == null
                        ? " x " + source.folds() + " folds" : "");
        console.flush();
        return Sweep.run(sweep, spec, "compare", out, setup.flags(), MAY_CHANGE, options.runtime, comparison,
                console, outcome -> write(console, comparison, network.name() + " on " + source.description()));
    }

    private void write(PrintWriter console, MethodComparison comparison, String title) throws IOException {
        ComparisonPage page = ComparisonOptions.build(comparison.page(title)
                .bootstrap(options.evaluation.bootstrap()), reference, metric);
        page.write(out);
        console.println();
        console.print(page.table().toMarkdown());
        console.printf("%ntable: %s, %s; report: %s%n", out.resolve(ComparisonPage.MARKDOWN),
                out.resolve(ComparisonPage.CSV), out.resolve(Report.PAGE));
        console.flush();
    }

    /**
     * Fails on a method that does not fit the model, before any run starts.
     *
     * @throws org.metalr.train.method.InvalidConfigException naming the method
     */
    private static void checkPlan(TrainConfig config, Network network, List<DepthOrder> readings) {
        config.method().plan(network.groups(), readings, config.lr(), config.backboneLrScale());
    }
}
