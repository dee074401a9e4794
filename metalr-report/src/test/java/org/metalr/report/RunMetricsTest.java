package org.metalr.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunMetricsTest {

    @TempDir
    Path dir;

    private Path metrics(Object value) throws IOException {
        return Fixtures.write(dir.resolve("metrics.json"), Fixtures.json(value));
    }

    private Path metricsText(String text) throws IOException {
        return Fixtures.write(dir.resolve("metrics.json"), text);
    }

    @Test
    void readsEverythingTheTrainerWrites() throws IOException {
        RunMetrics m = RunMetrics.read(metrics(Fixtures.metrics()));
        assertThat(m.status()).isEqualTo("finished");
        assertThat(m.message()).isNull();
        assertThat(m.method()).isEqualTo("metalr");
        assertThat(m.classes()).isEqualTo(Fixtures.CLASSES);
        assertThat(m.groups()).isEqualTo(Fixtures.GROUPS);
        assertThat(m.frozen()).hasSize(10).containsOnly(false);
        assertThat(m.iterations()).isEqualTo(18);
        assertThat(m.selectedEpoch()).isEqualTo(2);
        assertThat(m.epochs()).hasSize(3);
        RunMetrics.EpochSummary e2 = m.selected().orElseThrow();
        assertThat(e2.epoch()).isEqualTo(2);
        assertThat(e2.iteration()).isEqualTo(12);
        assertThat(e2.passes()).isEqualTo(1);
        assertThat(e2.trainLoss()).isEqualTo(0.45);
        assertThat(e2.validation().headline()).isEqualTo(68.0 / 80);

        ClassificationResult sel = (ClassificationResult) m.testSelected();
        assertThat(sel.accuracy()).isEqualTo(68.0 / 80);
        assertThat(sel.samples()).isEqualTo(80);
        assertThat(sel.sensitivity()).containsExactly(40.0 / 44, 17.0 / 24, 11.0 / 12);
        assertThat(sel.precision().get(1)).isEqualTo(17.0 / 20);
        assertThat(sel.auc()).containsExactly(0.9375, 0.875, 0.96875);
        assertThat(sel.confusion()).containsExactly(List.of(40L, 3L, 1L), List.of(5L, 17L, 2L), List.of(1L, 0L, 11L));
        assertThat(sel.classes()).isEqualTo(3);
        assertThat(m.testLast().headline()).isEqualTo(63.0 / 80);
        assertThat(m.learningRates()).hasSize(10).containsEntry("fc", Fixtures.rate(18, 9));
        assertThat(m.seconds()).isEqualTo(83.5);
        // autoLr is null in the file: nothing to show.
        assertThat(m.other()).isEmpty();
        assertThat(m.missing()).isEmpty();
    }

    @Test
    void absentFieldsAreListedNotFatal() throws IOException {
        RunMetrics m = RunMetrics.read(metricsText("""
                {"status": "stopped", "method": "all",
                 "epochs": [{"epoch": 1, "trainLoss": 0.5}],
                 "testSelected": {"accuracy": 0.5, "confusion": [[1, 1], [1, 1]]},
                 "extra": {"note": "hello", "values": [1, 2]}}
                """));
        assertThat(m.status()).isEqualTo("stopped");
        assertThat(m.classes()).isEmpty();
        assertThat(m.classNames(2)).containsExactly("class 0", "class 1");
        assertThat(m.iterations()).isEqualTo(-1);
        assertThat(m.epochs().get(0).validationLoss()).isNaN();
        assertThat(m.epochs().get(0).iteration()).isEqualTo(-1);
        assertThat(m.testLast()).isNull();
        ClassificationResult sel = (ClassificationResult) m.testSelected();
        assertThat(sel.sensitivity()).isEmpty();
        assertThat(sel.macroF1()).isNaN();
        assertThat(m.other()).containsExactly(Map.entry("extra.note", "hello"), Map.entry("extra.values", "[1, 2]"));
        assertThat(m.missing()).contains("classes", "groups", "learningRates", "testLast", "testSelected.sensitivity",
                "testSelected.auc", "testSelected.macroF1", "epochs[*].validationLoss", "epochs[*].validation");
    }

    @Test
    void nullFiguresReadAsNaN() throws IOException {
        RunMetrics m = RunMetrics.read(metricsText("""
                {"testSelected": {"accuracy": 0.5, "sensitivity": [1.0, null], "confusion": [[2, 0], [2, 0]]}}
                """));
        ClassificationResult sel = (ClassificationResult) m.testSelected();
        assertThat(sel.sensitivity().get(0)).isEqualTo(1.0);
        assertThat(sel.sensitivity().get(1)).isNaN();
    }

    @Test
    void readsSegmentationFigures() throws IOException {
        RunMetrics m = RunMetrics.read(metricsText("""
                {"method": "metalr", "testSelected": {"threshold": 0.5, "meanDice": 0.8, "meanPpv": 0.75,
                  "meanSensitivity": 0.9,
                  "global": {"voxels": 1000, "truePositives": 80, "dice": 0.82, "ppv": 0.78, "sensitivity": 0.88},
                  "volumes": {"volume-003": {"dice": 0.7, "ppv": 0.6, "sensitivity": 0.9},
                              "volume-011": {"dice": 0.9, "ppv": 0.9, "sensitivity": 0.9}}}}
                """));
        SegmentationResult s = (SegmentationResult) m.testSelected();
        assertThat(s.headline()).isEqualTo(0.8);
        assertThat(s.global().dice()).isEqualTo(0.82);
        assertThat(s.volumes()).containsOnlyKeys("volume-003", "volume-011");
        assertThat(s.volumes().get("volume-003").ppv()).isEqualTo(0.6);
        assertThat(s.tableFigures(List.of())).containsExactly(Map.entry("Dice", 0.8), Map.entry("PPV", 0.75),
                Map.entry("sensitivity", 0.9));
    }

    @Test
    void tableFiguresAreSensitivityPerClassThenAccuracy() throws IOException {
        RunMetrics m = RunMetrics.read(metrics(Fixtures.metrics()));
        Map<String, Double> f = m.testSelected().tableFigures(m.classes());
        assertThat(f.keySet()).containsExactly("sens. benign", "sens. malignant", "sens. normal", "accuracy");
        assertThat(f.get("sens. normal")).isCloseTo(11.0 / 12, within(0.0));
    }

    @Test
    void malformedJsonNamesFileAndPlace() throws IOException {
        Path f = metricsText("{\n  \"status\": \"finished\",\n  \"epochs\": [\n");
        assertThatThrownBy(() -> RunMetrics.read(f)).isInstanceOf(RunFileException.class)
                .hasMessageStartingWith(f + ": not valid JSON: ").hasMessageContaining("line");
    }

    @Test
    void aWrongTypeNamesTheKey() throws IOException {
        Path f = metricsText("{\"testSelected\": {\"accuracy\": \"high\"}}");
        assertThatThrownBy(() -> RunMetrics.read(f)).isInstanceOf(RunFileException.class)
                .hasMessage(f + ": testSelected.accuracy: expected a number, found a JSON string");
        Path g = metricsText("{\"epochs\": [{\"epoch\": 1, \"validation\": {\"sensitivity\": [0.5, \"x\"]}}]}");
        assertThatThrownBy(() -> RunMetrics.read(g))
                .hasMessage(g + ": epochs[0].validation.sensitivity[1]: expected a number, found a JSON string");
        Path h = metricsText("{\"classes\": \"benign\"}");
        assertThatThrownBy(() -> RunMetrics.read(h)).hasMessage(h + ": classes: expected an array, found a JSON string");
    }

    @Test
    void aBadConfusionMatrixIsNamed() throws IOException {
        Path ragged = metricsText("{\"testLast\": {\"confusion\": [[1, 2], [3]]}}");
        assertThatThrownBy(() -> RunMetrics.read(ragged))
                .hasMessage(ragged + ": testLast.confusion[1]: 1 counts; expected 2 (a square matrix, rows true class,"
                        + " columns predicted)");
        Path negative = metricsText("{\"testLast\": {\"confusion\": [[1, -2], [3, 4]]}}");
        assertThatThrownBy(() -> RunMetrics.read(negative))
                .hasMessage(negative + ": testLast.confusion[0][1]: expected a non-negative count, found a JSON number");
        Path fraction = metricsText("{\"testLast\": {\"confusion\": [[1.5]]}}");
        assertThatThrownBy(() -> RunMetrics.read(fraction))
                .hasMessageContaining("testLast.confusion[0][0]: expected a whole number");
        Path classes = metricsText("{\"classes\": [\"a\", \"b\", \"c\"], \"testLast\": {\"confusion\": [[1, 2], [3, 4]]}}");
        assertThatThrownBy(() -> RunMetrics.read(classes))
                .hasMessage(classes + ": testLast.confusion: 2x2 matrix for 3 classes");
    }

    @Test
    void perClassFiguresMustMatchTheClasses() throws IOException {
        Path f = metricsText("{\"testSelected\": {\"confusion\": [[1, 0], [0, 1]], \"auc\": [0.5, 0.5, 0.5]}}");
        assertThatThrownBy(() -> RunMetrics.read(f)).hasMessage(f + ": testSelected.auc: 3 values; expected one per class (2)");
    }

    @Test
    void anEvaluationWithoutKnownFiguresIsRefused() throws IOException {
        Path f = metricsText("{\"testSelected\": {\"score\": 1}}");
        assertThatThrownBy(() -> RunMetrics.read(f)).hasMessageStartingWith(f + ": testSelected: holds neither")
                .hasMessageContaining("found keys [score]");
    }

    @Test
    void frozenFlagsMustMatchTheGroups() throws IOException {
        Path f = metricsText("{\"groups\": [\"a\", \"b\"], \"frozen\": [true]}");
        assertThatThrownBy(() -> RunMetrics.read(f)).hasMessage(f + ": frozen: 1 flags for 2 groups");
    }
}
