package org.metalr.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.data.volume.LitsCase;
import org.metalr.data.volume.LitsSplits;
import org.metalr.models.UNet3D;
import org.metalr.runs.LrTrajectoryCsv;
import org.metalr.runs.RunFiles;
import org.metalr.runs.metrics.Overlap;
import org.metalr.runs.metrics.SegmentationMetrics;
import org.metalr.runs.RunReport;
import org.metalr.runs.EpochRecord;

/**
 * End to end from LiTS files: MetaLR fine-tunes a 3D U-Net on crops with the Dice loss, selects the model
 * on the validation volumes' mean Dice, and reports Dice, PPV and sensitivity of the test volumes per volume
 * and over all voxels, in the layout the report module reads.
 */
class SegmentationRunTest {

    @TempDir
    Path tmp;

    @Test
    void unetOnLitsFilesWithMetaLr() throws Exception {
        LitsSplits splits = LitsFixtures.splits(tmp.resolve("lits"));
        TrainConfig config = LitsFixtures.config("metalr").build();
        Path run = tmp.resolve("run");
        RunReport report;
        try (TrainingData data = LitsFixtures.data(splits, config)) {
            assertThat(data.segmentation()).isTrue();
            report = new Trainer(config, Fixtures.JAVACPP, LitsFixtures.model(), data, run).run();
        }
        assertThat(report.finished()).isTrue();
        // 3 training cases x 2 crops in batches of 2: 3 iterations per epoch
        assertThat(report.iterations()).isEqualTo(6);
        assertThat(report.classes()).containsExactly("liver");
        assertThat(report.groups()).isEqualTo(UNet3D.GROUPS);

        int voxels = LitsFixtures.NX * LitsFixtures.NY * LitsFixtures.NZ;
        String testVolume = "volume-" + splits.test().get(0).id();
        for (SegmentationMetrics test : new SegmentationMetrics[] {report.testSelected().segmentation(),
                report.testLast().segmentation()}) {
            assertThat(test.volumes()).containsOnlyKeys(testVolume);
            Overlap o = test.volumes().get(testVolume);
            assertThat(o.voxels()).isEqualTo(voxels);
            assertThat(o.truePositives() + o.falseNegatives()).as("liver voxels of the test case").isPositive();
            assertThat(test.global()).isEqualTo(o);
            assertThat(test.meanDice()).isEqualTo(o.dice()).isBetween(0.0, 1.0);
        }
        String validationVolume = "volume-" + splits.metaValidation().get(0).id();
        EpochRecord best = report.epochs().get(0);
        for (EpochRecord e : report.epochs()) {
            assertThat(e.validation().segmentation().volumes()).containsOnlyKeys(validationVolume);
            assertThat(e.validation().segmentation().global().voxels()).isEqualTo(voxels);
            if (e.validation().headline() > best.validation().headline()
                    || (e.validation().headline() == best.validation().headline() && e.validationLoss() < best.validationLoss())) {
                best = e;
            }
        }
        assertThat(report.selectedEpoch()).as("selected on validation mean Dice").isEqualTo(best.epoch());
        if (report.selectedEpoch() == 2) {
            assertThat(report.testSelected()).isEqualTo(report.testLast());
        }

        JsonNode metrics = RunFiles.readTree(run.resolve("metrics.json"));
        for (String which : new String[] {"testSelected", "testLast"}) {
            JsonNode t = metrics.get(which);
            assertThat(t.get("meanDice").isNumber()).isTrue();
            assertThat(t.get("meanPpv").isNumber()).isTrue();
            assertThat(t.get("meanSensitivity").isNumber()).isTrue();
            assertThat(t.get("global").get("dice").isNumber()).isTrue();
            assertThat(t.get("volumes").get(testVolume).get("sensitivity").isNumber()).isTrue();
        }
        assertThat(metrics.get("epochs").get(0).get("validation").get("volumes").has(validationVolume)).isTrue();
        RunReport back = RunFiles.read(run.resolve("metrics.json"), RunReport.class);
        assertThat(back.testSelected()).isEqualTo(report.testSelected());
        assertThat(back.epochs()).isEqualTo(report.epochs());

        JsonNode written = RunFiles.readTree(run.resolve("config.json"));
        JsonNode d = written.get("data");
        assertThat(d.get("evaluatedOn").asText()).isEqualTo("volumes");
        assertThat(d.get("testCases").get(0).asInt()).isEqualTo(splits.test().get(0).id());
        assertThat(d.get("trainCases")).hasSize(3);
        assertThat(written.get("model").get("depthReadings").toString()).isEqualTo("[\"I1\",\"I2\"]");
        assertThat(LrTrajectoryCsv.read(run.resolve(LrTrajectoryCsv.FILE_NAME)).groups()).isEqualTo(UNet3D.GROUPS);
        assertThat(Files.exists(run.resolve("best.safetensors"))).isTrue();
        for (LitsCase c : splits.train()) {
            assertThat(c.id()).isNotIn(splits.test().get(0).id(), splits.metaValidation().get(0).id());
        }
    }
}
