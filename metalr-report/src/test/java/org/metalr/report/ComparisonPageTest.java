package org.metalr.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonPageTest {

    private static final long[][] BETTER = {{42, 1, 1}, {3, 20, 1}, {0, 0, 12}};

    @TempDir
    Path dir;

    private Path run(String name, long seed, long[][] confusion) {
        Map<String, Object> metrics = Fixtures.metrics();
        metrics.put("method", name.replaceAll("-.*", ""));
        metrics.put("testSelected", Fixtures.classification(confusion, new double[] {0.9, 0.9, 0.9}));
        return Fixtures.run(dir.resolve(name), seed, metrics);
    }

    private ComparisonPage.Builder fourRuns() throws IOException {
        Map<String, Object> stopped = Fixtures.metrics();
        stopped.put("status", "stopped");
        stopped.remove("testSelected");
        stopped.remove("testLast");
        return ComparisonPage.builder("BUSI, ResNet-18")
                .addRun("all", run("all-0", 0, Fixtures.CONFUSION_SELECTED))
                .addRun("all", run("all-1", 1, Fixtures.CONFUSION_LAST))
                .addRun("metalr", run("metalr-0", 0, BETTER))
                .addRun("metalr", run("metalr-1", 1, Fixtures.CONFUSION_SELECTED))
                .addRun("last", Fixtures.run(dir.resolve("last-0"), 0, stopped));
    }

    @Test
    void eachRunsSelectedModelIsPairedBySeed() throws IOException {
        ComparisonTable t = fourRuns().build().table();
        assertThat(t.methods()).containsExactly("all", "metalr");
        assertThat(t.reference()).isEqualTo("all");
        assertThat(t.tableFigures()).containsExactly("sensitivity/benign", "sensitivity/malignant",
                "sensitivity/normal", "accuracy");
        assertThat(t.figures()).contains("balanced-accuracy", "specificity/normal", "auc");
        ComparisonTable.Cell acc = t.cell("all", "accuracy").orElseThrow();
        assertThat(acc.values()).containsExactly(Map.entry("seed 0", 68.0 / 80), Map.entry("seed 1", 63.0 / 80));
        assertThat(acc.summary().median()).isCloseTo((68.0 / 80 + 63.0 / 80) / 2, within(1e-15));
        ComparisonTable.Cell metalr = t.cell("metalr", "accuracy").orElseThrow();
        assertThat(metalr.comparison().pairs()).isEqualTo(2);
        assertThat(metalr.comparison().meanDifference().estimate())
                .isCloseTo(((74.0 / 80 - 68.0 / 80) + (68.0 / 80 - 63.0 / 80)) / 2, within(1e-12));
        assertThat(metalr.marked()).isFalse();
        assertThat(t.notes()).anyMatch(n -> n.contains("n = 2 pairs") && n.contains("cannot reach p < 0.05"));
    }

    @Test
    void writesTablesPicturesLinksAndOnePage() throws IOException {
        Map<GridResults.Cell, Double> grid = new LinkedHashMap<>();
        grid.put(new GridResults.Cell(1, 1), 0.8);
        grid.put(new GridResults.Cell(2, 5), 0.9);
        Path out = Files.createDirectories(dir.resolve("comparison"));
        ComparisonPage page = fourRuns().grid(new GridResults(Fixtures.GROUPS, grid), "test accuracy").build();
        List<Path> written = page.write(out);
        assertThat(written).extracting(p -> p.getFileName().toString()).containsExactly("paired_runs.png",
                "lr_profiles.png", "lr_profile_all.png", "lr_profile_metalr.png", "lr_profile_last.png",
                "grid_heatmap.png", "comparison.md", "comparison.csv", "summary.json", "report.html");
        assertThat(Files.readString(out.resolve("comparison.md")))
                .isEqualTo("# BUSI, ResNet-18\n\n" + page.table().toMarkdown());
        assertThat(Files.readString(out.resolve("comparison.csv"))).isEqualTo(page.table().toCsv());
        assertThat(Files.readString(out.resolve("summary.json"))).contains("\"reference\" : \"all\"");

        String html = Files.readString(out.resolve("report.html"));
        assertThat(RunPageTest.embedded(html).keySet()).containsExactly("paired_runs.png", "lr_profiles.png",
                "lr_profile_all.png", "lr_profile_metalr.png", "lr_profile_last.png", "grid_heatmap.png");
        for (Map.Entry<String, byte[]> e : RunPageTest.embedded(html).entrySet()) {
            assertThat(e.getValue()).isEqualTo(Files.readAllBytes(out.resolve(e.getKey())));
        }
        ComparisonTable t = page.table();
        assertThat(RunPageTest.rows(html, "comparison")).containsExactly(
                String.join(" | ", t.headlineRow("all")).strip(), String.join(" | ", t.headlineRow("metalr")));
        assertThat(RunPageTest.rows(html, "run-links")).containsExactly(
                "all | seed 0 | finished | 85.00% | ../all-0/report.html",
                "all | seed 1 | finished | 78.75% | ../all-1/report.html",
                "metalr | seed 0 | finished | 92.50% | ../metalr-0/report.html",
                "metalr | seed 1 | finished | 85.00% | ../metalr-1/report.html",
                "last | seed 0 | stopped | – | ../last-0/report.html");
        assertThat(html).contains("<a href=\"../metalr-0/report.html\">");
        assertThat(html).contains("last: run last-0 has no test results (it is stopped); it is left out of the comparison.");
        assertThat(html).doesNotContain("http://", "https://", "<script");
    }

    @Test
    void runsAreLabelledBySeedAndTheFoldTheCommandsRecord() throws IOException {
        Path plain = run("all-0", 3, Fixtures.CONFUSION_SELECTED);
        assertThat(ComparisonPage.Builder.label(RunFolder.read(plain))).isEqualTo("seed 3");

        Path folded = run("all-1", 4, Fixtures.CONFUSION_SELECTED);
        Map<String, Object> config = Fixtures.config(4);
        config.put("run", Map.of("command", "metalr compare", "fold", 2));
        Files.writeString(folded.resolve("config.json"), Fixtures.json(config));
        assertThat(ComparisonPage.Builder.label(RunFolder.read(folded))).isEqualTo("seed 4, fold 2");

        Path bare = run("metalr-7", 0, Fixtures.CONFUSION_SELECTED);
        Files.delete(bare.resolve("config.json"));
        assertThat(ComparisonPage.Builder.label(RunFolder.read(bare))).isEqualTo("metalr-7");
    }

    @Test
    void anUnknownReferenceOrMetricIsNamed() {
        ComparisonPage.Builder b = ComparisonPage.builder("x").addRun("m", "seed 0", Map.of("accuracy", 0.5),
                List.of("accuracy"));
        assertThatThrownBy(() -> b.reference("all").build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'all'");
        assertThatThrownBy(() -> b.reference("m").metric("dice").build()).hasMessageContaining("'dice'");
    }

    @Test
    void profilesOfOneMethodMustShareTheirGroups() {
        ComparisonPage.Builder b = ComparisonPage.builder("x")
                .addProfile("m", List.of("a", "b"), List.of(), "seed 0", new double[] {1e-3, 1e-3});
        assertThatThrownBy(() -> b.addProfile("m", List.of("a", "c"), List.of(), "seed 1", new double[] {1e-3, 1e-3}))
                .hasMessageContaining("differ from [a, b]");
    }

    @Test
    void methodNamesBecomeSafeUniqueFileNames() {
        Set<String> taken = new HashSet<>();
        assertThat(ComparisonPage.fileStem("bidir:2-5", taken)).isEqualTo("lr_profile_bidir-2-5");
        assertThat(ComparisonPage.fileStem("bidir/2-5", taken)).isEqualTo("lr_profile_bidir-2-5-2");
        assertThat(ComparisonPage.fileStem("mina:I1:-2", taken)).isEqualTo("lr_profile_mina-I1--2");
    }
}
