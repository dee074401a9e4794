package org.metalr.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void medianOfAnOddSampleIsItsMiddleValue() {
        assertThat(Stats.of(new double[] {5, 1, 3})).isEqualTo(new Stats(3, 1, 5));
    }

    @Test
    void medianOfAnEvenSampleIsTheMeanOfTheTwoMiddleValues() {
        assertThat(Stats.of(new double[] {4, 1, 2, 10})).isEqualTo(new Stats(3, 1, 10));
    }

    @Test
    void leavesTheSampleUnsorted() {
        double[] values = {3, 1, 2};
        Stats.of(values);
        assertThat(values).containsExactly(3, 1, 2);
    }

    @Test
    void rejectsAnEmptySample() {
        assertThatThrownBy(() -> Stats.of(new double[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
