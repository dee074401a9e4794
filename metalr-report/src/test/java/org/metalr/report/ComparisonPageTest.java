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
    void tableHoldsTheMedianOverSeedsOfEachRunsSelectedModel() throws IOException {
        ComparisonTable t = fourRuns().build().table();
        assertThat(t.methods()).containsExactly("all", "metalr");
        assertThat(t.figures()).containsExactly("sens. benign", "sens. malignant", "sens. normal", "accuracy");
        ComparisonTable.Cell acc = t.cell("all", "accuracy").orElseThrow();
        assertThat(acc.median()).isCloseTo((68.0 / 80 + 63.0 / 80) / 2, within(1e-15));
        assertThat(acc.min()).isEqualTo(63.0 / 80);
        assertThat(acc.max()).isEqualTo(68.0 / 80);
        assertThat(t.cell("metalr", "sens. normal").orElseThrow().min()).isEqualTo(11.0 / 12);
        assertThat(t.cellText("metalr", "accuracy")).isEqualTo("88.8 [85.0, 92.5]");
        assertThat(t.best("accuracy")).containsExactly("metalr");
    }

    @Test
    void writesTablesProfilesGridAndOnePage() throws IOException {
        Map<GridResults.Cell, Double> grid = new LinkedHashMap<>();
        grid.put(new GridResults.Cell(1, 1), 0.8);
        grid.put(new GridResults.Cell(2, 5), 0.9);
        Path out = Files.createDirectories(dir.resolve("comparison"));
        ComparisonPage page = fourRuns().grid(new GridResults(Fixtures.GROUPS, grid), "test accuracy").build();
        List<Path> written = page.write(out);
        assertThat(written).extracting(p -> p.getFileName().toString()).containsExactly("lr_profiles.png",
                "lr_profile_all.png", "lr_profile_metalr.png", "lr_profile_last.png", "grid_heatmap.png",
                "comparison.md", "comparison.csv", "report.html");
        assertThat(Files.readString(out.resolve("comparison.md")))
                .isEqualTo("# BUSI, ResNet-18\n\n" + page.table().toMarkdown());
        assertThat(Files.readString(out.resolve("comparison.csv"))).isEqualTo(page.table().toCsv());

        String html = Files.readString(out.resolve("report.html"));
        assertThat(RunPageTest.embedded(html).keySet()).containsExactly("lr_profiles.png", "lr_profile_all.png",
                "lr_profile_metalr.png", "lr_profile_last.png", "grid_heatmap.png");
        for (Map.Entry<String, byte[]> e : RunPageTest.embedded(html).entrySet()) {
            assertThat(e.getValue()).isEqualTo(Files.readAllBytes(out.resolve(e.getKey())));
        }
        ComparisonTable t = page.table();
        assertThat(RunPageTest.rows(html, "comparison")).containsExactly(
                "all | 2 | " + t.cellText("all", "sens. benign") + " | " + t.cellText("all", "sens. malignant") + " | "
                        + t.cellText("all", "sens. normal") + " | " + t.cellText("all", "accuracy"),
                "metalr | 2 | " + t.cellText("metalr", "sens. benign") + " | " + t.cellText("metalr", "sens. malignant")
                        + " | " + t.cellText("metalr", "sens. normal") + " | " + t.cellText("metalr", "accuracy"));
        assertThat(html).contains("<td class=\"num best\">88.8 [85.0, 92.5]</td>");
        assertThat(html).contains("last: run last-0 has no test results (it is stopped); it is left out of the table.");
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
    void aFinishedTableAndAddedRunsDoNotMix() {
        ComparisonPage.Builder b = ComparisonPage.builder("x").addRun("m", Map.of("accuracy", 0.5));
        assertThatThrownBy(() -> b.table(ComparisonTable.builder().build())).isInstanceOf(IllegalStateException.class);
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
