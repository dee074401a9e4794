package org.metalr.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.metalr.stats.Fixtures.assertClose;
import static org.metalr.stats.Fixtures.numbers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BootstrapTest {

    /**
     * bootstrap.json recomputes the resamples from the documented random numbers in Python and takes
     * the means with numpy and the interval with numpy.quantile: the same replicates and interval up to
     * summation order (1e-12 of the data's scale).
     */
    @Test
    void pairedMeanDifferenceMatchesNumpyForTheSameResamples() {
        JsonNode fixture = Fixtures.load("bootstrap.json");
        double level = fixture.get("level").asDouble();
        for (JsonNode c : fixture.get("means")) {
            double[] x = numbers(c.get("x"));
            double[] y = numbers(c.get("y"));
            Bootstrap bootstrap = new Bootstrap(c.get("resamples").asInt(), level, c.get("seed").asLong());
            double scale = Arrays.stream(Differences.of(x, y)).map(Math::abs).max().orElseThrow();
            String what = "n=" + x.length + " seed " + bootstrap.seed();

            double[] replicates = bootstrap.replicates(new int[x.length], meanOf(Differences.of(x, y)))[0];
            double[] expected = numbers(c.get("first_replicates"));
            for (int b = 0; b < expected.length; b++) {
                assertClose(replicates[b], expected[b], 1e-12, scale, what + " replicate " + b);
            }
            Interval interval = bootstrap.pairedMeanDifference(x, y);
            assertClose(interval.estimate(), c.get("estimate").asDouble(), 1e-12, scale, what + " estimate");
            assertClose(interval.lower(), c.get("interval").get(0).asDouble(), 1e-12, scale, what + " lower");
            assertClose(interval.upper(), c.get("interval").get(1).asDouble(), 1e-12, scale, what + " upper");
            assertThat(interval.level()).isEqualTo(level);
        }
    }

    /**
     * SciPy's own percentile bootstrap draws other random numbers, so with 10,000 resamples each bound
     * agrees only within Monte Carlo error: here within 10% of the interval's width.
     */
    @Test
    void agreesWithScipyBootstrapWithinMonteCarloError() {
        for (JsonNode c : Fixtures.load("bootstrap.json").get("means")) {
            if (!c.has("scipy_interval_10000")) {
                continue;
            }
            double[] x = numbers(c.get("x"));
            double[] y = numbers(c.get("y"));
            Interval ours = Bootstrap.seeded(c.get("seed").asLong()).pairedMeanDifference(x, y);
            double lower = c.get("scipy_interval_10000").get(0).asDouble();
            double upper = c.get("scipy_interval_10000").get(1).asDouble();
            double slack = 0.1 * (upper - lower);
            assertThat(ours.lower()).as("lower, n=%d", x.length).isCloseTo(lower, offset(slack));
            assertThat(ours.upper()).as("upper, n=%d", x.length).isCloseTo(upper, offset(slack));
        }
    }

    /** Nominal 95% intervals of a normal mean (n = 40) cover the true mean in 91-98% of 400 seeded data sets. */
    @Test
    void coversTheTrueMeanAtAboutTheNominalRate() {
        SplittableRandom data = new SplittableRandom(2024);
        int covered = 0;
        int trials = 400;
        for (int t = 0; t < trials; t++) {
            double[] values = new double[40];
            for (int i = 0; i < values.length; i++) {
                values[i] = 3 + gaussian(data);
            }
            if (new Bootstrap(2000, 0.95, t).mean(values).contains(3)) {
                covered++;
            }
        }
        assertThat(covered / (double) trials).isBetween(0.91, 0.98);
    }

    @Test
    void stratifiedResamplesKeepEveryStratumsSize() {
        int[] strata = {2, 0, 0, 1, 2, 2, 0, 2, 1, 2};
        WeightedStatistic perStratum = new WeightedStatistic() {
            @Override
            public int samples() {
                return strata.length;
            }

            @Override
            public List<String> names() {
                return List.of("s0", "s1", "s2");
            }

            @Override
            public void evaluate(int[] weights, double[] out) {
                Arrays.fill(out, 0);
                for (int i = 0; i < weights.length; i++) {
                    out[strata[i]] += weights[i];
                }
            }
        };
        double[][] replicates = new Bootstrap(500, 0.9, 5).replicates(strata, perStratum);
        for (int b = 0; b < 500; b++) {
            assertThat(new double[] {replicates[0][b], replicates[1][b], replicates[2][b]}).containsExactly(3, 2, 5);
        }
        Map<String, Interval> intervals = new Bootstrap(500, 0.9, 5).stratified(strata, perStratum);
        assertThat(intervals.keySet()).containsExactly("s0", "s1", "s2");
        assertThat(intervals.get("s2")).isEqualTo(new Interval(5, 5, 5, 0.9));
    }

    @Test
    void theSeedFixesTheInterval() {
        double[] values = {0.2, 0.5, 0.1, 0.9, 0.4, 0.3, 0.8};
        assertThat(new Bootstrap(3000, 0.95, 1).mean(values)).isEqualTo(new Bootstrap(3000, 0.95, 1).mean(values));
        assertThat(new Bootstrap(3000, 0.95, 1).mean(values)).isNotEqualTo(new Bootstrap(3000, 0.95, 2).mean(values));
        assertThat(Bootstrap.seeded(7).resamples()).isEqualTo(10_000);
        assertThat(Bootstrap.seeded(7).level()).isEqualTo(0.95);
    }

    @Test
    void undefinedFiguresGiveNaNIntervals() {
        WeightedStatistic undefined = new WeightedStatistic() {
            @Override
            public int samples() {
                return 3;
            }

            @Override
            public List<String> names() {
                return List.of("nan");
            }

            @Override
            public void evaluate(int[] weights, double[] out) {
                out[0] = weights[0] == 0 ? Double.NaN : 1;
            }
        };
        Interval i = new Bootstrap(200, 0.95, 3).stratified(new int[3], undefined).get("nan");
        assertThat(i.estimate()).isEqualTo(1);
        assertThat(i.lower()).isNaN();
        assertThat(i.upper()).isNaN();
    }

    /** An infinite case (an HD95 of a missed structure) makes the resamples that hold it infinite, not NaN. */
    @Test
    void infiniteValuesStayInfinite() {
        Interval i = new Bootstrap(1000, 0.95, 4).mean(new double[] {1, Double.POSITIVE_INFINITY, 2});
        assertThat(i.estimate()).isInfinite();
        assertThat(i.upper()).isInfinite();
        assertThat(i.lower()).isBetween(1.0, 2.0); // about 30% of the resamples leave the infinity out
    }

    /**
     * Several per-case figures resampled together: each interval equals that figure's own bootstrap with
     * the same seed; NaN cases are left out of each mean (0.5 and 0.7 average to 0.6).
     */
    @Test
    void meansOfSeveralFiguresShareTheResamples() {
        double[] dice = {0.9, 0.8, 0.85, 0.7, 0.95};
        double[] hd95 = {2.0, Double.NaN, 3.5, 8.0, 1.0};
        Bootstrap bootstrap = new Bootstrap(1500, 0.95, 21);
        Map<String, double[]> figures = new LinkedHashMap<>();
        figures.put("dice", dice);
        figures.put("hd95", hd95);
        Map<String, Interval> both = bootstrap.stratified(new int[5], Means.of(figures));
        assertThat(both.keySet()).containsExactly("dice", "hd95");
        assertThat(both.get("dice")).isEqualTo(bootstrap.mean(dice));
        assertThat(both.get("hd95")).isEqualTo(bootstrap.mean(hd95));
        assertThat(both.get("hd95").estimate()).isEqualTo(14.5 / 4);
        assertThat(Means.of(Map.of("x", new double[] {0.5, Double.NaN, 0.7})).names()).containsExactly("x");
        double[] out = new double[1];
        Means.of(Map.of("x", new double[] {0.5, Double.NaN, 0.7})).evaluate(new int[] {1, 3, 1}, out);
        assertThat(out[0]).isCloseTo(0.6, offset(1e-15));
        Means.of(Map.of("x", new double[] {0.5, Double.NaN, 0.7})).evaluate(new int[] {0, 3, 0}, out);
        assertThat(out[0]).isNaN();
        assertThatThrownBy(() -> Means.of(Map.of("a", new double[2], "b", new double[3])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cases");
    }

    @Test
    void refusesBadSettingsAndData() {
        assertThatThrownBy(() -> new Bootstrap(0, 0.95, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("resamples");
        assertThatThrownBy(() -> new Bootstrap(10, 95, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("confidence level");
        assertThatThrownBy(() -> Bootstrap.seeded(1).mean(new double[0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no samples");
        assertThatThrownBy(() -> Bootstrap.seeded(1).pairedMeanDifference(new double[] {1, Double.NaN}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> Bootstrap.seeded(1).pairedMeanDifference(new double[] {1}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ in length");
        assertThatThrownBy(() -> Bootstrap.seeded(1).stratified(new int[] {0, -1}, meanOf(new double[] {1, 2})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    }

    /** A mean statistic for the replicate comparison: the data's weighted mean. */
    static WeightedStatistic meanOf(double[] values) {
        return new WeightedStatistic() {
            @Override
            public int samples() {
                return values.length;
            }

            @Override
            public List<String> names() {
                return List.of("mean");
            }

            @Override
            public void evaluate(int[] weights, double[] out) {
                double sum = 0;
                long n = 0;
                for (int i = 0; i < values.length; i++) {
                    sum += weights[i] * values[i];
                    n += weights[i];
                }
                out[0] = sum / n;
            }
        };
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller: enough for a coverage check
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
