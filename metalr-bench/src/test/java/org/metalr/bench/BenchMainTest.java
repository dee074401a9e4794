package org.metalr.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole runner: child JVMs per configuration, the table, and the JSON file. */
class BenchMainTest {

    @TempDir
    Path dir;

    @Test
    void runsEachConfigurationInItsOwnProcessAndReportsThemAll() throws Exception {
        Path out = dir.resolve("sub").resolve("results.json");
        BenchOptions o = BenchOptions.parse(new String[] {"--workloads", "smallcnn", "--backends", "javacpp",
            "--steps", "plain-adam,metalr-official", "--threads", "1", "--warmup", "1", "--iterations", "2",
            "--soak", "3", "--no-python", "--jvm-opts", "-Xmx256m", "--out", out.toString()});
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        BenchMain.run(o, new PrintStream(table, true, StandardCharsets.UTF_8),
                new PrintStream(log, true, StandardCharsets.UTF_8));

        String md = table.toString(StandardCharsets.UTF_8);
        assertThat(md).contains("Machine: ", "Threads: 1 intra-op; OMP_WAIT_POLICY PASSIVE",
                "| smallcnn | javacpp | plain-adam |",
                "| smallcnn | javacpp | metalr-official |",
                "PyTorch rows skipped: --no-python");
        assertThat(md).doesNotContain("failed");

        JsonNode json = new ObjectMapper().readTree(Files.readString(out));
        assertThat(json.get("results")).hasSize(2);
        for (JsonNode r : json.get("results")) {
            assertThat(r.get("error").isNull()).as(r.toString()).isTrue();
            assertThat(r.get("threads").asInt()).isEqualTo(1);
            assertThat(r.get("soakIterations").asInt()).isEqualTo(r.get("step").asText().equals("metalr-official") ? 3 : 0);
        }
        assertThat(json.get("machine").get("cpuModel").asText()).isNotBlank();
        assertThat(json.get("targets")).hasSize(6);
        assertThat(json.get("markdown").asText()).isEqualTo(md);
        try (var files = Files.list(out.getParent())) {
            assertThat(files).containsExactly(out);
        }
    }
}
