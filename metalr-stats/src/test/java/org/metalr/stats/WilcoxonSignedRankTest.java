package org.metalr.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.metalr.stats.Fixtures.assertClose;
import static org.metalr.stats.Fixtures.numbers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.metalr.stats.WilcoxonSignedRank.Method;
import org.metalr.stats.WilcoxonSignedRank.ZeroMethod;

class WilcoxonSignedRankTest {

    /** Every case of wilcoxon.json: SciPy 1.10's statistic, p-value and method, p-values to 1e-12 relative. */
    @Test
    void matchesScipy() {
        JsonNode datasets = Fixtures.load("wilcoxon.json").get("datasets");
        int checked = 0;
        for (JsonNode dataset : datasets) {
            double[] x = numbers(dataset.get("x"));
            double[] y = numbers(dataset.get("y"));
            for (JsonNode t : dataset.get("tests")) {
                WilcoxonSignedRank test = new WilcoxonSignedRank(
                        ZeroMethod.valueOf(t.get("zero_method").asText().toUpperCase(Locale.ROOT)),
                        t.get("correction").asBoolean(),
                        Alternative.valueOf(t.get("alternative").asText().replace('-', '_').toUpperCase(Locale.ROOT)),
                        Method.valueOf(t.get("method").asText().toUpperCase(Locale.ROOT)));
                String what = dataset.get("name").asText() + " " + test;
                WilcoxonResult r = test.test(x, y);
                assertThat(r.statistic()).as(what + " statistic").isEqualTo(t.get("statistic").asDouble());
                assertThat(r.method().name().toLowerCase(Locale.ROOT)).as(what + " method")
                        .isEqualTo(t.get("method_used").asText());
                assertClose(r.pValue(), t.get("pvalue").asDouble(), 1e-12, 0, what + " p-value");
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(200);
    }

    /** The exact distribution against counting all 2^n sign patterns, independently of SciPy's recursion. */
    @Test
    void exactDistributionCountsEverySignPattern() {
        for (int n = 1; n <= 14; n++) {
            double[] pmf = WilcoxonSignedRank.distribution(n);
            long[] counts = new long[n * (n + 1) / 2 + 1];
            for (int signs = 0; signs < 1 << n; signs++) {
                int sum = 0;
                for (int rank = 1; rank <= n; rank++) {
                    if ((signs & 1 << (rank - 1)) != 0) {
                        sum += rank;
                    }
                }
                counts[sum]++;
            }
            for (int r = 0; r < counts.length; r++) {
                assertThat(pmf[r]).as("n=%d r=%d", n, r).isEqualTo(counts[r] / Math.pow(2, n));
            }
        }
    }

    @Test
    void exactPValueOfDistinctDifferencesIsTheTailShare() {
        // n = 8, R+ = 1 + 2 = 3: P(R+ <= 3) = #{subsets of 1..8 summing to <= 3} / 256 = 5/256
        double[] d = {-8, -7, -6, -5, -4, -3, 2, 1};
        WilcoxonResult less = SCIPY_LESS.testDifferences(d);
        assertThat(less.statistic()).isEqualTo(3);
        assertThat(less.pValue()).isEqualTo(5 / 256.0);
        WilcoxonResult two = WilcoxonSignedRank.SCIPY_DEFAULT.testDifferences(d);
        assertThat(two.pValue()).isEqualTo(10 / 256.0);
        assertThat(two.method()).isEqualTo(Method.EXACT);
        assertThat(two.z()).isNaN();
    }

    private static final WilcoxonSignedRank SCIPY_LESS = WilcoxonSignedRank.SCIPY_DEFAULT.withAlternative(Alternative.LESS);

    @Test
    void noPairsGiveNaN() {
        WilcoxonResult r = WilcoxonSignedRank.SCIPY_DEFAULT.test(new double[0], new double[0]);
        assertThat(r.pValue()).isNaN();
        assertThat(r.statistic()).isNaN();
    }

    @Test
    void allZeroDifferencesAreRefusedLikeScipyUnlessSplit() {
        double[] same = {0.8, 0.7, 0.9};
        assertThatThrownBy(() -> WilcoxonSignedRank.SCIPY_DEFAULT.test(same, same))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("every difference is zero");
        WilcoxonResult split = new WilcoxonSignedRank(ZeroMethod.ZSPLIT, false, Alternative.TWO_SIDED, Method.AUTO)
                .test(same, same);
        assertThat(split.pValue()).isEqualTo(1.0);
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> WilcoxonSignedRank.SCIPY_DEFAULT.test(new double[] {1, 2}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ in length");
        assertThatThrownBy(() -> WilcoxonSignedRank.SCIPY_DEFAULT.testDifferences(new double[] {1, Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        double[] many = new double[WilcoxonSignedRank.MAX_EXACT + 1];
        for (int i = 0; i < many.length; i++) {
            many[i] = i + 1;
        }
        assertThatThrownBy(() -> new WilcoxonSignedRank(ZeroMethod.WILCOX, false, Alternative.TWO_SIDED, Method.EXACT)
                .testDifferences(many)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("normal approximation");
    }
}
