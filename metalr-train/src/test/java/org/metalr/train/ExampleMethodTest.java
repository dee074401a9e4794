package org.metalr.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.train.example.BoldDriver;
import org.metalr.runs.LrTrajectoryCsv;
import org.metalr.runs.RunFiles;
import org.metalr.train.method.InvalidConfigException;
import org.metalr.train.method.Methods;
import org.metalr.runs.RunReport;
import org.metalr.runs.LossesCsv;

/**
 * "A new method is one class plus one registration line": {@link BoldDriver}, written against the
 * public API in another package and registered only in this module's test resources, is listed, parsed,
 * run by the trainer, and resumed exactly with its own state.
 */
class ExampleMethodTest {

    @TempDir
    Path whole;
    @TempDir
    Path parts;

    @Test
    void theRegistryListsAndReadsIt() {
        assertThat(Methods.registry().names()).contains("bold-driver");
        List<String> forms = Methods.forms();
        assertThat(forms.subList(forms.size() - 3, forms.size())).containsExactly("metalr", "bold-driver",
                "bold-driver:UP:DOWN");
        assertThat(Methods.parse("bold-driver")).isEqualTo(new BoldDriver(1.1, 0.5));
        assertThat(Methods.parse(" bold-driver:2.0:0.25 ").spec()).isEqualTo("bold-driver:2.0:0.25");
        assertThatThrownBy(() -> Methods.parse("bold-driver:fast")).isInstanceOf(InvalidConfigException.class)
                .hasMessage("invalid setting 'method': malformed method 'bold-driver:fast'; expected one of "
                        + String.join(", ", forms));
        assertThat(Methods.comparisonDefaults(Fixtures.network().groups(), Fixtures.model().depthReadings(), false))
                .as("not one of the paper's defaults").containsExactly("last", "all", "layerwise:1", "bidir:2-2",
                        "autolr", "llrd:0.8", "metalr");
    }

    @Test
    void theTrainerRunsItAndItsRatesFollowTheEpochLosses() throws Exception {
        TrainConfig config = Fixtures.config("bold-driver:2.0:0.25").epochs(4).build();
        RunReport report;
        try (TrainingData data = Fixtures.data(config, true)) {
            report = new Trainer(config, Fixtures.JAVACPP, Fixtures.model(), data, whole).run();
        }
        assertThat(report.finished()).isTrue();
        LrTrajectoryCsv.Trajectory log = LrTrajectoryCsv.read(whole.resolve(LrTrajectoryCsv.FILE_NAME));
        double[] expected = log.rows().get(0).rates();
        assertThat(expected).containsExactly(0.001, 0.001, 0.001, 0.01);
        int changes = 0;
        for (int e = 1; e <= 4; e++) {
            if (e >= 3) {
                // the rates of epoch e follow from the mean training losses of epochs e-1 and e-2
                boolean lower = report.epochs().get(e - 2).trainLoss() < report.epochs().get(e - 3).trainLoss();
                for (int j = 0; j < expected.length; j++) {
                    expected[j] *= lower ? 2.0 : 0.25;
                }
                changes++;
            }
            for (LrTrajectoryCsv.Row row : log.rows()) {
                if (row.epoch() == e) {
                    assertThat(row.rates()).as("epoch %d, iteration %d", e, row.iteration()).containsExactly(expected);
                }
            }
        }
        assertThat(changes).isEqualTo(2);
        // the end of the last epoch moves the rates once more
        boolean lastLower = report.epochs().get(3).trainLoss() < report.epochs().get(2).trainLoss();
        assertThat(report.learningRates().get("fc")).isEqualTo(expected[3] * (lastLower ? 2.0 : 0.25));
        BoldDriver.State state = report.methodState(BoldDriver.State.class);
        assertThat(state.previousLoss()).isEqualTo(report.epochs().get(3).trainLoss());
        assertThat(state.count()).isZero();
        assertThat(RunFiles.readTree(whole.resolve(RunFiles.CONFIG)).path("train").path("method").asText())
                .isEqualTo("bold-driver:2.0:0.25");
    }

    @Test
    void aRunStoppedMidEpochResumesExactlyWithItsOwnState() throws Exception {
        TrainConfig config = Fixtures.config("bold-driver:2.0:0.25").epochs(3).build();
        try (TrainingData data = Fixtures.data(config, true)) {
            new Trainer(config, Fixtures.JAVACPP, Fixtures.model(), data, whole).run();
        }
        TrainConfig limited = config.toBuilder().maxIters(9).build();
        try (TrainingData data = Fixtures.data(limited, true)) {
            RunReport stopped = new Trainer(limited, Fixtures.JAVACPP, Fixtures.model(), data, parts).run();
            assertThat(stopped.status()).isEqualTo(RunReport.STOPPED);
            // stopped halfway through epoch 2: the sum of its three losses so far is the method's
            assertThat(stopped.methodState(BoldDriver.State.class).count()).isEqualTo(3);
        }
        try (TrainingData data = Fixtures.data(config, true)) {
            new Trainer(config, Fixtures.JAVACPP, Fixtures.model(), data, parts).resume();
        }
        for (String file : List.of(LrTrajectoryCsv.FILE_NAME, LossesCsv.FILE_NAME, RunFiles.CONFIG)) {
            assertThat(Files.readString(parts.resolve(file))).as(file).isEqualTo(Files.readString(whole.resolve(file)));
        }
        assertThat(metricsWithoutTime(parts)).isEqualTo(metricsWithoutTime(whole));
    }

    /** {@code metrics.json} without its wall time. */
    static ObjectNode metricsWithoutTime(Path run) throws Exception {
        ObjectNode metrics = (ObjectNode) RunFiles.readTree(run.resolve(RunFiles.METRICS));
        metrics.remove("seconds");
        return metrics;
    }
}
