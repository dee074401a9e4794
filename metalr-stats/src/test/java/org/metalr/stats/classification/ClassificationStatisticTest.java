package org.metalr.stats.classification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.metalr.stats.Fixtures.assertAllClose;
import static org.metalr.stats.Fixtures.assertClose;
import static org.metalr.stats.Fixtures.matrix;
import static org.metalr.stats.Fixtures.numbers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.metalr.stats.Bootstrap;
import org.metalr.stats.Fixtures;
import org.metalr.stats.Interval;

class ClassificationStatisticTest {

    /** Every figure of the predictions as observed against scikit-learn. */
    @Test
    void figuresMatchScikitLearn() {
        for (JsonNode c : Fixtures.load("classification.json").get("cases")) {
            ClassificationStatistic statistic = statistic(c.get("labels"), c.get("scores"), c.get("classes").asInt());
            double[] out = evaluateObserved(statistic);
            assertAllClose(out, numbers(c.get("figures")), 1e-12, 0, c.get("name").asText());
        }
    }

    /**
     * Stratified intervals: bootstrap.json draws the same resamples (within each class) in Python and
     * computes each resample's figures with scikit-learn and the interval with numpy.quantile.
     */
    @Test
    void stratifiedIntervalsMatchScikitLearnForTheSameResamples() {
        JsonNode fixture = Fixtures.load("bootstrap.json");
        double level = fixture.get("level").asDouble();
        for (JsonNode c : fixture.get("stratified")) {
            int k = c.get("classes").asInt();
            Bootstrap bootstrap = new Bootstrap(c.get("resamples").asInt(), level, c.get("seed").asLong());
            Map<String, Interval> intervals = ClassificationStatistic.intervals(Fixtures.longs(c.get("labels")),
                    matrix(c.get("scores")), names(k), bootstrap);
            List<String> order = new ArrayList<>(intervals.keySet());
            assertThat(order).hasSize(3 + 2 * k).startsWith("accuracy", "balancedAccuracy", "macroAuc")
                    .contains("sensitivity/c0", "specificity/c" + (k - 1));
            double[] estimates = numbers(c.get("estimates"));
            for (int f = 0; f < order.size(); f++) {
                Interval interval = intervals.get(order.get(f));
                String what = k + " classes, " + order.get(f);
                assertClose(interval.estimate(), estimates[f], 1e-12, 0, what + " estimate");
                assertClose(interval.lower(), Fixtures.number(c.get("intervals").get(f).get(0)), 1e-12, 0, what + " lower");
                assertClose(interval.upper(), Fixtures.number(c.get("intervals").get(f).get(1)), 1e-12, 0, what + " upper");
            }
        }
    }

    /** A weight counts a sample that many times: the same figures as the duplicated data. */
    @Test
    void weightsEqualDuplicatedSamples() {
        JsonNode c = Fixtures.load("classification.json").get("cases").get(2);
        long[] labels = Fixtures.longs(c.get("labels"));
        double[][] scores = matrix(c.get("scores"));
        int k = c.get("classes").asInt();
        int[] weights = IntStream.range(0, labels.length).map(i -> i % 4).toArray(); // 0, 1, 2, 3, 0, ...
        List<Long> duplicatedLabels = new ArrayList<>();
        List<double[]> duplicatedScores = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            for (int w = 0; w < weights[i]; w++) {
                duplicatedLabels.add(labels[i]);
                duplicatedScores.add(scores[i]);
            }
        }
        double[] weighted = new double[3 + 2 * k];
        new ClassificationStatistic(labels, scores, names(k)).evaluate(weights, weighted);
        double[] duplicated = evaluateObserved(new ClassificationStatistic(
                duplicatedLabels.stream().mapToLong(Long::longValue).toArray(),
                duplicatedScores.toArray(double[][]::new), names(k)));
        assertAllClose(weighted, duplicated, 1e-15, 0, "weighted against duplicated");
    }

    @Test
    void refusesMalformedPredictions() {
        List<String> two = List.of("a", "b");
        assertThatThrownBy(() -> new ClassificationStatistic(new long[] {0, 2}, new double[][] {{1, 0}, {0, 1}}, two))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label of sample 1 is 2");
        assertThatThrownBy(() -> new ClassificationStatistic(new long[] {0}, new double[][] {{Double.NaN, 0}}, two))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> new ClassificationStatistic(new long[0], new double[0][], two))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no samples");
        assertThatThrownBy(() -> new ClassificationStatistic(new long[] {0}, new double[][] {{1, 0, 0}}, two))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 values");
    }

    private static ClassificationStatistic statistic(JsonNode labels, JsonNode scores, int k) {
        return new ClassificationStatistic(Fixtures.longs(labels), matrix(scores), names(k));
    }

    private static double[] evaluateObserved(ClassificationStatistic statistic) {
        int[] ones = new int[statistic.samples()];
        Arrays.fill(ones, 1);
        double[] out = new double[statistic.names().size()];
        statistic.evaluate(ones, out);
        return out;
    }

    private static List<String> names(int k) {
        return IntStream.range(0, k).mapToObj(c -> "c" + c).toList();
    }
}
