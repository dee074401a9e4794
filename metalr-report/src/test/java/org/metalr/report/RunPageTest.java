package org.metalr.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.runs.RunFileException;

class RunPageTest {

    private static final Pattern IMG = Pattern.compile(
            "<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"[^>]*data-file=\"([^\"]+)\"");

    @TempDir
    Path dir;

    /** Embedded pictures by file name, decoded. */
    static Map<String, byte[]> embedded(String html) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        Matcher m = IMG.matcher(html);
        while (m.find()) {
            out.put(m.group(2), Base64.getDecoder().decode(m.group(1)));
        }
        return out;
    }

    /** The body of the table with this id, tags stripped to "cell | cell" rows. */
    static List<String> rows(String html, String id) {
        int start = html.indexOf("<table id=\"" + id + "\"");
        assertThat(start).as("table %s", id).isNotNegative();
        String table = html.substring(html.indexOf("<tbody>", start), html.indexOf("</tbody>", start));
        return Stream.of(table.split("</tr>")).map(r -> r.replaceAll("</td><td[^>]*>", " | ").replaceAll("<[^>]+>", "")
                .strip()).filter(r -> !r.isEmpty()).toList();
    }

    @Test
    void writesEveryPictureAndOnePageThatEmbedsThem() throws IOException {
        Path run = Fixtures.run(dir.resolve("run"));
        List<Path> written = RunPage.write(run);
        assertThat(written).extracting(p -> p.getFileName().toString()).containsExactly("confusion_matrix.png",
                "lr_curves.png", "lr_curves.svg", "lr_profile.png", "loss_curve.png", "report.html");
        String html = Files.readString(run.resolve("report.html"));
        Map<String, byte[]> images = embedded(html);
        assertThat(images.keySet()).containsExactlyInAnyOrder("confusion_matrix.png", "lr_curves.png", "lr_profile.png",
                "loss_curve.png");
        for (Map.Entry<String, byte[]> e : images.entrySet()) {
            assertThat(e.getValue()).as(e.getKey()).isEqualTo(Files.readAllBytes(run.resolve(e.getKey())));
            assertThat(Images.decode(e.getValue()).getWidth()).isGreaterThan(500);
        }
        try (Stream<Path> files = Files.list(run)) {
            assertThat(files.filter(f -> f.getFileName().toString().endsWith(".tmp"))).isEmpty();
        }
    }

    @Test
    void showsTheRunsFiguresAndSettings() throws IOException {
        Path run = Fixtures.run(dir.resolve("run"));
        String html = RunPage.render(RunFolder.read(run)).html();
        assertThat(html).contains("<title>Run: metalr (run)</title>", "finished", "18 iterations", "selected epoch 2",
                "1 min 24 s", "backend javacpp");
        assertThat(rows(html, "test-summary")).containsExactly(
                "accuracy | 85.00% |  | 78.75% |",
                "balanced accuracy | 84.47% |  | 76.01% |",
                "macro F1 | 83.59% |  | 76.34% |",
                "macro ROC AUC (one-vs-rest) | 0.9271 |  | 0.9000 |",
                "samples | 80 |  | 80 |");
        assertThat(rows(html, "per-class")).containsExactly(
                // sensitivity, specificity (TN / negatives: 30/36, 53/56, 65/68), precision, F1, AUC; then the last model
                "benign | 90.91% | 83.33% | 86.96% | 88.89% | 0.9375 | 86.36% | 77.78% | 82.61% | 84.44% | 0.9000",
                "malignant | 70.83% | 94.64% | 85.00% | 77.27% | 0.8750 | 66.67% | 89.29% | 72.73% | 69.57% | 0.8500",
                "normal | 91.67% | 95.59% | 78.57% | 84.62% | 0.9688 | 75.00% | 95.59% | 75.00% | 75.00% | 0.9500");
        assertThat(rows(html, "confusion-selected")).containsExactly("benign | 40 | 3 | 1", "malignant | 5 | 17 | 2",
                "normal | 1 | 0 | 11");
        assertThat(rows(html, "confusion-last")).containsExactly("benign | 38 | 5 | 1", "malignant | 6 | 16 | 2",
                "normal | 2 | 1 | 9");
        assertThat(rows(html, "epochs")).containsExactly(
                "1 | 1 | 6 | 0.9000 | 1.050 | 78.75% |",
                "2 | 1 | 12 | 0.4500 | 0.5500 | 85.00% | selected",
                "3 | 1 | 18 | 0.3000 | 0.3833 | 78.75% |");
        assertThat(rows(html, "learning-rates-table")).hasSize(10).first().asString()
                .isEqualTo("stem | no | 1.000e-03 | " + Formats.rate(Fixtures.rate(18, 0)) + " | "
                        + Formats.loss(Fixtures.rate(18, 0) / Fixtures.rate(0, 0)));
        assertThat(rows(html, "settings-table")).contains("train.method | metalr", "train.optimizer.name | adam",
                "train.seed | 0", "model.groups | [stem, layer1.0, layer1.1, layer2.0, layer2.1, layer3.0, layer3.1,"
                        + " layer4.0, layer4.1, fc]", "backend | javacpp");
        assertThat(html).contains("Nothing: every file and figure the report shows is present.");
    }

    @Test
    void thePageNeedsNoNetworkAndNoScript() throws IOException {
        String html = RunPage.render(RunFolder.read(Fixtures.run(dir.resolve("run")))).html();
        assertThat(html).doesNotContain("http://", "https://", "<script", "<link", "<iframe", "url(");
        assertThat(html).contains("Content-Security-Policy", "default-src 'none'");
        assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
    }

    @Test
    void escapesWhatTheFilesHold() throws IOException {
        Path run = Fixtures.run(dir.resolve("run"));
        Map<String, Object> metrics = Fixtures.metrics();
        metrics.put("method", "<b>x</b> & \"y\"");
        Fixtures.write(run.resolve("metrics.json"), Fixtures.json(metrics));
        String html = RunPage.render(RunFolder.read(run)).html();
        assertThat(html).contains("&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;").doesNotContain("<b>x</b>");
    }

    @Test
    void aRunFolderWithMetricsOnlySaysWhatItLacks() throws IOException {
        Path run = Files.createDirectories(dir.resolve("partial"));
        Map<String, Object> metrics = Fixtures.metrics();
        metrics.remove("testLast");
        metrics.remove("learningRates");
        Fixtures.write(run.resolve("metrics.json"), Fixtures.json(metrics));
        Report report = RunPage.render(RunFolder.read(run));
        assertThat(report.pictures()).extracting(Picture::name).containsExactly("confusion_matrix", "loss_curve");
        String html = report.html();
        assertThat(html).contains("config.json is absent: the run&#39;s settings are not shown.",
                "lr_trajectory.csv is absent: no learning-rate curves are drawn.",
                "losses.csv is absent: the loss curve shows per-epoch losses only.",
                "metrics.json has no testLast.", "metrics.json has no learningRates.",
                "No learning rates: the run has neither lr_trajectory.csv nor learningRates in metrics.json.");
        assertThat(rows(html, "test-summary").get(0)).isEqualTo("accuracy | 85.00% |  | – |");
    }

    @Test
    void aDivergedRunShowsItsMessage() throws IOException {
        Path run = Fixtures.run(dir.resolve("run"));
        Map<String, Object> metrics = Fixtures.metrics();
        metrics.put("status", "diverged");
        metrics.put("message", "the hypergradient of group layer3.0 became NaN at iteration 7");
        metrics.put("testSelected", null);
        metrics.put("testLast", null);
        Fixtures.write(run.resolve("metrics.json"), Fixtures.json(metrics));
        String html = RunPage.render(RunFolder.read(run)).html();
        assertThat(html).contains(
                "<div class=\"note error\">the hypergradient of group layer3.0 became NaN at iteration 7</div>",
                "<span class=\"badge diverged\">diverged</span>", "No test results (the run is diverged).");
    }

    @Test
    void testIntervalsAreShownBesideTheirFigures() throws IOException {
        Path run = Fixtures.run(dir.resolve("run"));
        Map<String, Object> metrics = Fixtures.metrics();
        @SuppressWarnings("unchecked")
        Map<String, Object> selected = (Map<String, Object>) metrics.get("testSelected");
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("accuracy", interval(0.85, 0.775, 0.925));
        i.put("balancedAccuracy", interval(0.8447, 0.76, 0.92));
        i.put("macroAuc", interval(0.9271, 0.88, 0.97));
        i.put("sensitivity", List.of(interval(0.9, 0.8, 1.0), interval(0.7, 0.5, 0.875), interval(0.9, 0.7, 1.0)));
        i.put("specificity", List.of(interval(0.83, 0.7, 0.95), interval(0.95, 0.89, 1.0), interval(0.96, 0.9, 1.0)));
        selected.put("intervals", i);
        Fixtures.write(run.resolve("metrics.json"), Fixtures.json(metrics));
        String html = RunPage.render(RunFolder.read(run)).html();
        assertThat(rows(html, "test-summary").get(0)).isEqualTo("accuracy | 85.00% | 77.50–92.50% | 78.75% |");
        assertThat(rows(html, "per-class-intervals")).hasSize(3);
        assertThat(html).contains("Intervals: percentile bootstrap");
    }

    private static Map<String, Object> interval(double estimate, double lower, double upper) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("estimate", estimate);
        m.put("lower", lower);
        m.put("upper", upper);
        m.put("level", 0.95);
        return m;
    }

    @Test
    void aSegmentationRunShowsDicePpvAndSensitivity() throws IOException {
        Path run = Fixtures.run(dir.resolve("run"));
        Fixtures.write(run.resolve("metrics.json"), """
                {"status": "finished", "method": "metalr", "testSelected": {"threshold": 0.5,
                  "volumes": {"volume-3": {"voxels": 100, "truePositives": 6, "falsePositives": 2, "falseNegatives": 2},
                              "volume-7": {"voxels": 100, "truePositives": 8, "falsePositives": 0, "falseNegatives": 0}},
                  "surfaceToleranceMm": 1.0,
                  "surfaces": {"volume-3": {"hd95": 2.5, "surfaceDice": 0.5}, "volume-7": {"hd95": 0.0, "surfaceDice": 1.0}}}}
                """);
        String html = RunPage.render(RunFolder.read(run)).html();
        assertThat(rows(html, "test-summary-segmentation")).containsExactly(
                "Dice, mean over volumes | 87.50% |  | – |", "PPV, mean over volumes | 87.50% |  | – |",
                "sensitivity, mean over volumes | 87.50% |  | – |", "HD95, mean over volumes | 1.25 mm |  | – |",
                "surface Dice at 1 mm, mean over volumes | 75.00% |  | – |", "Dice, all voxels | 87.50% |  | – |",
                "PPV, all voxels | 87.50% |  | – |", "sensitivity, all voxels | 87.50% |  | – |");
        assertThat(rows(html, "volumes")).containsExactly("volume-3 | 75.00% | 75.00% | 75.00% | 2.50 mm | 50.00%",
                "volume-7 | 100.00% | 100.00% | 100.00% | 0.00 mm | 100.00%");
    }

    @Test
    void aMalformedFileStopsTheReportAndNamesIt() throws IOException {
        Path run = Fixtures.run(dir.resolve("run"));
        Fixtures.write(run.resolve("lr_trajectory.csv"), "iteration,epoch,a\n0,0,x\n");
        assertThatThrownBy(() -> RunPage.write(run)).isInstanceOf(RunFileException.class)
                .hasMessageContaining("lr_trajectory.csv: line 2, column a: 'x' is not a number");
        assertThat(run.resolve("report.html")).doesNotExist();
    }

    @Test
    void aFolderWithoutRunFilesIsNotARun() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> RunPage.write(empty)).isInstanceOf(RunFileException.class)
                .hasMessageContaining("not a run folder");
        assertThatThrownBy(() -> RunPage.write(dir.resolve("absent"))).hasMessageContaining("no such directory");
    }

    @Test
    void rewritingReplacesThePage() throws IOException {
        Path run = Fixtures.run(dir.resolve("run"));
        Files.writeString(run.resolve("report.html"), "stale");
        RunPage.write(run);
        assertThat(Files.readString(run.resolve("report.html"))).startsWith("<!DOCTYPE html>");
    }
}
