package org.metalr.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.api.net.Network;
import org.metalr.data.DatasetSplits;
import org.metalr.data.ScanOptions;
import org.metalr.data.image.ImagePipeline;
import org.metalr.data.image.Normalize;
import org.metalr.data.image.SplitFolders;
import org.metalr.data.synthetic.SyntheticConfig;
import org.metalr.data.synthetic.SyntheticDomainShift;
import org.metalr.models.Initializers;
import org.metalr.models.ResNet18;
import org.metalr.runs.LrTrajectoryCsv;
import org.metalr.runs.RunFiles;
import org.metalr.runs.RunReport;

/**
 * End to end from image files: the built-in synthetic target domain at 16x16 read from its folders,
 * ResNet-18 of width 4 with MetaLR, the run folder's files as the command will show them.
 */
class SyntheticRunTest {

    @TempDir
    Path tmp;

    @Test
    void resnetOnSyntheticImageFolders() throws Exception {
        SyntheticDomainShift.Location where = SyntheticDomainShift.generate(tmp.resolve("data"),
                new SyntheticConfig(16, 0, 0, 4, 2, 2, 5), 1);
        DatasetSplits splits = SplitFolders.load(where.target(), 0.2, 5, ScanOptions.strict());
        ImagePipeline pipeline = ImagePipeline.builder(3, 16, 16).horizontalFlip(0.5)
                .normalize(Normalize.of(SyntheticDomainShift.NORMALIZE_MEAN, SyntheticDomainShift.NORMALIZE_STD)).build();
        TrainConfig config = TrainConfig.builder().method("metalr").epochs(2).batchSize(4).build();
        Network network = ResNet18.network(3, 3, 4);
        Path run = tmp.resolve("run");
        RunReport report;
        try (TrainingData data = TrainingData.images(splits, pipeline, config, TrainingData.Options.defaults().withThreads(1))) {
            report = new Trainer(config, Fixtures.JAVACPP, ModelSpec.of(network, Initializers.kaiming(network, 3)), data, run)
                    .context(java.util.Map.of("data", where.target().toString()))
                    .run();
        }
        assertThat(report.finished()).isTrue();
        assertThat(report.classes()).containsExactly("benign", "malignant", "normal");
        assertThat(report.iterations()).isEqualTo(6);
        assertThat(report.testSelected().classification().samples()).isEqualTo(6);
        assertThat(report.epochs()).hasSize(2).allSatisfy(e -> assertThat(e.validation().classification().samples()).isEqualTo(6));
        assertThat(LrTrajectoryCsv.read(run.resolve(LrTrajectoryCsv.FILE_NAME)).groups()).isEqualTo(ResNet18.GROUPS);
        JsonNode written = RunFiles.readTree(run.resolve("config.json"));
        assertThat(written.get("train").get("method").asText()).isEqualTo("metalr");
        assertThat(written.get("backend").asText()).isEqualTo("javacpp");
        assertThat(written.get("data").get("classes")).hasSize(3);
        assertThat(written.get("run").get("data").asText()).isEqualTo(where.target().toString());
        assertThat(Files.exists(run.resolve("best.safetensors"))).isTrue();
        assertThat(RunFiles.read(run.resolve("metrics.json"), RunReport.class).testLast()).isEqualTo(report.testLast());
    }
}
