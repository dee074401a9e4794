package org.metalr.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.metalr.api.Backend;
import org.metalr.api.OptimizerConfig;
import org.metalr.backends.Backends;
import org.metalr.runs.LrTrajectoryCsv;
import org.metalr.train.method.IterationResult;
import org.metalr.runs.RunReport;

/**
 * A run stopped after iteration k (at the iteration limit, or killed after a checkpoint) and resumed
 * ends exactly as the run that was never stopped: the same learning-rate and loss logs byte for byte,
 * the same parameters, buffers and optimizer state, the same selected model and test figures.
 */
class ResumeTest {

    @TempDir
    Path whole;
    @TempDir
    Path parts;

    private static final OptimizerConfig SGD = new OptimizerConfig.Sgd(0.9, 0, true, 1e-4);

    static Stream<Arguments> cases() {
        return Stream.of(
                // MetaLR stopped mid-epoch by the iteration limit (Adam moments, rates, meta-validation position)
                Arguments.of("javacpp", Fixtures.config("metalr").epochs(3).build(), 7L, false),
                // AutoLR stopped inside a redone pass (epoch-start weights, trial, targets)
                Arguments.of("javacpp", Fixtures.config("autolr:low-target=0.5:high-target=2.0:max-trials=3").epochs(2)
                        .build(), 9L, false),
                // a baseline with momentum, killed two iterations after a periodic checkpoint
                Arguments.of("javacpp", Fixtures.config("bidir:2-3").epochs(3).optimizer(SGD).checkpointEvery(4).build(),
                        10L, true),
                Arguments.of("djl", Fixtures.config("metalr").epochs(2).build(), 5L, false),
                // hypergradient steps on iterations 1, 4, 7, ...: stopped after 5, inside a phase of plain steps
                Arguments.of("javacpp", Fixtures.config("metalr:every=3").epochs(3).build(), 5L, false),
                // every option at once, killed after a periodic checkpoint inside a phase
                Arguments.of("djl", Fixtures.config("metalr:rule=multiplicative:lookahead=optimizer:normalize=cosine"
                        + ":update=log:floor=0.1x:ceiling=10x:every=2").epochs(3).optimizer(SGD).checkpointEvery(4)
                        .build(), 10L, true));
    }

    @ParameterizedTest(name = "{1} on {0}, interrupted after {2}")
    @MethodSource("cases")
    void aResumedRunEqualsAnUninterruptedOne(String backendName, TrainConfig config, long k, boolean kill) throws Exception {
        Backend backend = Backends.named(backendName);
        RunReport expected;
        try (TrainingData data = Fixtures.data(config, true)) {
            expected = new Trainer(config, backend, Fixtures.model(), data, whole).run();
        }
        assertThat(expected.status()).isEqualTo(RunReport.FINISHED);

        if (kill) {
            try (TrainingData data = Fixtures.data(config, true)) {
                Trainer killed = new Trainer(config, backend, Fixtures.model(), data, parts).listener(new TrainingListener() {
                    @Override
                    public void iteration(long iteration, int epoch, IterationResult result, double[] lrs) {
                        if (iteration == k) {
                            throw new IllegalStateException("killed");
                        }
                    }
                });
                assertThatThrownBy(killed::run).hasMessage("killed");
            }
            // rows after the last checkpoint are on disk and must be cut on resumption
            assertThat(LrTrajectoryCsv.read(parts.resolve(LrTrajectoryCsv.FILE_NAME)).rows()).hasSize((int) k + 1);
            assertThat(Checkpoints.latest(parts).orElseThrow().getFileName().toString()).isEqualTo("iter-000000000008");
        } else {
            TrainConfig limited = config.toBuilder().maxIters(k).build();
            try (TrainingData data = Fixtures.data(limited, true)) {
                RunReport stopped = new Trainer(limited, backend, Fixtures.model(), data, parts).run();
                assertThat(stopped.status()).isEqualTo(RunReport.STOPPED);
                assertThat(stopped.iterations()).isEqualTo(k);
            }
        }
        RunReport resumed;
        try (TrainingData data = Fixtures.data(config, true)) {
            resumed = new Trainer(config, backend, Fixtures.model(), data, parts).resume();
        }

        assertThat(Files.readString(parts.resolve(LrTrajectoryCsv.FILE_NAME)))
                .isEqualTo(Files.readString(whole.resolve(LrTrajectoryCsv.FILE_NAME)));
        assertThat(Files.readString(parts.resolve("losses.csv"))).isEqualTo(Files.readString(whole.resolve("losses.csv")));
        assertThat(Files.readString(parts.resolve("metrics.csv"))).isEqualTo(Files.readString(whole.resolve("metrics.csv")));
        Fixtures.assertSameTensors(parts, whole);
        assertThat(resumed.iterations()).isEqualTo(expected.iterations());
        assertThat(resumed.epochs()).isEqualTo(expected.epochs());
        assertThat(resumed.selectedEpoch()).isEqualTo(expected.selectedEpoch());
        assertThat(resumed.testSelected()).isEqualTo(expected.testSelected());
        assertThat(resumed.testLast()).isEqualTo(expected.testLast());
        assertThat(resumed.learningRates()).isEqualTo(expected.learningRates());
        assertThat(resumed.methodState()).isEqualTo(expected.methodState());
    }

}
