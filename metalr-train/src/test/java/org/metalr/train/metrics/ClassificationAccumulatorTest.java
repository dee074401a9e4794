package org.metalr.train.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.metalr.api.HostTensor;
import org.metalr.runs.metrics.ClassificationMetrics;

class ClassificationAccumulatorTest {

    @Test
    void batchesGiveTheMetricsOfAllSamplesTogether() {
        float[] first = {2f, 0f, -1f, 0.5f, 1.5f, 0f};
        float[] second = {0f, 0f, 3f, 1f, 2f, 0.25f, -2f, 4f, 1f};
        ClassificationAccumulator acc = new ClassificationAccumulator(3);
        acc.add(new long[] {0, 1}, HostTensor.of(first, 2, 3));
        acc.add(new long[] {2, 0, 1}, HostTensor.of(second, 3, 3));
        assertThat(acc.size()).isEqualTo(5);

        double[][] all = {{2, 0, -1}, {0.5, 1.5, 0}, {0, 0, 3}, {1, 2, 0.25}, {-2, 4, 1}};
        assertThat(acc.result()).isEqualTo(ClassificationMetrics.of(new long[] {0, 1, 2, 0, 1}, all, 3));
    }

    @Test
    void doubleLogitsAreAccepted() {
        ClassificationAccumulator acc = new ClassificationAccumulator(2);
        acc.add(new long[] {1}, HostTensor.of(new double[] {0.0, 1.0}, 1, 2));
        assertThat(acc.result().accuracy()).isEqualTo(1.0);
    }

    @Test
    void aBadBatchIsRejectedWholeAndAddsNothing() {
        ClassificationAccumulator acc = new ClassificationAccumulator(2);
        assertThatThrownBy(() -> acc.add(new long[] {0, 1}, HostTensor.of(new float[] {0, 1, 2}, 1, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("logits have shape [1, 3]; expected [2, 2]");
        assertThatThrownBy(() -> acc.add(new long[] {0, 5}, HostTensor.of(new float[] {0, 1, 2, 3}, 2, 2)))
                .hasMessageContaining("label 1 of the batch is 5");
        assertThatThrownBy(() -> acc.add(new long[] {0, 1}, HostTensor.of(new float[] {0, 1, Float.NaN, 3}, 2, 2)))
                .hasMessageContaining("logit of batch sample 1, class 0 is NaN");
        assertThat(acc.size()).isZero();
        assertThatThrownBy(acc::result).isInstanceOf(IllegalStateException.class).hasMessageContaining("no samples");
    }
}
