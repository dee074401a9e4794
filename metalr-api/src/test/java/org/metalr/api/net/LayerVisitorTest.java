package org.metalr.api.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LayerVisitorTest {

    /** Names the method it was called through. */
    private static final class Namer implements Layer.Visitor<String> {
        @Override
        public String conv(Layer.Conv conv) {
            return "conv " + conv.name();
        }

        @Override
        public String convTranspose(Layer.ConvTranspose convTranspose) {
            return "convTranspose " + convTranspose.name();
        }

        @Override
        public String batchNorm(Layer.BatchNorm batchNorm) {
            return "batchNorm " + batchNorm.name();
        }

        @Override
        public String linear(Layer.Linear linear) {
            return "linear " + linear.name();
        }

        @Override
        public String relu(Layer.Relu relu) {
            return "relu";
        }

        @Override
        public String sigmoid(Layer.Sigmoid sigmoid) {
            return "sigmoid";
        }

        @Override
        public String maxPool(Layer.MaxPool maxPool) {
            return "maxPool " + maxPool.kernel();
        }

        @Override
        public String globalAvgPool(Layer.GlobalAvgPool globalAvgPool) {
            return "globalAvgPool";
        }

        @Override
        public String sequential(Layer.Sequential sequential) {
            return "sequential " + sequential.layers().size();
        }

        @Override
        public String residual(Layer.Residual residual) {
            return "residual " + residual.body().accept(this);
        }

        @Override
        public String concat(Layer.Concat concat) {
            return "concat " + concat.branches().size();
        }
    }

    @Test
    void everyLayerCallsItsOwnMethod() {
        List<Layer> layers = List.of(
                new Layer.Conv("c", 2, 1, 1, 3, 1, 1, false),
                new Layer.ConvTranspose("t", 3, 1, 1, 2, 2, true),
                new Layer.BatchNorm("b", 2, 4),
                new Layer.Linear("l", 2, 3, true),
                new Layer.Relu(),
                new Layer.Sigmoid(),
                new Layer.MaxPool(2, 3, 2, 1),
                new Layer.GlobalAvgPool(),
                Layer.Sequential.of(new Layer.Relu(), new Layer.Relu()),
                new Layer.Residual(new Layer.Linear("body", 2, 2, false), null),
                Layer.Concat.of(Layer.Sequential.of(), new Layer.Relu()));
        assertThat(layers.stream().map(l -> l.accept(new Namer()))).containsExactly("conv c", "convTranspose t",
                "batchNorm b", "linear l", "relu", "sigmoid", "maxPool 3", "globalAvgPool", "sequential 2",
                "residual linear body", "concat 2");
    }

    @Test
    void batchStatisticsNeedMoreThanOneValuePerChannel() {
        Layer.BatchNorm bn = new Layer.BatchNorm("bn1", 2, 4);
        bn.requireBatchStatistics(new long[] {2, 4, 1, 1});
        bn.requireBatchStatistics(new long[] {1, 4, 2, 1});
        assertThatThrownBy(() -> bn.requireBatchStatistics(new long[] {1, 4, 1, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("BatchNorm 'bn1' in training mode needs more than one value per channel, got input of shape"
                        + " [1, 4, 1, 1]");
    }
}
