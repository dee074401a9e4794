package org.metalr.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.metalr.stats.Fixtures.assertClose;
import static org.metalr.stats.Fixtures.number;
import static org.metalr.stats.Fixtures.numbers;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class SummaryTest {

    /** numpy's mean, std(ddof=1), median, min and max. */
    @Test
    void matchesNumpy() {
        for (JsonNode c : Fixtures.load("summary.json").get("cases")) {
            double[] values = numbers(c.get("values"));
            Summary s = Summary.of(values);
            String what = c.get("values").toString();
            assertThat(s.count()).isEqualTo(values.length);
            assertClose(s.mean(), number(c.get("mean")), 1e-14, 0, what + " mean");
            assertClose(s.sd(), number(c.get("sd")), 1e-13, 0, what + " sd");
            assertThat(s.median()).as(what + " median").isEqualTo(number(c.get("median")));
            assertThat(s.min()).isEqualTo(number(c.get("min")));
            assertThat(s.max()).isEqualTo(number(c.get("max")));
        }
    }

    @Test
    void nanIsCountedAndLeftOutInfinityKept() {
        Summary s = Summary.of(new double[] {1, Double.NaN, 3, Double.POSITIVE_INFINITY});
        assertThat(s.count()).isEqualTo(3);
        assertThat(s.ignored()).isEqualTo(1);
        assertThat(s.median()).isEqualTo(3);
        assertThat(s.mean()).isInfinite();
        assertThat(s.max()).isInfinite();

        Summary none = Summary.of(new double[] {Double.NaN});
        assertThat(none.count()).isZero();
        assertThat(none.ignored()).isEqualTo(1);
        assertThat(none.mean()).isNaN();
        assertThat(none.median()).isNaN();
    }
}
