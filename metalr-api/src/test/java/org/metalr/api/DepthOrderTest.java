package org.metalr.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DepthOrderTest {

    private static final DepthOrder U_FROM_TOP = new DepthOrder("I2", List.of(
            List.of("down_tr64", "up_tr64", "out_tr"),
            List.of("down_tr128", "up_tr128"),
            List.of("down_tr256", "up_tr256"),
            List.of("down_tr512")));

    @Test
    void levelsMoveTogether() {
        assertThat(U_FROM_TOP.depth()).isEqualTo(4);
        assertThat(U_FROM_TOP.shallowest(2)).containsExactly("down_tr64", "up_tr64", "out_tr", "down_tr128", "up_tr128");
        assertThat(U_FROM_TOP.deepest(1)).containsExactly("down_tr512");
        assertThat(DepthOrder.sequential(List.of("a", "b", "c")).deepest(2)).containsExactly("b", "c");
    }

    @Test
    void rejectsImpossibleCounts() {
        assertThatThrownBy(() -> U_FROM_TOP.shallowest(5)).hasMessageContaining("has 4 levels; cannot take 5");
        assertThatThrownBy(() -> new DepthOrder("x", List.of(List.of("a"), List.of("a"))))
                .hasMessageContaining("'a' appears twice");
    }
}
