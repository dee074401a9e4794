package org.metalr.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.report.ComparisonPage;
import org.metalr.report.ComparisonTable;
import org.metalr.runs.RunFiles;
import org.metalr.runs.RunReport;
import org.metalr.stats.PairedComparison;

/** {@code metalr study} on the demo's task at the test scale: every method, both references, reuse, statistics. */
class StudyCommandTest {

    /** The study's methods as their folders and tables spell them: the baselines, then the rules and options. */
    private static final List<String> METHODS = List.of("last", "all", "layerwise:3", "bidir:2-6", "autolr", "llrd:0.8",
            "metalr:rule=official", "metalr:rule=paper", "metalr:rule=multiplicative",
            "metalr:rule=multiplicative:lookahead=optimizer", "metalr:rule=multiplicative:normalize=cosine",
            "metalr:rule=multiplicative:floor=0.01x:ceiling=10.0x", "metalr:rule=multiplicative:update=log",
            "metalr:rule=multiplicative:lookahead=optimizer:normalize=cosine:update=log:floor=0.01x:ceiling=10.0x",
            "metalr:rule=multiplicative:lookahead=optimizer:normalize=cosine:update=log:floor=0.01x:ceiling=10.0x"
                    + ":every=4");

    private final TestData.Cli cli = new TestData.Cli();

    @Test
    void studyComparesEveryMethodWithBothReferencesAsCompareDoesAndReusesWhatIsDone(@TempDir Path tmp)
            throws Exception {
        Path out = tmp.resolve("study");
        String[] args = {"study", "--task", "demo", "--scale", "tiny", "--seeds", "0,1", "--out", out.toString(),
            "--threads", "1", "--loader-threads", "0"};
        assertThat(cli.run(args)).as(cli.err()).isZero();
        assertThat(cli.out()).contains("demo pre-training: source test accuracy");

        List<String> csv = Files.readAllLines(out.resolve("study.csv"));
        List<String> header = List.of(csv.get(0).split(","));
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : csv.subList(1, csv.size())) {
            String[] cells = line.split(",", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), cells[i]);
            }
            rows.add(row);
        }
        assertThat(rows).extracting(r -> r.get("method")).containsExactlyElementsOf(METHODS);
        assertThat(rows).allSatisfy(r -> assertThat(r.get("task")).isEqualTo("demo"));
        String md = Files.readString(out.resolve("study.md"));
        assertThat(md).contains("## demo").contains("Δ vs all [95% CI]").contains("Δ vs official [95% CI]")
                .contains("Learned rates").contains("metalr study --task demo --scale tiny")
                .contains("- combined, every 4: `" + METHODS.get(14) + "`");
        for (String m : METHODS) {
            assertThat(md).contains("| " + StudyCommand.RULES.getOrDefault(m, m) + " | ");
        }
        assertThat(out.resolve("demo").resolve("report.html")).isRegularFile();
        assertThat(out.resolve("demo").resolve("comparison.md")).isRegularFile();

        // The paired statistics are compare's: the same page over the same run folders, each reference in turn.
        Path runs = out.resolve("demo").resolve("finetune");
        for (String reference : List.of("all", "metalr:rule=official")) {
            ComparisonPage.Builder page = ComparisonPage.builder("compare");
            for (String m : METHODS) {
                for (long seed : List.of(0L, 1L)) {
                    page.addRun(m, runs.resolve(MethodComparison.dirName(m)).resolve("seed-" + seed));
                }
            }
            ComparisonTable table = page.reference(reference).build().table();
            String key = "vs_" + reference.replaceAll("[^A-Za-z0-9]", "_");
            for (Map<String, String> row : rows) {
                String m = row.get("method");
                double[] mine = accuracies(runs, m);
                double[] ref = accuracies(runs, reference);
                int won = 0;
                int lost = 0;
                for (int i = 0; i < 2; i++) {
                    won += mine[i] > ref[i] ? 1 : 0;
                    lost += mine[i] < ref[i] ? 1 : 0;
                }
                assertThat(row.get(key + "_won")).as(m).isEqualTo(Integer.toString(won));
                assertThat(row.get(key + "_lost")).as(m).isEqualTo(Integer.toString(lost));
                assertThat(Double.parseDouble(row.get("accuracy_mean"))).as(m)
                        .isCloseTo(Arrays.stream(mine).filter(v -> !Double.isNaN(v)).average().orElseThrow(),
                                within(1e-12));
                if (m.equals(reference)) {
                    assertThat(row.get(key + "_p")).isEmpty();
                    continue;
                }
                PairedComparison c = table.cell(m, "accuracy").orElseThrow().comparison();
                assertThat(Double.parseDouble(row.get(key + "_mean_difference"))).as(m)
                        .isEqualTo(c.meanDifference().estimate());
                assertThat(Double.parseDouble(row.get(key + "_ci_lower"))).as(m).isEqualTo(c.meanDifference().lower());
                assertThat(row.get(key + "_p")).as(m).isEqualTo(text(c.wilcoxon().pValue()));
                assertThat(row.get(key + "_p_holm")).as(m).isEqualTo(text(c.holmP()));
            }
        }
        // the cost: each method's median seconds per iteration, measured in its runs, over all's
        Map<String, String> all = rows.get(1);
        assertThat(Double.parseDouble(all.get("cost_ratio"))).isEqualTo(1.0);
        assertThat(Double.parseDouble(all.get("seconds_per_iteration"))).isEqualTo(median(secondsPerIteration(runs, "all")));
        // the learned rates: MetaLR's final rates, median over seeds
        Map<String, String> official = rows.get(6);
        double[] stem = new double[2];
        for (int s = 0; s < 2; s++) {
            List<String> trajectory = Files.readAllLines(runs.resolve(MethodComparison.dirName("metalr:rule=official"))
                    .resolve("seed-" + s).resolve("lr_trajectory.csv"));
            stem[s] = Double.parseDouble(trajectory.get(trajectory.size() - 1).split(",")[2]);
        }
        assertThat(Double.parseDouble(official.get("final_lr/stem"))).isCloseTo(median(stem), within(1e-15));
        assertThat(all.get("final_lr/stem")).isEqualTo(all.get("initial_lr/stem"));

        // Run again: the pre-training and every run are reused; only the tables are written again.
        Path weights = out.resolve("demo").resolve(TaskPipeline.PRETRAINED);
        FileTime before = Files.getLastModifiedTime(weights);
        assertThat(cli.run(args)).as(cli.err()).isZero();
        assertThat(cli.out()).doesNotContain("pre-training:").doesNotContain("test accuracy").contains("study: ");
        assertThat(Files.getLastModifiedTime(weights)).isEqualTo(before);
        assertThat(Files.readAllLines(out.resolve("study.csv"))).isEqualTo(csv);
    }

    @Test
    void theReferencesMustBeAmongTheMethods(@TempDir Path tmp) {
        assertThat(cli.run("study", "--task", "demo", "--scale", "tiny", "--methods", "last,all", "--out",
                tmp.resolve("s").toString(), "--threads", "1", "--loader-threads", "0")).isEqualTo(2);
        assertThat(cli.err()).contains("--methods must include metalr:rule=official");
    }

    @Test
    void aWorkerNeedsThePreTraining(@TempDir Path tmp) {
        assertThat(cli.run("study", "--task", "demo", "--scale", "tiny", "--worker", "--out",
                tmp.resolve("s").toString(), "--threads", "1", "--loader-threads", "0")).isEqualTo(2);
        assertThat(cli.err()).contains("pretrained.safetensors does not exist");
    }

    @Test
    void anUnknownTaskListsTheRegisteredOnes(@TempDir Path tmp) {
        assertThat(cli.run("study", "--task", "cifar", "--out", tmp.resolve("s").toString())).isEqualTo(2);
        assertThat(cli.err()).contains("--task: unknown study task 'cifar'; expected one of demo, fashion-mnist");
    }

    private static double[] accuracies(Path runs, String method) throws Exception {
        double[] out = new double[2];
        for (int s = 0; s < 2; s++) {
            RunReport r = RunFiles.read(runs.resolve(MethodComparison.dirName(method)).resolve("seed-" + s)
                    .resolve(RunFiles.METRICS), RunReport.class);
            out[s] = r.testSelected() == null ? Double.NaN : r.testSelected().headline(); // a run that broke
        }
        return out;
    }

    private static double[] secondsPerIteration(Path runs, String method) throws Exception {
        double[] out = new double[2];
        for (int s = 0; s < 2; s++) {
            RunReport r = RunFiles.read(runs.resolve(MethodComparison.dirName(method)).resolve("seed-" + s)
                    .resolve(RunFiles.METRICS), RunReport.class);
            out[s] = r.seconds() / r.iterations();
        }
        return out;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String text(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
