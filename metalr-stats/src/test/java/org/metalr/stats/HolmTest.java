package org.metalr.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.metalr.stats.Fixtures.assertAllClose;
import static org.metalr.stats.Fixtures.numbers;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class HolmTest {

    /** statsmodels' multipletests(p, method="holm"), ties included. */
    @Test
    void matchesStatsmodels() {
        for (JsonNode c : Fixtures.load("holm.json").get("cases")) {
            double[] p = numbers(c.get("p"));
            assertAllClose(Holm.adjust(p), numbers(c.get("adjusted")), 1e-15, 0, "holm " + c.get("p"));
        }
    }

    @Test
    void stepDownByHand() {
        // sorted 0.01, 0.02, 0.03, 0.04 with m = 4: 0.04, 0.06, 0.06 (monotone), 0.06
        assertThat(Holm.adjust(new double[] {0.03, 0.01, 0.04, 0.02}))
                .containsExactly(0.06, 0.04, 0.06, 0.06);
    }

    @Test
    void nanStaysOutOfTheFamily() {
        double[] adjusted = Holm.adjust(new double[] {0.01, Double.NaN, 0.04});
        assertThat(adjusted[0]).isEqualTo(0.02);
        assertThat(adjusted[1]).isNaN();
        assertThat(adjusted[2]).isEqualTo(0.04);
        assertThat(Holm.adjust(new double[0])).isEmpty();
    }

    @Test
    void refusesWhatIsNotAPValue() {
        assertThatThrownBy(() -> Holm.adjust(new double[] {0.2, 1.5}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("p-value 1 is 1.5");
    }
}
