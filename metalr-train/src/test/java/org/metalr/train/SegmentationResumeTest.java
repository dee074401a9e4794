package org.metalr.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.api.HostTensor;
import org.metalr.data.volume.LitsSplits;
import org.metalr.runs.LrTrajectoryCsv;
import org.metalr.runs.RunReport;

/**
 * A segmentation run stopped mid-epoch and resumed ends exactly as the run never stopped: the same crops,
 * meta-validation crops, rates, losses, parameters, buffers, optimizer state, selected model and
 * whole-volume figures, bit for bit.
 */
class SegmentationResumeTest {

    @TempDir
    Path tmp;

    @Test
    void aResumedMetaLrRunOnLitsEqualsAnUninterruptedOne() throws Exception {
        LitsSplits splits = LitsFixtures.splits(tmp.resolve("lits"));
        Path whole = tmp.resolve("whole");
        Path parts = tmp.resolve("parts");
        TrainConfig config = LitsFixtures.config("metalr").build();
        RunReport expected;
        try (TrainingData data = LitsFixtures.data(splits, config)) {
            expected = new Trainer(config, Fixtures.JAVACPP, LitsFixtures.model(), data, whole).run();
        }
        TrainConfig limited = config.toBuilder().maxIters(4).build(); // one iteration into epoch 2
        try (TrainingData data = LitsFixtures.data(splits, limited)) {
            RunReport stopped = new Trainer(limited, Fixtures.JAVACPP, LitsFixtures.model(), data, parts).run();
            assertThat(stopped.status()).isEqualTo(RunReport.STOPPED);
            assertThat(stopped.epochs()).hasSize(1);
        }
        RunReport resumed;
        // a new loader pool with more threads: the batches must not depend on it
        try (TrainingData data = TrainingData.volumes(LitsFixtures.dataset(splits, LitsFixtures.options()), config,
                TrainingData.Options.defaults().withThreads(2))) {
            resumed = new Trainer(config, Fixtures.JAVACPP, LitsFixtures.model(), data, parts).resume();
        }

        assertThat(Files.readString(parts.resolve(LrTrajectoryCsv.FILE_NAME)))
                .isEqualTo(Files.readString(whole.resolve(LrTrajectoryCsv.FILE_NAME)));
        assertThat(Files.readString(parts.resolve("losses.csv"))).isEqualTo(Files.readString(whole.resolve("losses.csv")));
        assertSameTensors(Fixtures.lastModel(parts), Fixtures.lastModel(whole));
        assertSameTensors(Fixtures.read(Checkpoints.latest(parts).orElseThrow().resolve("method.safetensors")),
                Fixtures.read(Checkpoints.latest(whole).orElseThrow().resolve("method.safetensors")));
        assertSameTensors(Fixtures.read(parts.resolve("best.safetensors")), Fixtures.read(whole.resolve("best.safetensors")));
        assertThat(resumed.iterations()).isEqualTo(expected.iterations()).isEqualTo(6);
        assertThat(resumed.epochs()).isEqualTo(expected.epochs());
        assertThat(resumed.selectedEpoch()).isEqualTo(expected.selectedEpoch());
        assertThat(resumed.testSelected()).isEqualTo(expected.testSelected());
        assertThat(resumed.testLast()).isEqualTo(expected.testLast());
        assertThat(resumed.learningRates()).isEqualTo(expected.learningRates());
    }

    private static void assertSameTensors(Map<String, HostTensor> actual, Map<String, HostTensor> expected) {
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((name, t) -> {
            if (t.kind() == HostTensor.Kind.INT64) {
                assertThat(actual.get(name).toLongArray()).as(name).containsExactly(t.toLongArray());
            } else {
                assertThat(actual.get(name).toDoubleArray()).as(name).containsExactly(t.toDoubleArray());
            }
        });
    }
}
