package org.metalr.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.runs.metrics.ClassificationMetrics;
import org.metalr.runs.metrics.Overlap;
import org.metalr.runs.metrics.SegmentationMetrics;
import org.metalr.runs.metrics.Surface;
import org.metalr.stats.Bootstrap;

class RunFilesTest {

    record Epoch(int epoch, double loss, double[] lrs, Double best) {
    }

    @TempDir
    Path dir;

    @Test
    void writesPrettyJsonWithNaNAsNullAndInfinitiesAsStrings() throws IOException {
        Path file = dir.resolve(RunFiles.METRICS);
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("name", "run");
        value.put("loss", Double.NaN);
        value.put("ratio", Double.POSITIVE_INFINITY);
        value.put("single", 0.1f);
        value.put("rates", new double[] {0.1, Double.NEGATIVE_INFINITY});
        value.put("epochs", List.of(new Epoch(1, Double.NaN, new double[] {Double.NaN}, null)));
        RunFiles.write(file, value);
        assertThat(Files.readString(file)).isEqualTo("""
                {
                  "name" : "run",
                  "loss" : null,
                  "ratio" : "Infinity",
                  "single" : 0.1,
                  "rates" : [ 0.1, "-Infinity" ],
                  "epochs" : [ {
                    "epoch" : 1,
                    "loss" : null,
                    "lrs" : [ null ],
                    "best" : null
                  } ]
                }
                """);
    }

    @Test
    void recordsRoundTripWithNullReadAsNaN() throws IOException {
        Path file = dir.resolve("epoch.json");
        Epoch e = new Epoch(3, Double.NaN, new double[] {1e-4 / 3, Double.NaN, 0.1 + 0.2}, null);
        RunFiles.write(file, e);
        Epoch back = RunFiles.read(file, Epoch.class);
        assertThat(back.epoch()).isEqualTo(3);
        assertThat(back.loss()).isNaN();
        assertThat(back.lrs()).containsExactly(1e-4 / 3, Double.NaN, 0.1 + 0.2);
        assertThat(back.best()).isNull();
        // untyped, the null stays null
        Map<String, Object> map = RunFiles.read(file, new TypeReference<Map<String, Object>>() { });
        assertThat(map).containsEntry("loss", null).containsEntry("epoch", 3);
    }

    @Test
    void metricsRoundTrip() throws IOException {
        ClassificationMetrics c = ClassificationMetrics.ofProbabilities(new long[] {0, 0, 1},
                new double[][] {{0.9, 0.1, 0}, {0.4, 0.6, 0}, {0.3, 0.7, 0}}, 3);
        // one predicted voxel of two true ones; the second case missed entirely (HD95 +inf, surface Dice 0)
        SegmentationMetrics s = new SegmentationMetrics(0.5,
                Map.of("case-1", new Overlap(2, 1, 0, 1), "case-2", new Overlap(2, 0, 0, 2)), 1.0,
                Map.of("case-1", new Surface(1.0, 0.5), "case-2", new Surface(Double.POSITIVE_INFINITY, 0)), null)
                .withIntervals(Bootstrap.seeded(7));

        RunFiles.write(dir.resolve("c.json"), c);
        RunFiles.write(dir.resolve("s.json"), s);
        assertThat(RunFiles.read(dir.resolve("c.json"), ClassificationMetrics.class)).isEqualTo(c);
        assertThat(RunFiles.read(dir.resolve("s.json"), SegmentationMetrics.class)).isEqualTo(s);

        JsonNode tree = RunFiles.readTree(dir.resolve("c.json"));
        assertThat(tree.get("accuracy").asDouble()).isEqualTo(2.0 / 3);
        assertThat(tree.get("precision").get(2).isNull()).isTrue();
        assertThat(tree.get("auc").get(2).isNull()).isTrue();
        assertThat(tree.get("confusion").get(0).get(1).asLong()).isEqualTo(1);
        JsonNode seg = RunFiles.readTree(dir.resolve("s.json"));
        assertThat(seg.get("volumes").get("case-1").get("dice").asDouble()).isEqualTo(2.0 / 3);
        assertThat(seg.get("global").get("sensitivity").asDouble()).isEqualTo(0.25);
        assertThat(seg.get("surfaces").get("case-2").get("hd95").asText()).isEqualTo("Infinity");
    }

    @Test
    void unreadableFilesAreReportedWithNameAndPlace() throws IOException {
        Path file = dir.resolve(RunFiles.CONFIG);
        assertThatThrownBy(() -> RunFiles.readTree(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("config.json: no such file");
        Files.writeString(file, "{\n  \"epoch\": 1,\n  \"loss\": ,\n}");
        assertThatThrownBy(() -> RunFiles.read(file, Epoch.class)).isInstanceOf(RunFileException.class)
                .hasMessageContaining("config.json: not valid JSON").hasMessageContaining("line 3");
        Files.writeString(file, "{\"epoch\": 1, \"los\": 0.5}");
        assertThatThrownBy(() -> RunFiles.read(file, Epoch.class)).hasMessageContaining("config.json")
                .hasMessageContaining("\"los\"");
        Files.writeString(file, "{\"epoch\": 1} {}");
        assertThatThrownBy(() -> RunFiles.readTree(file)).hasMessageContaining("unexpected content after the JSON value");
        Files.writeString(file, "");
        assertThatThrownBy(() -> RunFiles.readTree(file)).hasMessageContaining("config.json");
    }

    @Test
    void writingLeavesNoTemporaryFiles() throws IOException {
        RunFiles.write(dir.resolve(RunFiles.METRICS), Map.of("a", 1));
        RunFiles.write(dir.resolve(RunFiles.METRICS), Map.of("a", 2));
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.toList()).containsExactly(dir.resolve(RunFiles.METRICS));
        }
        assertThat(RunFiles.readTree(dir.resolve(RunFiles.METRICS)).get("a").asInt()).isEqualTo(2);
    }
}
