package org.metalr.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.api.HostTensor;
import org.metalr.api.net.Network;
import org.metalr.models.checkpoint.CheckpointException;
import org.metalr.models.checkpoint.KeyMapping;
import org.metalr.models.checkpoint.SafetensorsReader;
import org.metalr.models.checkpoint.SafetensorsWriter;
import org.metalr.models.checkpoint.StateDictMismatchException;

class WeightsTest {

    private static final Network NET = ResNet18.network(3, 3, 2);

    @TempDir
    Path dir;

    @Test
    void savedStateLoadsBackExactly() throws Exception {
        Map<String, HostTensor> state = new LinkedHashMap<>(Initializers.randomized(NET, 1));
        state.put("bn1.num_batches_tracked", HostTensor.ofLongs(new long[] {42}));
        Path file = dir.resolve("model.safetensors");
        Weights.save(file, NET, state);

        assertThat(SafetensorsReader.read(file).metadata()).containsEntry("format", "pt").containsEntry("network", "resnet18");
        Weights.Loaded loaded = Weights.load(file, NET, KeyMapping.identity(), Initializers.kaiming(NET, 2));
        assertThat(loaded.state().keySet()).containsExactlyElementsOf(state.keySet());
        state.forEach((name, t) -> assertThat(loaded.state().get(name).toDoubleArray()).as(name)
                .containsExactly(t.toDoubleArray()));
        assertThat(loaded.report().loaded()).hasSize(state.size());
        assertThat(loaded.report().leftAtInitialisation()).isEmpty();
    }

    @Test
    void tensorsLeftOutKeepTheirInitialValuesAndCountersMayBeAbsent() throws Exception {
        Map<String, HostTensor> initial = Initializers.kaiming(NET, 2);
        Map<String, HostTensor> checkpoint = new LinkedHashMap<>();
        Initializers.randomized(NET, 3).forEach((name, t) -> {
            if (!name.startsWith("fc.") && !name.endsWith("num_batches_tracked")) {
                checkpoint.put(name, HostTensor.of(t.toFloatArray(), t.shape()));
            }
        });
        checkpoint.put("projection.weight", HostTensor.of(new float[4], 2, 2));
        Path file = dir.resolve("backbone.safetensors");
        SafetensorsWriter.write(file, checkpoint);

        Weights.Loaded loaded = Weights.load(file, NET,
                KeyMapping.identity().drop("^projection\\.").allowMissing("^fc\\."), initial);
        assertThat(loaded.state().get("fc.weight")).isSameAs(initial.get("fc.weight"));
        assertThat(loaded.state().get("bn1.num_batches_tracked")).isSameAs(initial.get("bn1.num_batches_tracked"));
        assertThat(loaded.state().get("conv1.weight").kind()).as("kept as read").isEqualTo(HostTensor.Kind.FLOAT32);
        assertThat(loaded.state().get("conv1.weight").toFloatArray())
                .containsExactly(checkpoint.get("conv1.weight").toFloatArray());
        assertThat(loaded.report().leftAtInitialisation()).contains("fc.weight", "fc.bias", "bn1.num_batches_tracked");
        assertThat(loaded.report().ignored()).containsExactly("projection.weight");
        assertThat(loaded.state().keySet()).containsExactlyElementsOf(initial.keySet());
    }

    @Test
    void aMissingTensorFailsNamingItUnlessAllowed() throws Exception {
        Map<String, HostTensor> checkpoint = new LinkedHashMap<>(Initializers.kaiming(NET, 3));
        checkpoint.remove("fc.bias");
        Path file = dir.resolve("headless.safetensors");
        SafetensorsWriter.write(file, checkpoint);
        assertThatThrownBy(() -> Weights.load(file, NET, KeyMapping.identity(), Initializers.kaiming(NET, 2)))
                .isInstanceOf(StateDictMismatchException.class)
                .hasMessageContaining("headless.safetensors")
                .hasMessageContaining("missing: fc.bias (the model expects [3])");
    }

    @Test
    void anIntegerTensorWhereFloatsBelongFailsNamingTheKey() throws Exception {
        Map<String, HostTensor> checkpoint = new LinkedHashMap<>(Initializers.kaiming(NET, 3));
        checkpoint.put("fc.bias", HostTensor.ofLongs(new long[] {1, 2, 3}, 3));
        Path file = dir.resolve("kinds.safetensors");
        SafetensorsWriter.write(file, checkpoint);
        assertThatThrownBy(() -> Weights.load(file, NET, KeyMapping.identity(), Initializers.kaiming(NET, 2)))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("kinds.safetensors: tensor 'fc.bias': is INT64 but fc.bias holds floating-point values");
        checkpoint.put("fc.bias", HostTensor.of(new float[3], 3));
        checkpoint.put("bn1.num_batches_tracked", HostTensor.of(new float[] {1}));
        SafetensorsWriter.write(file, checkpoint);
        assertThatThrownBy(() -> Weights.load(file, NET, KeyMapping.identity(), Initializers.kaiming(NET, 2)))
                .hasMessageContaining("kinds.safetensors: tensor 'bn1.num_batches_tracked': is FLOAT32 but "
                        + "bn1.num_batches_tracked is an integer counter");
    }

    @Test
    void aCorruptFileFailsNamingIt() throws Exception {
        Path file = dir.resolve("truncated.pth");
        Files.write(file, new byte[] {'P', 'K', 3, 4, 0, 0});
        assertThatThrownBy(() -> Weights.load(file, NET, KeyMapping.identity(), Initializers.kaiming(NET, 2)))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("truncated.pth");
    }

    @Test
    void statesMustCoverTheNetworkExactly() throws Exception {
        Map<String, HostTensor> initial = new LinkedHashMap<>(Initializers.kaiming(NET, 2));
        Path file = dir.resolve("model.safetensors");
        Weights.save(file, NET, initial);
        initial.remove("layer4.1.bn2.running_var");
        assertThatThrownBy(() -> Weights.load(file, NET, KeyMapping.identity(), initial))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("state lacks tensor 'layer4.1.bn2.running_var' of shape [16]");
        initial.put("layer4.1.bn2.running_var", HostTensor.of(new double[8], 8));
        assertThatThrownBy(() -> Weights.save(file, NET, initial))
                .hasMessageContaining("tensor 'layer4.1.bn2.running_var' has shape [8], the network expects [16]");
        initial.put("layer4.1.bn2.running_var", HostTensor.of(new double[16], 16));
        initial.put("extra", HostTensor.of(new double[1], 1));
        assertThatThrownBy(() -> Weights.save(file, NET, initial))
                .hasMessageContaining("state has tensor 'extra', which the network does not have");
    }

    @Test
    void torchDefaultInitialisationIsUniformInTheFanInBound() {
        Network unet = UNet3D.network(1, 2);
        Map<String, HostTensor> state = Initializers.torchDefault(unet, 5);
        // up_conv weight [8, 8, 2, 2, 2]: PyTorch's fan-in is size(1) * 8 = 64, bound 1/8
        double[] upConv = state.get("up_tr64.up_conv.weight").toDoubleArray();
        assertThat(maxAbs(upConv)).isLessThanOrEqualTo(0.125).isGreaterThan(0.1);
        // conv bias of down_tr64.ops.0 (fan-in 1 * 27): bound 1/sqrt(27), not zero
        assertThat(maxAbs(state.get("down_tr64.ops.0.conv1.bias").toDoubleArray()))
                .isLessThanOrEqualTo(1 / Math.sqrt(27)).isGreaterThan(0);
        assertThat(state.get("down_tr64.ops.0.bn1.weight").toDoubleArray()).containsOnly(1.0);
        assertThat(state.get("down_tr64.ops.0.bn1.running_var").toDoubleArray()).containsOnly(1.0);
    }

    private static double maxAbs(double[] values) {
        return java.util.Arrays.stream(values).map(Math::abs).max().orElseThrow();
    }
}
