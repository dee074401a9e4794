package org.metalr.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.data.ScanOptions;
import org.metalr.data.volume.LitsSplits;
import org.metalr.runs.LrTrajectoryCsv;
import org.metalr.runs.EpochRecord;
import org.metalr.runs.RunFiles;
import org.metalr.runs.RunReport;
import org.metalr.train.method.InvalidConfigException;

/**
 * {@code --eval-every} and {@code --val-cases}: which epochs are validated and on which volumes, what
 * {@code config.json} records, and exact resumption with both.
 */
class EvaluationCadenceTest {

    @TempDir
    Path tmp;

    LitsSplits splits;

    @BeforeEach
    void cases() throws Exception {
        Files.createDirectories(tmp.resolve("lits"));
        for (int id = 0; id < LitsFixtures.CASES; id++) {
            LitsFixtures.writeCase(tmp.resolve("lits"), id);
        }
        // 2 training, 2 validation, 1 test cases
        splits = LitsSplits.scan(tmp.resolve("lits"), ScanOptions.strict(), 0.4, 0.2, 3);
        assertThat(splits.metaValidation()).hasSize(2);
    }

    private TrainConfig config(int epochs, int evalEvery, int valCases) {
        return LitsFixtures.config("metalr").epochs(epochs).evaluation(EvalSettings.defaults().withEvalEvery(evalEvery)
                .withValCases(valCases)).build();
    }

    @Test
    void validatesEveryNthEpochAndTheLastOnTheFirstKVolumesAndAllAtTheEnd() throws Exception {
        TrainConfig config = config(3, 2, 1);
        Path run = tmp.resolve("run");
        RunReport report;
        try (TrainingData data = LitsFixtures.data(splits, config)) {
            report = new Trainer(config, Fixtures.JAVACPP, LitsFixtures.model(), data, run).run();
        }
        assertThat(report.finished()).isTrue();
        assertThat(report.epochsCompleted()).isEqualTo(3);
        assertThat(report.epochs()).extracting(EpochRecord::epoch).containsExactly(2, 3);
        assertThat(report.selectedEpoch()).isIn(2, 3);
        String first = "volume-" + splits.metaValidation().get(0).id();
        String second = "volume-" + splits.metaValidation().get(1).id();
        for (EpochRecord e : report.epochs()) {
            assertThat(e.validation().segmentation().volumes()).containsOnlyKeys(first);
        }
        assertThat(report.epochs().get(0).fullValidation()).isNull();
        EpochRecord last = report.epochs().get(1);
        assertThat(last.fullValidation().segmentation().volumes()).containsOnlyKeys(first, second);
        // the subset's figures are the whole set's figures of that volume: one prediction per volume
        assertThat(last.fullValidation().segmentation().volumes().get(first))
                .isEqualTo(last.validation().segmentation().volumes().get(first));

        JsonNode cfg = RunFiles.readTree(run.resolve(RunFiles.CONFIG));
        assertThat(cfg.get("train").get("evalEvery").asInt()).isEqualTo(2);
        assertThat(cfg.get("train").get("valCases").asInt()).isEqualTo(1);
        assertThat(cfg.get("train").get("evalTile").asText()).isEqualTo("auto");
        JsonNode ev = cfg.get("evaluation");
        assertThat(ev.get("evalEvery").asInt()).isEqualTo(2);
        assertThat(ev.get("valCases").asInt()).isEqualTo(1);
        assertThat(ev.get("overlap").asDouble()).isEqualTo(0.0);
        // the fixture's U-Net normalises with batch statistics in evaluation: one tile at a time
        assertThat(ev.get("tileBatch").asInt()).isEqualTo(1);
        assertThat(ev.get("memoryBudgetMiB").asLong()).isEqualTo(EvalSettings.DEFAULT_MEMORY_MIB);
        assertThat(ev.get("estimatedBytesPerTileVoxel").asLong()).isEqualTo(Math.round(722.5 * 2));
        assertThat(ev.get("minimumTile")).hasSize(3);
    }

    @Test
    void aResumedRunWithACadenceEqualsAnUninterruptedOne() throws Exception {
        TrainConfig config = config(3, 2, 1);
        Path whole = tmp.resolve("whole");
        Path parts = tmp.resolve("parts");
        RunReport expected;
        try (TrainingData data = LitsFixtures.data(splits, config)) {
            expected = new Trainer(config, Fixtures.JAVACPP, LitsFixtures.model(), data, whole).run();
        }
        // 2 training cases x 2 crops in batches of 2: 2 iterations per epoch; stop inside epoch 3
        TrainConfig limited = config.toBuilder().maxIters(5).build();
        try (TrainingData data = LitsFixtures.data(splits, limited)) {
            RunReport stopped = new Trainer(limited, Fixtures.JAVACPP, LitsFixtures.model(), data, parts).run();
            assertThat(stopped.status()).isEqualTo(RunReport.STOPPED);
            assertThat(stopped.epochs()).extracting(EpochRecord::epoch).containsExactly(2);
            assertThat(stopped.epochsCompleted()).isEqualTo(2);
        }
        RunReport resumed;
        try (TrainingData data = LitsFixtures.data(splits, config)) {
            resumed = new Trainer(config, Fixtures.JAVACPP, LitsFixtures.model(), data, parts).resume();
        }
        assertThat(Files.readString(parts.resolve(LrTrajectoryCsv.FILE_NAME)))
                .isEqualTo(Files.readString(whole.resolve(LrTrajectoryCsv.FILE_NAME)));
        Fixtures.assertSameTensors(parts, whole);
        assertThat(resumed.epochs()).isEqualTo(expected.epochs());
        assertThat(resumed.selectedEpoch()).isEqualTo(expected.selectedEpoch());
        assertThat(resumed.testSelected()).isEqualTo(expected.testSelected());
        assertThat(resumed.testLast()).isEqualTo(expected.testLast());

        // resuming with another cadence is refused, naming the flag
        TrainConfig other = config(3, 1, 1);
        try (TrainingData data = LitsFixtures.data(splits, other)) {
            assertThatThrownBy(() -> new Trainer(other, Fixtures.JAVACPP, LitsFixtures.model(), data, parts).resume())
                    .isInstanceOf(InvalidConfigException.class).hasMessageContaining("eval-every");
        }
    }

    @Test
    void badCadenceAndTileSettingsAreRefusedNamingTheFlag() throws Exception {
        TrainConfig tooMany = config(2, 1, 3);
        try (TrainingData data = LitsFixtures.data(splits, tooMany)) {
            assertThatThrownBy(() -> new Trainer(tooMany, Fixtures.JAVACPP, LitsFixtures.model(), data, tmp.resolve("a"))
                    .validate()).isInstanceOf(InvalidConfigException.class).hasMessageContaining("'val-cases'")
                    .hasMessageContaining("2 validation volumes");
        }
        TrainConfig oddTile = LitsFixtures.config("metalr").evaluation(EvalSettings.defaults().withTile(List.of(16, 12, 8)))
                .build();
        try (TrainingData data = LitsFixtures.data(splits, oddTile)) {
            assertThatThrownBy(() -> new Trainer(oddTile, Fixtures.JAVACPP, LitsFixtures.model(), data, tmp.resolve("b"))
                    .validate()).isInstanceOf(InvalidConfigException.class).hasMessageContaining("'eval-tile'");
        }
        assertThatThrownBy(() -> EvalSettings.defaults().withEvalEvery(0)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("'eval-every'");
        TrainConfig images = Fixtures.config("metalr").evaluation(EvalSettings.defaults().withValCases(1)).build();
        try (TrainingData data = Fixtures.data(images, false)) {
            assertThatThrownBy(() -> new Trainer(images, Fixtures.JAVACPP, Fixtures.model(), data, tmp.resolve("c"))
                    .validate()).isInstanceOf(InvalidConfigException.class).hasMessageContaining("'val-cases'");
        }
    }
}
