package org.metalr.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.runs.metrics.ClassificationMetrics;
import org.metalr.runs.metrics.SegmentationMetrics;

/** What the report reads of {@code metrics.json}, and how it names what is wrong with one. */
class RunReportReadTest {

    @TempDir
    Path dir;

    private Path metrics(String text) throws IOException {
        return Files.writeString(dir.resolve(RunFiles.METRICS), text);
    }

    @Test
    void readsWhatTheTrainerWrites() throws IOException {
        Path f = metrics("""
                {"status": "finished", "message": null, "method": "metalr",
                 "classes": ["benign", "malignant", "normal"], "groups": ["stem", "fc"], "frozen": [false, true],
                 "iterations": 18, "epochsCompleted": 2, "selectedEpoch": 2,
                 "epochs": [{"epoch": 1, "passes": 1, "iteration": 9, "trainLoss": 0.9, "validationLoss": 1.05,
                             "validation": {"confusion": [[3, 1, 0], [1, 2, 0], [0, 0, 1]], "auc": [0.9, 0.8, 1.0]}},
                            {"epoch": 2, "passes": 1, "iteration": 18, "trainLoss": 0.45, "validationLoss": 0.55,
                             "validation": {"confusion": [[4, 0, 0], [1, 2, 0], [0, 0, 1]], "auc": [0.9, 0.8, 1.0]}}],
                 "testSelected": {"classes": 3, "samples": 80, "accuracy": 0.85,
                                  "confusion": [[40, 3, 1], [5, 17, 2], [1, 0, 11]], "auc": [0.9375, 0.875, null]},
                 "testLast": null, "learningRates": {"stem": 1.0E-4, "fc": 0.01}, "autoLr": null, "seconds": 83.5}
                """);
        RunReport m = RunFiles.read(f, RunReport.class);
        assertThat(m.finished()).isTrue();
        assertThat(m.message()).isNull();
        assertThat(m.classes()).containsExactly("benign", "malignant", "normal");
        assertThat(m.frozen()).containsExactly(false, true);
        assertThat(m.iterations()).isEqualTo(18);
        assertThat(m.selected().epoch()).isEqualTo(2);
        assertThat(m.selected().iteration()).isEqualTo(18);
        assertThat(m.selected().validation().headline()).isEqualTo(7.0 / 8);
        ClassificationMetrics sel = m.testSelected().classification();
        assertThat(sel.accuracy()).isEqualTo(68.0 / 80);
        assertThat(sel.samples()).isEqualTo(80);
        assertThat(sel.sensitivity()).containsExactly(40.0 / 44, 17.0 / 24, 11.0 / 12);
        assertThat(sel.precision()[1]).isEqualTo(17.0 / 20);
        assertThat(sel.auc()[2]).isNaN();
        assertThat(sel.specificity()[0]).isEqualTo(30.0 / 36);
        assertThat(sel.balancedAccuracy()).isEqualTo((40.0 / 44 + 17.0 / 24 + 11.0 / 12) / 3);
        assertThat(sel.tableFigures(m.classes())).containsExactly("sensitivity/benign", "sensitivity/malignant",
                "sensitivity/normal", "accuracy");
        assertThat(m.testLast()).isNull();
        assertThat(m.learningRates()).containsEntry("fc", 0.01);
        assertThat(m.methodState()).isNull();
        assertThat(m.seconds()).isEqualTo(83.5);
    }

    @Test
    void absentListsReadAsEmpty() throws IOException {
        RunReport m = RunFiles.read(metrics("{\"status\": \"stopped\", \"method\": \"all\", \"extra\": 1}"),
                RunReport.class);
        assertThat(m.finished()).isFalse();
        assertThat(m.classes()).isEmpty();
        assertThat(m.epochs()).isEmpty();
        assertThat(m.selected()).isNull();
        assertThat(m.testSelected()).isNull();
    }

    @Test
    void readsSegmentationFigures() throws IOException {
        RunReport m = RunFiles.read(metrics("""
                {"method": "metalr", "testSelected": {"threshold": 0.5, "meanDice": 0.8,
                  "volumes": {"volume-003": {"voxels": 100, "truePositives": 7, "falsePositives": 3, "falseNegatives": 3},
                              "volume-011": {"voxels": 100, "truePositives": 9, "falsePositives": 1, "falseNegatives": 1}},
                  "surfaceToleranceMm": 1.0,
                  "surfaces": {"volume-003": {"hd95": 2.5, "surfaceDice": 0.5},
                               "volume-011": {"hd95": "Infinity", "surfaceDice": 0.0}}}}
                """), RunReport.class);
        SegmentationMetrics s = m.testSelected().segmentation();
        assertThat(s.headline()).isEqualTo(0.8);
        assertThat(s.volumes()).containsOnlyKeys("volume-003", "volume-011");
        assertThat(s.volumes().get("volume-003").ppv()).isEqualTo(0.7);
        assertThat(s.surfaces().get("volume-011").hd95()).isInfinite();
        assertThat(s.tableFigures(List.of())).containsExactly("dice", "ppv", "sensitivity");
        assertThat(s.figures(List.of())).containsEntry("surface-dice", 0.25);
    }

    @Test
    void malformedJsonNamesFileAndPlace() throws IOException {
        Path f = metrics("{\n  \"status\": \"finished\",\n  \"epochs\": [\n");
        assertThatThrownBy(() -> RunFiles.read(f, RunReport.class)).isInstanceOf(RunFileException.class)
                .hasMessageStartingWith(f + ": not valid JSON: ").hasMessageContaining("line");
    }

    @Test
    void aWrongTypeNamesTheKey() throws IOException {
        Path f = metrics("{\"testSelected\": {\"confusion\": [[1, 0], [0, \"x\"]]}}");
        assertThatThrownBy(() -> RunFiles.read(f, RunReport.class)).isInstanceOf(RunFileException.class)
                .hasMessageStartingWith(f + ": testSelected.confusion[1][1]");
        Path h = metrics("{\"classes\": {\"a\": 1}}");
        assertThatThrownBy(() -> RunFiles.read(h, RunReport.class)).hasMessageStartingWith(h + ": classes");
    }

    @Test
    void frozenFlagsMustMatchTheGroups() throws IOException {
        Path f = metrics("{\"groups\": [\"a\", \"b\"], \"frozen\": [true]}");
        assertThatThrownBy(() -> RunFiles.read(f, RunReport.class)).isInstanceOf(RunFileException.class)
                .hasMessageContaining("1 frozen flags for 2 groups");
    }

    @Test
    void theReportsFiguresAreNamedOnce() {
        ClassificationMetrics c = new ClassificationMetrics(new long[][] {{1, 1}, {0, 2}}, new double[] {0.5, 0.5});
        assertThat(c.figures(List.of("a", "b"))).containsKeys("accuracy", "balanced-accuracy", "auc",
                "sensitivity/a", "specificity/b");
        assertThat(Map.copyOf(c.figures(List.of("a", "b"))).get("specificity/a")).isEqualTo(1.0);
        assertThat(c.figures(List.of("a", "b")).get("specificity/b")).isEqualTo(0.5);
    }
}
