package org.metalr.stats.tensorboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second, independent reader: {@code src/test/python/read_tfevents.py} parses the framing by hand
 * and each record with the protobuf library, and insists that protobuf re-serialises each record to the
 * same bytes. Skips where Debian's Python or its protobuf module is missing.
 */
class EventFilePythonReaderTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path SCRIPT = Path.of("src/test/python/read_tfevents.py");

    @TempDir
    Path dir;

    @Test
    void pythonReadsWhatTheWriterWrote() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "no /usr/bin/python3: the Python reader check is skipped");
        assumeTrue(run("-c", "import google.protobuf").exitCode == 0,
                "python3-protobuf is not installed: the Python reader check is skipped");

        Path file;
        try (EventFileWriter writer = EventFileWriter.create(dir, EventFileWriterTest.CLOCK, "h", 7)) {
            file = writer.file();
            writer.scalar("train/loss", 1, 1.25);
            Map<String, Double> rates = new LinkedHashMap<>();
            rates.put("lr/conv1", 3e-4);
            rates.put("lr/fc", 0.0);
            writer.scalars(2, rates);
            writer.scalar("val/hd95", -3, Double.POSITIVE_INFINITY);
        }
        Result result = run(SCRIPT.toString(), file.toString());
        assertThat(result.exitCode).as(result.output).isZero();
        JsonNode events = new ObjectMapper().readTree(result.output);

        assertThat(events).hasSize(4);
        assertThat(events.get(0).get("file_version").asText()).isEqualTo("brain.Event:2");
        assertThat(events.get(0).get("step").asLong()).isZero();
        for (JsonNode e : events) {
            assertThat(e.get("wall_time").asDouble()).isEqualTo(1_700_000_000.25);
        }
        assertThat(events.get(1).get("step").asLong()).isEqualTo(1);
        assertThat(events.get(1).get("values").toString()).isEqualTo("[[\"train/loss\",1.25]]");
        assertThat(events.get(2).get("values").get(0).get(0).asText()).isEqualTo("lr/conv1");
        assertThat((float) events.get(2).get("values").get(0).get(1).asDouble()).isEqualTo(3e-4f);
        assertThat(events.get(2).get("values").get(1).toString()).isEqualTo("[\"lr/fc\",0.0]");
        assertThat(events.get(3).get("step").asLong()).isEqualTo(-3);
        assertThat(events.get(3).get("values").toString()).isEqualTo("[[\"val/hd95\",\"Infinity\"]]");
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = PYTHON.toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("python did not finish: " + String.join(" ", command));
        }
        return new Result(process.exitValue(), output);
    }
}
