package org.metalr.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.metalr.api.net.Network;
import org.metalr.report.ComparisonPage;
import org.metalr.report.GridHeatmapPicture;
import org.metalr.report.GridResults;
import org.metalr.report.Report;
import org.metalr.train.Repetitions;
import org.metalr.api.io.AtomicFiles;
import org.metalr.train.metrics.SeedSummary;
import org.metalr.train.metrics.Spread;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The bi-directional grid (the paper's Fig. 3a): {@code bidir:M-N} for every {@code 1 <= M <= N < d},
 * the d(d-1)/2 settings of a model of d groups, each over the seeds; writes {@code grid.csv} and the
 * heatmap. Resumes like {@code compare}.
 */
@Command(name = "grid", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the bi-directional grid: bidir:M-N for all d(d-1)/2 settings.",
                "1 <= M <= N < d for a model of d groups, each over the seeds. Writes",
                "grid.csv (test accuracy, or Dice for LiTS, of the selected models: median,",
                "min, max), grid_heatmap.png (the paper's Fig. 3a), the comparison table",
                "and report.html. Resumes like compare, and shares its runs between",
                "workers like compare (--worker, --parallel P, --collect)."})
final class GridCommand implements Callable<Integer> {

    /** The grid's table. */
    static final String CSV = "grid.csv";

    @Spec
    private CommandSpec spec;

    @Option(names = "--seeds", paramLabel = "LIST", description = "seeds, comma-separated (default: ${DEFAULT-VALUE})",
            defaultValue = "0")
    private String seeds;

    @Option(names = "--out", paramLabel = "DIR", description = "the grid folder (default: ${DEFAULT-VALUE})",
            defaultValue = "runs/grid")
    private Path out;

    @Mixin
    private FineTuneOptions options;

    @Mixin
    private SweepOptions sweep;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        FineTuneOptions.Comparison setup = options.startComparison(spec, "grid", seeds, out, console);
        List<Long> seedList = setup.seeds();
        DataSource source = setup.source();
        Network network = setup.network();
        List<String> groups = network.groups().stream().map(g -> g.name()).toList();
        int d = groups.size();
        List<String> methods = new ArrayList<>();
        for (int m = 1; m < d; m++) {
            for (int n = m; n < d; n++) {
                methods.add("bidir:" + m + "-" + n);
            }
        }
        console.printf("bi-directional grid of %s on %s: %d settings x %d seed(s)%n", network.name(),
                source.description(), methods.size(), seedList.size());
        console.flush();
        MethodComparison grid = new MethodComparison(out, methods, seedList, source.folds(), options.data.fold,
                setup.runs(), console);
        return Sweep.run(sweep, spec, "grid", out, setup.flags(), CompareCommand.MAY_CHANGE, options.runtime,
                grid, console, outcome -> write(console, outcome, grid, source, network, groups, methods));
    }

    private void write(PrintWriter console, MethodComparison.Outcome outcome, MethodComparison grid,
            DataSource source, Network network, List<String> groups, List<String> methods) throws IOException {
        // The figure the grid shows: Table 2's accuracy, or Table 3's mean Dice over volumes.
        String figure = source.segmentation() ? "meanDice" : "accuracy";
        String column = source.segmentation() ? "dice" : "accuracy";
        String label = source.segmentation() ? "test Dice" : "test accuracy";
        Map<GridResults.Cell, Double> values = new LinkedHashMap<>();
        StringBuilder csv = new StringBuilder("m,n,frozen,runs," + column + "_median," + column + "_min," + column
                + "_max\n");
        for (String method : methods) {
            String[] mn = method.substring("bidir:".length()).split("-");
            int m = Integer.parseInt(mn[0]);
            int n = Integer.parseInt(mn[1]);
            Repetitions.Summary s = outcome.summaries().get(method);
            SeedSummary.Entry entry = s.selected().entry(figure);
            Spread spread = entry.spread();
            values.put(new GridResults.Cell(m, n), spread.median());
            csv.append(m).append(',').append(n).append(',')
                    .append(String.join(" ", groups.subList(m - 1, n))).append(',')
                    .append(entry.count()).append(',').append(spread.median()).append(',').append(spread.min())
                    .append(',').append(spread.max()).append('\n');
        }
        AtomicFiles.writeString(out.resolve(CSV), csv.toString());
        GridResults results = new GridResults(groups, values);
        ComparisonPage page = grid.page("Bi-directional grid: " + network.name() + " on " + source.description())
                .grid(results, label).build();
        page.write(out);
        GridResults.Cell best = null;
        for (Map.Entry<GridResults.Cell, Double> e : values.entrySet()) {
            if (best == null || e.getValue() > values.get(best)) {
                best = e.getKey();
            }
        }
        console.printf("best setting: bidir:%d-%d (groups %s frozen), %s %.1f%%%n", best.m(), best.n(),
                String.join(", ", groups.subList(best.m() - 1, best.n())), label, 100 * values.get(best));
        console.printf("grid: %s; heatmap: %s; report: %s%n", out.resolve(CSV),
                out.resolve(GridHeatmapPicture.NAME + ".png"), out.resolve(Report.PAGE));
        console.flush();
    }
}
