package org.metalr.train.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SpreadTest {

    @Test
    void oddCountTakesTheMiddleValue() {
        assertThat(Spread.of(new double[] {0.3, 0.9, 0.1, 0.5, 0.7})).isEqualTo(new Spread(0.5, 0.1, 0.9));
    }

    @Test
    void evenCountAveragesTheTwoMiddleValuesAsNumpy() {
        // numpy.median([0.4, 0.1, 0.3, 0.2]) == 0.25 ; numpy.median([0.1, 0.2]) == 0.15000000000000002
        assertThat(Spread.of(new double[] {0.4, 0.1, 0.3, 0.2})).isEqualTo(new Spread(0.25, 0.1, 0.4));
        assertThat(Spread.of(new double[] {0.2, 0.1}).median()).isEqualTo(0.15000000000000002);
    }

    @Test
    void singleValueAndNegativeValues() {
        assertThat(Spread.of(new double[] {0.7})).isEqualTo(new Spread(0.7, 0.7, 0.7));
        assertThat(Spread.of(new double[] {-1, -3, -2})).isEqualTo(new Spread(-2, -3, -1));
    }

    @Test
    void theInputIsNotReordered() {
        double[] values = {3, 1, 2};
        Spread.of(values);
        assertThat(values).containsExactly(3, 1, 2);
    }

    @Test
    void emptyOrNaNInputIsRejected() {
        assertThatThrownBy(() -> Spread.of(new double[0])).hasMessageContaining("no values");
        assertThatThrownBy(() -> Spread.of(new double[] {1, Double.NaN})).hasMessageContaining("value 1 is NaN");
        assertThatThrownBy(() -> new Spread(1, 2, 3)).hasMessageContaining("not a spread");
        assertThat(Spread.UNDEFINED.median()).isNaN();
    }
}
