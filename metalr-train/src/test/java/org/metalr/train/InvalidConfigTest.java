package org.metalr.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.api.net.Network;
import org.metalr.models.Initializers;
import org.metalr.models.SmallCnn;
import org.metalr.train.method.InvalidConfigException;
import org.metalr.runs.RunReport;

/** Invalid settings fail before any work, naming the setting; nothing is written. */
class InvalidConfigTest {

    @TempDir
    Path tmp;

    private void assertRejected(TrainConfig config, ModelSpec model, String setting, String message) {
        Path run = tmp.resolve("run");
        try (TrainingData data = Fixtures.data(config, true)) {
            assertThatThrownBy(() -> new Trainer(config, Fixtures.JAVACPP, model, data, run).run())
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("'" + setting + "'")
                    .hasMessageContaining(message)
                    .extracting(e -> ((InvalidConfigException) e).setting()).isEqualTo(setting);
        }
        assertThat(Files.exists(run)).as("nothing written").isFalse();
    }

    @Test
    void settingsThatDoNotFitTheModelOrTheData() {
        ModelSpec model = Fixtures.model();
        assertRejected(Fixtures.config("all").batchSize(32).build(), model, "batch-size",
                "32 is larger than the training set (24 samples)");
        assertRejected(Fixtures.config("metalr").batchSize(16).build(), model, "batch-size",
                "larger than the meta-validation set (12 samples)");
        assertRejected(Fixtures.config("bidir:2-4").build(), model, "method", "1 <= M <= N <= 3");
        assertRejected(Fixtures.config("layerwise:4").build(), model, "method", "outside 1..3");
        assertRejected(Fixtures.config("mina:I2:1").build(), model, "method", "needs the depth reading 'I2', which the model does not have (readings: [I1])");
        assertRejected(Fixtures.config("metalr").lr(0.05).build(), model, "lr", "outside the rule 'official''s bounds");
        Network five = SmallCnn.network(3, 4, 5);
        assertRejected(Fixtures.config("all").build(), ModelSpec.of(five, Initializers.kaiming(five, 1)), "num-classes",
                "has 5 outputs but the data has 3 classes [a, b, c]");
    }

    @Test
    void valuesOutOfRange() {
        assertThatThrownBy(() -> Fixtures.config("all").lr(-0.1).build()).isInstanceOf(InvalidConfigException.class)
                .hasMessage("invalid setting 'lr': must be positive and finite, got -0.1");
        assertThatThrownBy(() -> Fixtures.config("all").lr(0).build()).hasMessageContaining("'lr'");
        assertThatThrownBy(() -> Fixtures.config("all").backboneLrScale(Double.NaN).build())
                .hasMessageContaining("'backbone-lr-scale'");
        assertThatThrownBy(() -> Fixtures.config("all").epochs(0).build()).hasMessageContaining("'epochs'");
        assertThatThrownBy(() -> Fixtures.config("all").maxIters(-1).build()).hasMessageContaining("'max-iters'");
        assertThatThrownBy(() -> Fixtures.config("sgd")).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("invalid setting 'method': unknown method 'sgd'; expected one of last, all");
    }

    @Test
    void aFolderHoldsOneRunAndOnlyARunCanBeResumed() throws Exception {
        TrainConfig config = Fixtures.config("last").epochs(1).build();
        Path run = tmp.resolve("run");
        try (TrainingData data = Fixtures.data(config, true)) {
            assertThatThrownBy(() -> new Trainer(config, Fixtures.JAVACPP, Fixtures.model(), data, run).resume())
                    .hasMessageContaining("invalid setting 'resume': no checkpoint in");
            new Trainer(config, Fixtures.JAVACPP, Fixtures.model(), data, run).run();
            assertThatThrownBy(() -> new Trainer(config, Fixtures.JAVACPP, Fixtures.model(), data, run).run())
                    .hasMessageContaining("invalid setting 'out'").hasMessageContaining("already holds a run");
            TrainConfig other = config.toBuilder().lr(0.02).build();
            assertThatThrownBy(() -> new Trainer(other, Fixtures.JAVACPP, Fixtures.model(), data, run).resume())
                    .hasMessageContaining("invalid setting 'lr': was 0.01 when the run in");
            // a finished run resumed is only tested again, with the same figures
            RunReport again = new Trainer(config.toBuilder().maxIters(3).build(), Fixtures.JAVACPP, Fixtures.model(),
                    data, run).resume();
            assertThat(again.finished()).isTrue();
            assertThat(again.iterations()).isEqualTo(6);
        }
    }
}
