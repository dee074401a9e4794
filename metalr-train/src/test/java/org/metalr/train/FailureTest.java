package org.metalr.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.api.OptimizerConfig;
import org.metalr.core.NonFiniteException;
import org.metalr.runs.LrTrajectoryCsv;
import org.metalr.runs.RunFiles;
import org.metalr.runs.RunReport;

/** A NaN or infinite loss stops the run with a message naming the iteration, keeping what was written. */
class FailureTest {

    @TempDir
    Path dir;

    @Test
    void aPoisonedBatchStopsTheRunAtItsIterationAndKeepsTheLastCheckpoint() throws Exception {
        TrainConfig config = Fixtures.config("all").checkpointEvery(2).build();
        // sample 9 is NaN: in dataset order it is in the third batch
        try (TrainingData data = Fixtures.data(config, false, new Fixtures.Images(24, 1).poisoned(9, Float.NaN),
                new Fixtures.Images(12, 2), new Fixtures.Images(9, 3))) {
            Trainer trainer = new Trainer(config, Fixtures.JAVACPP, Fixtures.model(), data, dir);
            assertThatThrownBy(trainer::run).isInstanceOf(TrainingDivergedException.class)
                    .hasMessageContaining("iteration 3: the training loss is NaN")
                    .hasMessageContaining("last good checkpoint is at iteration 2")
                    .satisfies(e -> {
                        TrainingDivergedException d = (TrainingDivergedException) e;
                        assertThat(d.iteration()).isEqualTo(3);
                        assertThat(d.group()).isNull();
                        assertThat(d.getCause().quantity()).isEqualTo(NonFiniteException.Quantity.TRAINING_LOSS);
                    });
        }
        assertThat(LrTrajectoryCsv.read(dir.resolve(LrTrajectoryCsv.FILE_NAME)).rows()).hasSize(3);
        assertThat(Files.readAllLines(dir.resolve("losses.csv"))).hasSize(3);
        assertThat(Checkpoints.latest(dir).orElseThrow().getFileName().toString()).isEqualTo("iter-000000000002");
        RunReport report = RunFiles.read(dir.resolve(RunFiles.METRICS), RunReport.class);
        assertThat(report.status()).isEqualTo(RunReport.DIVERGED);
        assertThat(report.message()).contains("iteration 3");
        assertThat(report.iterations()).isEqualTo(2);
    }

    @Test
    void aPoisonedMetaValidationSetStopsMetaLrNamingTheLookAheadLoss() throws Exception {
        TrainConfig config = Fixtures.config("metalr").build();
        try (TrainingData data = Fixtures.data(config, false, new Fixtures.Images(24, 1),
                new Fixtures.Images(12, 2).poisoned(5, Float.POSITIVE_INFINITY), new Fixtures.Images(9, 3))) {
            Trainer trainer = new Trainer(config, Fixtures.JAVACPP, Fixtures.model(), data, dir);
            assertThatThrownBy(trainer::run).isInstanceOf(TrainingDivergedException.class)
                    .hasMessageContaining("iteration 2: the validation loss at the look-ahead is NaN");
        }
    }

    @Test
    void aNonFiniteOutputWhileEvaluatingEndsTheRunAsDivergedNamingTheSet() throws Exception {
        TrainConfig config = Fixtures.config("all").build(); // plain steps: the validation images meet only evaluation
        try (TrainingData data = Fixtures.data(config, false, new Fixtures.Images(24, 1),
                new Fixtures.Images(12, 2).poisoned(5, Float.NaN), new Fixtures.Images(9, 3))) {
            Trainer trainer = new Trainer(config, Fixtures.JAVACPP, Fixtures.model(), data, dir);
            assertThatThrownBy(trainer::run).isInstanceOf(TrainingDivergedException.class)
                    .hasMessageMatching("(?s).*after iteration \\d+: the model's output on the validation set is NaN.*")
                    .satisfies(e -> assertThat(((TrainingDivergedException) e).getCause().quantity())
                            .isEqualTo(NonFiniteException.Quantity.EVALUATION_OUTPUT));
        }
        RunReport report = RunFiles.read(dir.resolve(RunFiles.METRICS), RunReport.class);
        assertThat(report.status()).isEqualTo(RunReport.DIVERGED);
        assertThat(report.message()).contains("validation set is NaN");
    }

    @Test
    void aHugeLearningRateDiverges() throws Exception {
        TrainConfig config = Fixtures.config("all").lr(1e25).optimizer(OptimizerConfig.Sgd.plain()).build();
        try (TrainingData data = Fixtures.data(config, true)) {
            Trainer trainer = new Trainer(config, Fixtures.JAVACPP, Fixtures.model(), data, dir);
            assertThatThrownBy(trainer::run).isInstanceOf(TrainingDivergedException.class)
                    .hasMessageMatching("(?s).*iteration \\d+: the training loss is (NaN|Infinity).*");
        }
        assertThat(RunFiles.read(dir.resolve(RunFiles.METRICS), RunReport.class).status()).isEqualTo(RunReport.DIVERGED);
    }
}
