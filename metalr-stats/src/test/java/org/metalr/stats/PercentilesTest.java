package org.metalr.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void linearInterpolationBetweenOrderStatistics() {
        double[] v = {10, 20, 30, 40, 50};
        assertThat(Percentiles.ofSorted(v, 0)).isEqualTo(10);
        assertThat(Percentiles.ofSorted(v, 1)).isEqualTo(50);
        assertThat(Percentiles.ofSorted(v, 0.5)).isEqualTo(30);
        assertThat(Percentiles.ofSorted(v, 0.1)).isEqualTo(14); // h = 0.4
        assertThat(Percentiles.ofSorted(v, 0.95)).isEqualTo(48); // h = 3.8
        assertThat(Percentiles.of(new double[] {50, 10, 40, 20, 30}, 0.95)).isEqualTo(48);
        assertThat(Percentiles.ofSorted(new double[] {7}, 0.3)).isEqualTo(7);
    }

    @Test
    void infinitiesAndNaN() {
        double inf = Double.POSITIVE_INFINITY;
        assertThat(Percentiles.ofSorted(new double[] {inf, inf, inf}, 0.95)).isEqualTo(inf);
        assertThat(Percentiles.ofSorted(new double[] {1, 2, inf}, 0.95)).isEqualTo(inf);
        assertThat(Percentiles.ofSorted(new double[] {1, 2, Double.NaN}, 0.95)).isNaN();
    }

    @Test
    void refusesBadArguments() {
        assertThatThrownBy(() -> Percentiles.ofSorted(new double[0], 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.ofSorted(new double[] {1}, 95)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside [0, 1]");
    }
}
