package org.metalr.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.metalr.api.GroupLayout;
import org.metalr.api.TensorInfo;
import org.metalr.api.net.Layer;
import org.metalr.api.net.Network;

class UNet3DTest {

    @Test
    void namesAndShapesAreModelsGenesis() {
        Network net = UNet3D.network();
        List<TensorInfo> params = net.parameters();
        // Models Genesis' UNet3D(n_class=1): 64 parameter tensors, 19,073,665 weights, 14 BatchNorms
        assertThat(params).hasSize(64);
        assertThat(params.stream().mapToLong(TensorInfo::numel).sum()).isEqualTo(19_073_665L);
        assertThat(net.buffers()).hasSize(42);
        assertThat(params.get(0)).isEqualTo(new TensorInfo("down_tr64.ops.0.conv1.weight", new long[] {32, 1, 3, 3, 3}));
        assertThat(params.get(1)).isEqualTo(new TensorInfo("down_tr64.ops.0.conv1.bias", new long[] {32}));
        assertThat(params).contains(
                new TensorInfo("down_tr64.ops.1.conv1.weight", new long[] {64, 32, 3, 3, 3}),
                new TensorInfo("down_tr512.ops.1.bn1.weight", new long[] {512}),
                new TensorInfo("up_tr256.up_conv.weight", new long[] {512, 512, 2, 2, 2}),
                new TensorInfo("up_tr256.up_conv.bias", new long[] {512}),
                new TensorInfo("up_tr256.ops.0.conv1.weight", new long[] {256, 768, 3, 3, 3}),
                new TensorInfo("up_tr128.ops.0.conv1.weight", new long[] {128, 384, 3, 3, 3}),
                new TensorInfo("up_tr64.ops.0.conv1.weight", new long[] {64, 192, 3, 3, 3}),
                new TensorInfo("out_tr.final_conv.weight", new long[] {1, 64, 1, 1, 1}));
        assertThat(params.get(63)).isEqualTo(new TensorInfo("out_tr.final_conv.bias", new long[] {1}));
        assertThat(net.buffers()).contains(
                new TensorInfo("up_tr64.ops.1.bn1.running_var", new long[] {64}),
                new TensorInfo("down_tr64.ops.0.bn1.num_batches_tracked", new long[0]));
    }

    @Test
    void parametersComeInPyTorchsOrder() {
        List<String> blocks = UNet3D.network(1, 2).parameters().stream()
                .map(t -> t.name().substring(0, t.name().indexOf('.'))).distinct().toList();
        assertThat(blocks).containsExactlyElementsOf(UNet3D.GROUPS);
        List<String> upTr256 = UNet3D.network(1, 2).parameters().stream().map(TensorInfo::name)
                .filter(n -> n.startsWith("up_tr256.")).toList();
        assertThat(upTr256.get(0)).isEqualTo("up_tr256.up_conv.weight");
        assertThat(upTr256.get(2)).isEqualTo("up_tr256.ops.0.conv1.weight");
    }

    @Test
    void outputIsOneProbabilityMapPerClassAtTheInputsSize() {
        Network net = UNet3D.network(3, 4);
        assertThat(net.outputShape(new long[] {2, 1, 64, 64, 32})).containsExactly(2, 3, 64, 64, 32);
        assertThat(net.loss()).isEqualTo(Network.Loss.DICE);
        List<Layer> leaves = net.leaves();
        assertThat(leaves.get(leaves.size() - 1)).isInstanceOf(Layer.Sigmoid.class);
        assertThatThrownBy(() -> net.outputShape(new long[] {2, 1, 20, 16, 16}))
                .hasMessageContaining("concatenation branch 1 gives [2, 32, 5, 4, 4] but branch 0 gives [2, 64, 4, 4, 4]");
    }

    @Test
    void widthScalesEveryBlockAndKeepsTheNames() {
        Network small = UNet3D.network(2, 4);
        assertThat(small.parameters().stream().map(TensorInfo::name).toList())
                .containsExactlyElementsOf(UNet3D.network(2, 32).parameters().stream().map(TensorInfo::name).toList());
        assertThat(small.parameters()).contains(
                new TensorInfo("down_tr64.ops.0.conv1.weight", new long[] {4, 1, 3, 3, 3}),
                new TensorInfo("up_tr256.up_conv.weight", new long[] {64, 64, 2, 2, 2}),
                new TensorInfo("up_tr256.ops.0.conv1.weight", new long[] {32, 96, 3, 3, 3}),
                new TensorInfo("out_tr.final_conv.weight", new long[] {2, 8, 1, 1, 1}));
        assertThatThrownBy(() -> UNet3D.network(1, 0)).hasMessageContaining("must be positive");
    }

    @Test
    void batchNormUsesBatchStatisticsInEvaluationByDefault() {
        assertThat(batchNorms(UNet3D.network())).isNotEmpty().allMatch(Layer.BatchNorm::batchStatisticsInEval);
        assertThat(batchNorms(UNet3D.network(1, 4))).allMatch(Layer.BatchNorm::batchStatisticsInEval);
        assertThat(batchNorms(UNet3D.network(1, 4, false))).hasSize(14).noneMatch(Layer.BatchNorm::batchStatisticsInEval);
    }

    @Test
    void eightGroupsAreTheBlocks() {
        Network net = UNet3D.network(1, 4);
        GroupLayout layout = GroupLayout.resolve(net.groups(), net.parameters());
        assertThat(layout.groupNames()).containsExactly(
                "down_tr64", "down_tr128", "down_tr256", "down_tr512", "up_tr256", "up_tr128", "up_tr64", "out_tr");
        assertThat(layout.groupOf(0)).isZero();
        assertThat(layout.groupOf(net.parameters().size() - 1)).isEqualTo(7);
    }

    @Test
    void depthReadingsAreI1AndI2() {
        assertThat(UNet3D.depthOrders()).extracting(d -> d.name()).containsExactly("I1", "I2");
        assertThat(UNet3D.I1.levels()).containsExactly(List.of("down_tr64"), List.of("down_tr128"),
                List.of("down_tr256"), List.of("down_tr512"), List.of("up_tr256"), List.of("up_tr128"),
                List.of("up_tr64"), List.of("out_tr"));
        assertThat(UNet3D.I2.levels()).containsExactly(List.of("down_tr64", "up_tr64", "out_tr"),
                List.of("down_tr128", "up_tr128"), List.of("down_tr256", "up_tr256"), List.of("down_tr512"));
        assertThat(UNet3D.I2.shallowest(1)).containsExactly("down_tr64", "up_tr64", "out_tr");
        assertThat(UNet3D.I1.deepest(1)).containsExactly("out_tr");
    }

    @Test
    void checkpointMappingStripsTheDataParallelPrefix() {
        assertThat(UNet3D.CHECKPOINT_MAPPING.toString()).isEqualTo("strip prefix 'module.'");
    }

    private static List<Layer.BatchNorm> batchNorms(Network net) {
        return net.leaves().stream().filter(l -> l instanceof Layer.BatchNorm).map(l -> (Layer.BatchNorm) l).toList();
    }
}
