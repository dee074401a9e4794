package org.metalr.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.metalr.stats.Fixtures.assertClose;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class NormalTest {

    /** scipy.stats.norm.sf and .cdf from -37 to 37, to 1e-13 relative (tails down to 1e-300). */
    @Test
    void tailsMatchScipy() {
        for (JsonNode c : Fixtures.load("normal.json").get("cases")) {
            double z = c.get("z").asDouble();
            assertClose(Normal.sf(z), c.get("sf").asDouble(), 1e-13, 0, "sf(" + z + ")");
            assertClose(Normal.cdf(z), c.get("cdf").asDouble(), 1e-13, 0, "cdf(" + z + ")");
        }
    }

    @Test
    void extremes() {
        assertThat(Normal.sf(Double.POSITIVE_INFINITY)).isZero();
        assertThat(Normal.sf(Double.NEGATIVE_INFINITY)).isEqualTo(1.0);
        assertThat(Normal.sf(Double.NaN)).isNaN();
        assertThat(Normal.erfc(0)).isEqualTo(1.0);
    }
}
