package org.metalr.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.runs.RunFiles;

/** {@code metalr compare} and {@code metalr grid} end to end, with interruption and resumption. */
class CompareCommandTest {

    @TempDir
    static Path shared;

    static Path data;

    private final TestData.Cli cli = new TestData.Cli();

    @BeforeAll
    static void writeData() throws Exception {
        data = TestData.splitFolders(shared.resolve("data"), 4, 2, 2);
    }

    private static String[] args(String command, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of(command, "--data", data.toString(), "--model", "small-cnn", "--width",
                "4", "--image-size", "16", "--epochs", "1", "--batch-size", "4", "--eval-batch-size", "8", "--threads",
                "1", "--loader-threads", "0", "--out", out.toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private static String[] compare(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of(args("compare", out, "--methods", "last,metalr", "--seeds", "0,1")));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void writesTable2AndResumesAnInterruptedComparison(@TempDir Path tmp) throws Exception {
        Path killed = tmp.resolve("killed");
        assertThat(cli.run(compare(killed, "--max-iters", "2"))).as(cli.err()).isZero();
        assertThat(cli.out()).contains("stopped after iteration 2 (--max-iters)");
        Path first = killed.resolve("last").resolve("seed-0");
        assertThat(RunFiles.readTree(first.resolve("metrics.json")).get("status").asText()).isEqualTo("stopped");
        assertThat(killed.resolve("metalr")).doesNotExist();

        assertThat(cli.run(compare(killed))).as(cli.err()).isZero();
        assertThat(cli.out()).doesNotContain("finished earlier").contains("last, seed 0: test accuracy")
                .contains("metalr, seed 1: test accuracy");

        Path whole = tmp.resolve("whole");
        assertThat(cli.run(compare(whole))).as(cli.err()).isZero();
        for (String run : List.of("last/seed-0", "last/seed-1", "metalr/seed-0", "metalr/seed-1")) {
            assertThat(Files.readString(killed.resolve(run).resolve("lr_trajectory.csv"))).as(run)
                    .isEqualTo(Files.readString(whole.resolve(run).resolve("lr_trajectory.csv")));
            assertThat(RunFiles.readTree(killed.resolve(run).resolve("metrics.json")).get("testSelected")).as(run)
                    .isEqualTo(RunFiles.readTree(whole.resolve(run).resolve("metrics.json")).get("testSelected"));
            assertThat(killed.resolve(run).resolve("report.html")).isRegularFile();
        }

        List<String> md = Files.readAllLines(killed.resolve("comparison.md"));
        assertThat(md.get(0)).isEqualTo("# small-cnn on split folders in " + data);
        assertThat(md.get(2)).isEqualTo("| method | runs | accuracy mean ± sd | median [min, max] | Δ mean [95% CI] |"
                + " Δ median | p | p (Holm) | pairs |");
        assertThat(md.get(4)).startsWith("| last (reference) | 2 | ");
        assertThat(md.get(5)).startsWith("| metalr | 2 | ").endsWith(" | 2 |");
        assertThat(md).contains("The default reference, all, is not among the methods; last is the reference.");
        assertThat(md).contains("| method | runs | sensitivity/a | sensitivity/b | sensitivity/c | accuracy |");
        List<String> csv = Files.readAllLines(killed.resolve("comparison.csv"));
        assertThat(csv.get(0)).isEqualTo("figure,method,reference,runs,mean,sd,median,min,max,pairs,mean_difference,"
                + "mean_difference_lower,mean_difference_upper,median_difference,wilcoxon_statistic,p,p_holm,marked,"
                + "seed 0,seed 1");
        assertThat(csv.get(1)).startsWith("accuracy,last,last,2,");
        assertThat(csv.get(2)).startsWith("accuracy,metalr,last,2,");
        double accuracy = Double.parseDouble(csv.get(2).split(",")[6]);
        assertThat(accuracy).isBetween(0.0, 1.0);
        assertThat(killed.resolve("summary.json")).isRegularFile();
        for (String run : List.of("last/seed-0", "metalr/seed-1")) {
            assertThat(killed.resolve(run).resolve("metrics.csv")).isRegularFile();
            assertThat(killed.resolve(run).resolve("tensorboard")).isDirectory();
            JsonNode test = RunFiles.readTree(killed.resolve(run).resolve("metrics.json")).get("testSelected");
            assertThat(test.get("specificity")).hasSize(3);
            assertThat(test.get("balancedAccuracy").isNumber()).isTrue();
            assertThat(test.get("intervals").get("balancedAccuracy").get("lower").isNumber()).isTrue();
        }
        assertThat(Files.readString(killed.resolve("report.html"))).contains("Comparison").contains("metalr");
        assertThat(cli.out()).contains("| method | runs | accuracy mean ± sd |");

        // A third call finds every run finished and runs none.
        Path metrics = killed.resolve("metalr").resolve("seed-1").resolve("metrics.json");
        FileTime before = Files.getLastModifiedTime(metrics);
        byte[] content = Files.readAllBytes(metrics);
        assertThat(cli.run(compare(killed))).as(cli.err()).isZero();
        assertThat(cli.out()).contains("4 of 4 runs finished earlier").doesNotContain("seed 0: test accuracy");
        assertThat(Files.getLastModifiedTime(metrics)).isEqualTo(before);
        assertThat(Files.readAllBytes(metrics)).isEqualTo(content);

        // Other settings on the same folder are refused.
        assertThat(cli.run(compare(killed, "--lr", "0.02"))).isEqualTo(2);
        assertThat(cli.err().strip()).startsWith("metalr: invalid setting 'lr': was 0.01 when " + killed);
    }

    @Test
    void variantsOfMetalrRunSideBySideEachUnderItsSpelling(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("variants");
        assertThat(cli.run(args("compare", out, "--methods", "metalr:every=2:rule=paper,metalr:lookahead=optimizer",
                "--seeds", "0"))).as(cli.err()).isZero();
        // the spelling's options in their one order name the folder; each run's config.json holds its rule
        JsonNode paper = RunFiles.readTree(out.resolve("metalr_rule_paper_every_2/seed-0/config.json"));
        assertThat(paper.at("/train/method").asText()).isEqualTo("metalr:rule=paper:every=2");
        assertThat(paper.at("/train/rule/name").asText()).isEqualTo("paper");
        assertThat(paper.at("/train/rule/metaEvery").asInt()).isEqualTo(2);
        JsonNode optimizer = RunFiles.readTree(out.resolve("metalr_lookahead_optimizer/seed-0/config.json"));
        assertThat(optimizer.at("/train/rule/name").asText()).as("the default rule").isEqualTo("cosine");
        assertThat(optimizer.at("/train/rule/normalize").asText()).isEqualTo("cosine");
        assertThat(optimizer.at("/train/rule/direction").asText()).isEqualTo("optimizer");
        assertThat(optimizer.at("/train/rule/metaEvery").asInt()).isEqualTo(1);
    }

    @Test
    void aBadMethodFailsBeforeAnyRun(@TempDir Path tmp) {
        Path out = tmp.resolve("out");
        assertThat(cli.run(args("compare", out, "--methods", "last,bidir:3-9"))).isEqualTo(2);
        assertThat(cli.err().strip()).startsWith("metalr: invalid setting 'method': 'bidir:3-9' freezes groups 3..9");
        assertThat(out.resolve("last")).doesNotExist();
        assertThat(cli.run(args("compare", out, "--seeds", "1,x"))).isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("metalr: --seeds expects comma-separated integers, got '1,x'");
        assertThat(cli.run(args("compare", out, "--nsd-tolerance", "-1"))).isEqualTo(2);
        assertThat(cli.err().strip()).startsWith("metalr: invalid setting 'nsd-tolerance': must be a finite number of"
                + " millimetres >= 0, got -1.0");
        assertThat(cli.run(args("compare", out, "--confidence-level", "95"))).isEqualTo(2);
        assertThat(cli.err().strip()).contains("'confidence-level'");
        assertThat(cli.run(args("compare", tmp.resolve("r"), "--methods", "last,metalr", "--reference", "auto")))
                .isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("metalr: --reference: 'auto' is not among the methods compared:"
                + " last, metalr");
        assertThat(cli.run(args("compare", tmp.resolve("m"), "--methods", "last,metalr", "--metric", "dice")))
                .isEqualTo(2);
        assertThat(cli.err().strip()).startsWith("metalr: --metric: 'dice' is not a figure of a classification");
        assertThat(tmp.resolve("m").resolve("last")).doesNotExist();
    }

    @Test
    void gridRunsEveryBidirectionalSetting(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("grid");
        assertThat(cli.run(args("grid", out))).as(cli.err()).isZero();
        List<String> csv = Files.readAllLines(out.resolve("grid.csv"));
        assertThat(csv.get(0)).isEqualTo("m,n,frozen,runs,accuracy_median,accuracy_min,accuracy_max");
        assertThat(csv.subList(1, csv.size())).extracting(l -> l.substring(0, l.indexOf(',', 2)))
                .containsExactly("1,1", "1,2", "1,3", "2,2", "2,3", "3,3");
        assertThat(csv.get(2)).startsWith("1,2,stem block1,1,");
        assertThat(out.resolve("grid_heatmap.png")).isRegularFile();
        assertThat(Files.readString(out.resolve("report.html"))).contains("Bi-directional grid");
        assertThat(cli.out()).containsPattern("best setting: bidir:\\d-\\d");

        assertThat(cli.run(args("grid", out))).as(cli.err()).isZero();
        assertThat(cli.out()).contains("6 of 6 runs finished earlier");
    }

    @Test
    void pValuesAreScipysExactWilcoxonOnThePairsOfTheCsv(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("pairs");
        assertThat(cli.run(args("compare", out, "--methods", "all,last,metalr", "--seeds", "0,1,2",
                "--bootstrap-resamples", "500"))).as(cli.err()).isZero();
        assertThat(cli.out()).contains("| all (reference) | 3 | ").contains("Δ mean [95% CI]")
                .contains("n = 3 pairs").contains("cannot reach p < 0.05");
        assumeTrue(Files.isExecutable(PYTHON), "no /usr/bin/python3: the comparison with scipy is skipped");
        assumeTrue(python("-c", "import scipy.stats").exitCode() == 0,
                "python3-scipy is not installed: the comparison with scipy is skipped");
        TestPython.Result r = python("-c", SCIPY_CHECK, out.resolve("comparison.csv").toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        // every figure of both compared methods was checked, and some have a p-value to check
        assertThat(r.output()).contains("checked ").doesNotContain("checked 0 ");
    }

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    /**
     * For every row of comparison.csv with a reference: scipy.stats.wilcoxon(method, reference,
     * method='exact') on the pairs both have, against the row's p and pairs (an undefined p where scipy
     * refuses: every difference zero).
     */
    private static final String SCIPY_CHECK = String.join("\n",
            "import csv, math, sys, warnings",
            "from scipy.stats import wilcoxon",
            "warnings.simplefilter('ignore')",
            "rows = list(csv.DictReader(open(sys.argv[1], newline='')))",
            "pairs = [c for c in rows[0].keys() if c.startswith('seed ')]",
            "ref = {(r['figure']): r for r in rows if r['method'] == r['reference']}",
            "checked = with_p = 0",
            "for r in rows:",
            "    if r['method'] == r['reference']:",
            "        continue",
            "    base = ref[r['figure']]",
            "    x, y = [], []",
            "    for p in pairs:",
            "        if r[p] != '' and base[p] != '':",
            "            x.append(float(r[p])); y.append(float(base[p]))",
            "    assert int(r['pairs'] or 0) == len(x), (r['figure'], r['method'], r['pairs'], len(x))",
            "    if not x:",
            "        assert r['p'] == '', (r['figure'], r['method'])",
            "        continue",
            "    try:",
            "        expected = wilcoxon(x, y, method='exact').pvalue",
            "    except ValueError:",
            "        expected = float('nan')",
            "    got = float(r['p']) if r['p'] != '' else float('nan')",
            "    if math.isnan(expected) or math.isnan(got):",
            "        assert math.isnan(expected) and math.isnan(got), (r['figure'], r['method'], got, expected)",
            "    else:",
            "        assert abs(got - expected) <= 1e-12 * max(1.0, expected), (r['figure'], r['method'], got, expected)",
            "        with_p += 1",
            "    checked += 1",
            "assert with_p > 0, 'no row had a p-value to compare'",
            "print('checked %d rows, %d with a p-value' % (checked, with_p))");

    private static TestPython.Result python(String... args) throws Exception {
        return TestPython.run(PYTHON, args);
    }
}
