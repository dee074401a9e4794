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

    @Test
    void segmentationBatchCarriesMasksInTheUnitInterval() {
        HostTensor x = HostTensor.of(new float[2 * 4], 2, 1, 2, 2);
        Batch b = Batch.segmentation(x, HostTensor.of(new float[] {0, 1, 0.5f, 1, 0, 0, 1, 1}, 2, 1, 2, 2));
        assertThat(b.isSegmentation()).isTrue();
        assertThat(b.size()).isEqualTo(2);
        assertThat(b.masks().shape()).containsExactly(2, 1, 2, 2);
        assertThatThrownBy(b::labels).hasMessageContaining("a segmentation batch carries masks, not class labels");
        assertThat(Batch.segmentation(x, HostTensor.ofLongs(new long[] {0, 1, 1, 0, 0, 0, 1, 1}, 2, 1, 2, 2)).masks()
                .kind()).isEqualTo(HostTensor.Kind.INT64);

        Batch labelled = new Batch(x, new long[] {0, 1});
        assertThat(labelled.isSegmentation()).isFalse();
        assertThatThrownBy(labelled::masks).hasMessageContaining("a classification batch carries class labels, not masks");
    }

    @Test
    void segmentationBatchRejectsBadMasks() {
        HostTensor x = HostTensor.of(new float[2 * 4], 2, 1, 2, 2);
        assertThatThrownBy(() -> Batch.segmentation(x, HostTensor.ofLongs(new long[] {0, 255, 0, 0, 0, 0, 0, 0}, 2, 1, 2, 2)))
                .hasMessageContaining("mask value 255.0 at flat index 1 is outside [0, 1]");
        assertThatThrownBy(() -> Batch.segmentation(x, HostTensor.of(new double[] {0, 0, Double.NaN, 0}, 1, 1, 2, 2)))
                .hasMessageContaining("batch has 2 inputs but masks of shape [1, 1, 2, 2]");
        assertThatThrownBy(() -> Batch.segmentation(x, HostTensor.of(new double[] {0, 0, Double.NaN, 0, 0, 0, 0, 0},
                2, 1, 2, 2))).hasMessageContaining("mask value NaN at flat index 2");
        assertThatThrownBy(() -> new Batch(x, new long[] {0, 1}, x)).hasMessageContaining("got both");
        assertThatThrownBy(() -> new Batch(x, null, null)).hasMessageContaining("got neither");
    }
}
