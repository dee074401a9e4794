package org.metalr.api.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConvTransposePlanTest {

    /** Shapes worked out by hand for a 3-D layer 4 -> 2 channels, k = 2, on a [5, 4, 3, 6, 7] input. */
    @Test
    void threeDimensionalShapesAndAxisOrders() {
        Layer.ConvTranspose t = new Layer.ConvTranspose("up", 3, 4, 2, 2, 2, true);
        ConvTransposePlan plan = ConvTransposePlan.of(t, new long[] {5, 4, 3, 6, 7});
        assertThat(plan.channelsLast()).containsExactly(0, 2, 3, 4, 1);
        assertThat(plan.rows()).containsExactly(5 * 3 * 6 * 7, 4);
        assertThat(plan.weightMatrix()).containsExactly(4, 2 * 8);
        assertThat(plan.split()).containsExactly(5, 3, 6, 7, 2, 2, 2, 2);
        // [N, D1, D2, D3, O, k1, k2, k3] -> [N, O, D1, k1, D2, k2, D3, k3]
        assertThat(plan.interleave()).containsExactly(0, 4, 1, 5, 2, 6, 3, 7);
        assertThat(plan.output()).containsExactly(5, 2, 6, 12, 14);
        assertThat(plan.biasShape()).containsExactly(2, 1, 1, 1);
    }

    @Test
    void twoDimensionalOutputMatchesShapeInference() {
        Layer.ConvTranspose t = new Layer.ConvTranspose("up", 2, 3, 5, 3, 3, false);
        ConvTransposePlan plan = ConvTransposePlan.of(t, new long[] {2, 3, 4, 1});
        assertThat(plan.output()).containsExactly(Shapes.of(t, new long[] {2, 3, 4, 1}));
        assertThat(plan.interleave()).containsExactly(0, 3, 1, 4, 2, 5);
        assertThatThrownBy(() -> ConvTransposePlan.of(t, new long[] {2, 4, 4, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'up'").hasMessageContaining("[2, 4, 4, 1]");
    }
}
