package org.metalr.train.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.metalr.data.volume.Volume;
import org.metalr.runs.metrics.ClassificationMetrics;
import org.metalr.runs.metrics.SegmentationMetrics;
import org.metalr.runs.metrics.Overlap;

/**
 * Metrics against scikit-learn (classification) and the textbook formulas in numpy (segmentation),
 * on the fixtures {@code src/test/python/make_metric_fixtures.py} writes.
 */
class MetricFixturesTest {

    private static final double TOLERANCE = 1e-12;

    private static JsonNode load(String name) throws IOException {
        try (InputStream in = MetricFixturesTest.class.getResourceAsStream("/metrics/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }

    static Stream<Arguments> classificationCases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        load("classification.json").get("cases").forEach(c -> out.add(Arguments.of(c.get("name").asText(), c)));
        return out.stream();
    }

    static Stream<Arguments> segmentationCases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        load("segmentation.json").get("cases").forEach(c -> out.add(Arguments.of(c.get("name").asText(), c)));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("classificationCases")
    void classificationMatchesScikitLearn(String name, JsonNode c) {
        int classes = c.get("classes").asInt();
        long[] labels = longs(c.get("labels"));
        ClassificationMetrics m = c.has("logits")
                ? ClassificationMetrics.of(labels, matrix(c.get("logits")), classes)
                : ClassificationMetrics.ofProbabilities(labels, matrix(c.get("probabilities")), classes);
        JsonNode e = c.get("expected");

        long[][] confusion = new long[classes][];
        for (int i = 0; i < classes; i++) {
            confusion[i] = longs(e.get("confusion").get(i));
        }
        assertThat(m.confusion()).isEqualTo(confusion);
        assertThat(m.accuracy()).isCloseTo(e.get("accuracy").asDouble(), within(TOLERANCE));
        assertClose(m.sensitivity(), e.get("sensitivity"), "sensitivity");
        assertClose(m.precision(), e.get("precision"), "precision");
        assertClose(m.f1(), e.get("f1"), "f1");
        assertClose(new double[] {m.macroF1()}, array(e.get("macroF1")), "macroF1");
        assertClose(m.auc(), e.get("auc"), "auc");
        assertClose(new double[] {m.macroAuc()}, array(e.get("macroAuc")), "macroAuc");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("segmentationCases")
    void segmentationMatchesTheFormulas(String name, JsonNode c) {
        SegmentationAccumulator acc = new SegmentationAccumulator(c.get("threshold").asDouble(),
                SegmentationAccumulator.DEFAULT_TOLERANCE_MM);
        for (JsonNode v : c.get("volumes")) {
            acc.addVolume(v.get("id").asText(), floats(v.get("probabilities")), line(floats(v.get("mask"))));
        }
        SegmentationMetrics m = acc.result();
        JsonNode e = c.get("expected");

        int i = 0;
        for (Map.Entry<String, Overlap> volume : m.volumes().entrySet()) {
            assertOverlap(volume.getValue(), e.get("perVolume").get(i++), volume.getKey());
        }
        assertThat(i).isEqualTo(e.get("perVolume").size());
        assertOverlap(m.global(), e.get("global"), "global");
        assertThat(m.meanDice()).isCloseTo(e.get("meanDice").asDouble(), within(TOLERANCE));
        assertThat(m.meanPpv()).isCloseTo(e.get("meanPpv").asDouble(), within(TOLERANCE));
        assertThat(m.meanSensitivity()).isCloseTo(e.get("meanSensitivity").asDouble(), within(TOLERANCE));
    }

    private static void assertOverlap(Overlap actual, JsonNode expected, String what) {
        assertThat(actual.voxels()).as(what).isEqualTo(expected.get("voxels").asLong());
        assertThat(actual.truePositives()).as(what).isEqualTo(expected.get("truePositives").asLong());
        assertThat(actual.falsePositives()).as(what).isEqualTo(expected.get("falsePositives").asLong());
        assertThat(actual.falseNegatives()).as(what).isEqualTo(expected.get("falseNegatives").asLong());
        assertThat(actual.dice()).as(what + " dice").isCloseTo(expected.get("dice").asDouble(), within(TOLERANCE));
        assertThat(actual.ppv()).as(what + " ppv").isCloseTo(expected.get("ppv").asDouble(), within(TOLERANCE));
        assertThat(actual.sensitivity()).as(what + " sensitivity")
                .isCloseTo(expected.get("sensitivity").asDouble(), within(TOLERANCE));
    }

    /** Compares element-wise; JSON null stands for NaN. */
    private static void assertClose(double[] actual, JsonNode expected, String what) {
        assertThat(actual).as(what).hasSize(expected.size());
        for (int i = 0; i < actual.length; i++) {
            JsonNode x = expected.get(i);
            if (x.isNull()) {
                assertThat(actual[i]).as(what + "[" + i + "]").isNaN();
            } else {
                assertThat(actual[i]).as(what + "[" + i + "]").isCloseTo(x.asDouble(), within(TOLERANCE));
            }
        }
    }

    private static JsonNode array(JsonNode single) {
        return new ObjectMapper().createArrayNode().add(single);
    }

    private static long[] longs(JsonNode node) {
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = node.get(i).asLong();
        }
        return out;
    }

    private static float[] floats(JsonNode node) {
        float[] out = new float[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) node.get(i).asDouble();
        }
        return out;
    }

    private static double[][] matrix(JsonNode node) {
        double[][] out = new double[node.size()][];
        for (int i = 0; i < out.length; i++) {
            JsonNode row = node.get(i);
            out[i] = new double[row.size()];
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = row.get(j).asDouble();
            }
        }
        return out;
    }

    /** A mask of {@code values.length} voxels in a row, unit spacing. */
    private static Volume line(float[] values) {
        return new Volume(values.length, 1, 1, values);
    }
}
