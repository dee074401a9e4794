package org.metalr.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.api.Backend;
import org.metalr.backends.Backends;
import org.metalr.runs.LossesCsv;
import org.metalr.runs.LrTrajectoryCsv;
import org.metalr.runs.MetricsCsv;
import org.metalr.runs.RunReport;

/**
 * The TensorBoard scalars of a run, decoded by an independent reader (metalr-stats' Python decoder of
 * the record framing, its CRCs and the Event protocol buffer, with Debian's python3-protobuf): the
 * tags, steps and values the run's CSV logs hold; and after a stop and a resumption exactly the
 * scalars of the run that was never stopped, none lost, none twice. Skips where Python or its
 * protobuf module is missing.
 */
class TensorBoardRunTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path READER = Path.of("../metalr-stats/src/test/python/read_tfevents.py");

    @TempDir
    Path whole;
    @TempDir
    Path parts;

    /** One scalar: its step, tag and float32 value. */
    record Scalar(long step, String tag, float value) {
    }

    @Test
    void scalarsAreTheLogsAndSurviveAResumptionExactly() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "no /usr/bin/python3: the TensorBoard decoding check is skipped");
        assumeTrue(python("-c", "import google.protobuf").exitCode == 0,
                "python3-protobuf is not installed: the TensorBoard decoding check is skipped");
        Backend backend = Backends.named("javacpp");
        TrainConfig config = Fixtures.config("metalr").epochs(2).build();
        try (TrainingData data = Fixtures.data(config, true)) {
            assertThat(new Trainer(config, backend, Fixtures.model(), data, whole).run().finished()).isTrue();
        }
        TrainConfig limited = config.toBuilder().maxIters(5).build();
        try (TrainingData data = Fixtures.data(limited, true)) {
            assertThat(new Trainer(limited, backend, Fixtures.model(), data, parts).run().status())
                    .isEqualTo(RunReport.STOPPED);
        }
        try (TrainingData data = Fixtures.data(config, true)) {
            new Trainer(config, backend, Fixtures.model(), data, parts).resume();
        }

        List<Scalar> expected = scalars(whole);
        // every iteration's loss and learning rates, as the CSV logs hold them (float32)
        LossesCsv.History losses = LossesCsv.read(whole.resolve(LossesCsv.FILE_NAME));
        LrTrajectoryCsv.Trajectory rates = LrTrajectoryCsv.read(whole.resolve(LrTrajectoryCsv.FILE_NAME));
        for (int i = 0; i < losses.size(); i++) {
            long t = losses.iterations()[i];
            assertThat(expected).contains(new Scalar(t, "train/loss", (float) losses.trainLoss()[i]),
                    new Scalar(t, "train/look_ahead_validation_loss", (float) losses.validationLoss()[i]));
            for (int g = 0; g < rates.groups().size(); g++) {
                assertThat(expected).contains(new Scalar(t, "lr/" + rates.groups().get(g),
                        (float) rates.rows().get((int) t).rates()[g]));
            }
        }
        // every epoch's validation figures at its last iteration, as metrics.csv holds them
        MetricsCsv.Table epochs = MetricsCsv.read(whole.resolve(MetricsCsv.FILE_NAME));
        assertThat(epochs.rows()).hasSize(2);
        for (int e = 0; e < 2; e++) {
            long t = (long) epochs.column("iteration")[e];
            assertThat(expected).contains(new Scalar(t, "validation/accuracy", (float) epochs.column("accuracy")[e]),
                    new Scalar(t, "epoch/validation_loss", (float) epochs.column("validation_loss")[e]));
        }
        // nothing else: per epoch its two losses and its defined figures (an undefined one is left out)
        long definedFigures = epochs.figures().stream().filter(f -> !Double.isNaN(epochs.column(f)[0])).count();
        assertThat(expected).hasSize((int) (losses.size() * (2 + rates.groups().size()) + 2 * (2 + definedFigures)));

        assertThat(scalars(parts)).isEqualTo(expected);
        assertThat(Files.readString(parts.resolve(MetricsCsv.FILE_NAME)))
                .isEqualTo(Files.readString(whole.resolve(MetricsCsv.FILE_NAME)));
    }

    /** Every scalar of the folder's event files, sorted by step and tag. */
    private static List<Scalar> scalars(Path runDir) throws IOException, InterruptedException {
        List<Scalar> out = new ArrayList<>();
        int files = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(runDir.resolve("tensorboard"), "events.out.tfevents.*")) {
            for (Path f : s) {
                files++;
                Result r = python(READER.toString(), f.toString());
                assertThat(r.exitCode).as(r.output).isZero();
                for (JsonNode event : new ObjectMapper().readTree(r.output)) {
                    for (JsonNode v : event.path("values")) {
                        out.add(new Scalar(event.get("step").asLong(), v.get(0).asText(), (float) v.get(1).asDouble()));
                    }
                }
            }
        }
        assertThat(files).as("event files in " + runDir).isEqualTo(1);
        out.sort(Comparator.comparingLong(Scalar::step).thenComparing(Scalar::tag));
        return out;
    }

    private record Result(int exitCode, String output) {
    }

    private static Result python(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("python did not finish: " + command);
        }
        return new Result(process.exitValue(), output);
    }
}
