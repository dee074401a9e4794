package org.metalr.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostTensorTest {

    @Test
    void convertsBetweenElementTypes() {
        HostTensor t = HostTensor.of(new double[] {0.1, 2, 3, 4, 5, 6}, 2, 3);
        assertThat(t.numel()).isEqualTo(6);
        assertThat(t.to(DType.FLOAT32).toFloatArray()).containsExactly(0.1f, 2f, 3f, 4f, 5f, 6f);
        assertThat(t.to(DType.FLOAT64)).isSameAs(t);
        assertThat(HostTensor.ofLongs(new long[] {7}).shape()).isEmpty();
    }

    @Test
    void rejectsDataThatDoesNotFitTheShape() {
        assertThatThrownBy(() -> HostTensor.of(new float[5], 2, 3))
                .hasMessageContaining("shape [2, 3] holds 6 elements, data has 5");
    }

    @Test
    void batchNeedsOneLabelPerInput() {
        assertThatThrownBy(() -> new Batch(HostTensor.of(new float[12], 2, 1, 2, 3), new long[] {0}))
                .hasMessageContaining("2 inputs but 1 labels");
    }
}
