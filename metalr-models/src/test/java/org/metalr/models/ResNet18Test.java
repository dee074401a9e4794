package org.metalr.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.metalr.api.GroupLayout;
import org.metalr.api.TensorInfo;
import org.metalr.api.net.Network;

class ResNet18Test {

    @Test
    void namesAndShapesAreTorchvisions() {
        Network net = ResNet18.network(1000);
        List<TensorInfo> params = net.parameters();
        // torchvision resnet18: 62 parameter tensors, 11,689,512 weights
        assertThat(params).hasSize(62);
        assertThat(params.stream().mapToLong(TensorInfo::numel).sum()).isEqualTo(11_689_512L);
        assertThat(params.get(0)).isEqualTo(new TensorInfo("conv1.weight", new long[] {64, 3, 7, 7}));
        assertThat(params).contains(
                new TensorInfo("layer2.0.downsample.0.weight", new long[] {128, 64, 1, 1}),
                new TensorInfo("layer4.1.bn2.bias", new long[] {512}),
                new TensorInfo("fc.weight", new long[] {1000, 512}));
        assertThat(params.get(params.size() - 1).name()).isEqualTo("fc.bias");
        // 20 BatchNorm layers, three buffers each
        assertThat(net.buffers()).hasSize(60).contains(new TensorInfo("bn1.num_batches_tracked", new long[0]));
    }

    @Test
    void tenGroupsPartitionTheParameters() {
        Network net = ResNet18.network(3, 3, 16);
        GroupLayout layout = GroupLayout.resolve(net.groups(), net.parameters());
        assertThat(layout.groupNames()).containsExactlyElementsOf(ResNet18.GROUPS);
        assertThat(layout.groupOf(0)).isZero();
        assertThat(layout.groupOf(net.parameters().size() - 1)).isEqualTo(9);
    }
}
