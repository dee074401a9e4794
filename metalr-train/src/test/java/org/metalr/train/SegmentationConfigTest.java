package org.metalr.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.api.net.Network;
import org.metalr.data.volume.LitsSplits;
import org.metalr.models.Initializers;
import org.metalr.models.UNet3D;
import org.metalr.train.method.InvalidConfigException;

/** Segmentation settings that cannot work fail before any work, naming the setting; nothing is written. */
class SegmentationConfigTest {

    @TempDir
    static Path lits;
    @TempDir
    Path tmp;

    static LitsSplits splits;

    @BeforeAll
    static void writeCases() throws IOException {
        splits = LitsFixtures.splits(lits);
    }

    private void assertRejected(TrainConfig config, ModelSpec model, TrainingData data, String setting, String message) {
        Path run = tmp.resolve("run");
        try (data) {
            assertThatThrownBy(() -> new Trainer(config, Fixtures.JAVACPP, model, data, run).run())
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("'" + setting + "'")
                    .hasMessageContaining(message);
        }
        assertThat(Files.exists(run)).as("nothing written").isFalse();
    }

    @Test
    void modelsAndDataMustAgreeOnTheTask() {
        TrainConfig config = LitsFixtures.config("all").build();
        assertRejected(config, LitsFixtures.model(), Fixtures.data(Fixtures.config("all").build(), true), "model",
                "'unet3d' trains with DICE on segmentation masks, but the data are class-labelled samples");
        Network cnn = Fixtures.network();
        assertRejected(config, ModelSpec.of(cnn, Initializers.kaiming(cnn, 1)), LitsFixtures.data(splits, config),
                "model", "on class labels, but the data are segmentation crops with masks");
        Network twoClasses = UNet3D.network(2, 2);
        assertRejected(config, ModelSpec.of(twoClasses, Initializers.kaiming(twoClasses, 1)),
                LitsFixtures.data(splits, config), "num-classes", "has 2 outputs but the data has 1 classes [liver]");
    }

    @Test
    void cropsTheNetworkCannotTakeAndOtherMisfits() {
        TrainConfig config = LitsFixtures.config("all").build();
        TrainingData odd = TrainingData.volumes(LitsFixtures.dataset(splits, LitsFixtures.options().withCrop(12, 16, 8)),
                config, TrainingData.Options.defaults().withThreads(0));
        assertRejected(config, LitsFixtures.model(), odd, "crop", "'unet3d' cannot take crops of shape [1, 12, 16, 8]");
        assertRejected(LitsFixtures.config("mina:I2:5").build(), LitsFixtures.model(), LitsFixtures.data(splits, config),
                "method", "reading 'I2' has 4, so K must lie in 1..4 or -4..-1");
        TrainConfig big = LitsFixtures.config("all").batchSize(8).build();
        assertRejected(big, LitsFixtures.model(), LitsFixtures.data(splits, big), "batch-size",
                "8 is larger than the training set (6 samples)");
    }

    @Test
    void theUNetCarriesBothReadingsOfDepth() {
        assertThat(LitsFixtures.model().depthReadings()).containsExactly(UNet3D.I1, UNet3D.I2);
        assertThat(Fixtures.model().depthReadings()).extracting(r -> r.name()).containsExactly("I1");
    }
}
