package org.metalr.models.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.api.HostTensor;
import org.metalr.api.TensorInfo;

/** End to end: fixtures loaded into a model's expected tensors through key mappings. */
class CheckpointsTest {

    @TempDir
    Path dir;

    @Test
    void detectsFormatsByContent() throws Exception {
        assertThat(CheckpointFormat.detect(Fixtures.path("dtypes.pth"))).isEqualTo(CheckpointFormat.TORCH_ZIP);
        assertThat(CheckpointFormat.detect(Fixtures.path("dtypes.safetensors"))).isEqualTo(CheckpointFormat.SAFETENSORS);
        assertThat(CheckpointFormat.detect(Fixtures.path("legacy_dtypes.pth"))).isEqualTo(CheckpointFormat.TORCH_LEGACY);
        // pickle protocols 0 and 1 write the magic number as text
        Path text = Files.write(dir.resolve("protocol0.pth"), Fixtures.ascii("L119547037146038801333356L\n."));
        assertThat(CheckpointFormat.detect(text)).isEqualTo(CheckpointFormat.TORCH_LEGACY);
        Path renamed = Files.copy(Fixtures.path("dtypes.safetensors"), dir.resolve("weights.bin"));
        assertThat(Checkpoints.readStateDict(renamed)).containsKey("bf16");
    }

    @Test
    void loadsATorchvisionStyleResnet() throws Exception {
        List<TensorInfo> model = Fixtures.infos("tiny_resnet.pth");
        LoadedWeights w = Checkpoints.load(Fixtures.path("tiny_resnet.pth"), model, KeyMapping.identity());
        assertThat(w.tensors().keySet()).containsExactlyElementsOf(model.stream().map(TensorInfo::name).toList());
        assertThat(w.report().summary()).endsWith("loaded 38 of 38 model tensors (0 renamed);"
                + " left at initialisation: none; ignored from the checkpoint: none");
    }

    @Test
    void fineTunesToAnotherNumberOfClasses() throws Exception {
        List<TensorInfo> model = Fixtures.infos("tiny_resnet.pth").stream()
                .map(t -> t.name().equals("fc.weight") ? new TensorInfo("fc.weight", new long[] {5, 4})
                        : t.name().equals("fc.bias") ? new TensorInfo("fc.bias", new long[] {5}) : t)
                .toList();
        assertThatThrownBy(() -> Checkpoints.load(Fixtures.path("tiny_resnet.pth"), model, KeyMapping.identity()))
                .isInstanceOf(StateDictMismatchException.class)
                .hasMessageContaining("shape mismatch: fc.weight: the model expects [5, 4], the checkpoint has [3, 4]");
        LoadedWeights w = Checkpoints.load(Fixtures.path("tiny_resnet.pth"), model,
                KeyMapping.identity().drop("^fc\\.").allowMissing("^fc\\."));
        assertThat(w.report().leftAtInitialisation()).containsExactly("fc.weight", "fc.bias");
        assertThat(w.report().loaded()).hasSize(36);
    }

    @Test
    void mapsAContrastiveBackboneByOrderOntoTheSameWeights() throws Exception {
        Path file = Fixtures.path("contrastive.pth");
        List<TensorInfo> model = Fixtures.infos("tiny_resnet.pth");
        assertThat(Checkpoints.readStateDict(file)).containsKeys("features.0.weight", "features.5.0.downsample.1.running_var", "l2.bias");
        LoadedWeights w = Checkpoints.load(file, model,
                KeyMapping.identity().drop("^l[12]\\.").mapByOrder("^features\\.", "^(?!fc\\.)").allowMissing("^fc\\."));
        assertThat(w.report().renamed()).containsEntry("conv1.weight", "features.0.weight")
                .containsEntry("layer2.0.downsample.1.num_batches_tracked", "features.5.0.downsample.1.num_batches_tracked");
        assertThat(w.report().ignored()).containsExactly("l1.weight", "l1.bias", "l2.weight", "l2.bias");
        Map<String, Map<String, Object>> expected = Fixtures.expected("tiny_resnet.pth");
        w.tensors().forEach((name, t) -> Fixtures.assertTensor(name, t, expected.get(name)));
        assertThat(w.tensors()).hasSize(36);
    }

    @Test
    void loadsAModelsGenesisStyleWrappedCheckpoint() throws Exception {
        List<TensorInfo> model = Fixtures.infos("wrapped_module.pth").stream()
                .map(t -> new TensorInfo(t.name().substring("module.".length()), t.shape())).toList();
        LoadedWeights w = Checkpoints.load(Fixtures.path("wrapped_module.pth"), model, KeyMapping.identity().stripPrefix("module."));
        assertThat(w.tensors().keySet()).contains("down_tr64.ops.0.conv1.weight", "out_tr.final_conv.bias");
        assertThat(w.report().loaded()).hasSize(model.size());
    }

    @Test
    void aSafetensorsRoundTripLoadsBackIntoTheModel() throws Exception {
        Map<String, HostTensor> weights = Checkpoints.readStateDict(Fixtures.path("tiny_resnet.pth"));
        Path out = dir.resolve("fine-tuned.safetensors");
        Checkpoints.writeSafetensors(out, weights, Map.of("source", "tiny_resnet.pth"));
        LoadedWeights w = Checkpoints.load(out, Fixtures.infos("tiny_resnet.pth"), KeyMapping.identity());
        Map<String, Map<String, Object>> expected = Fixtures.expected("tiny_resnet.pth");
        w.tensors().forEach((name, t) -> Fixtures.assertTensor(name, t, expected.get(name)));
        assertThat(w.tensors().keySet().stream().collect(Collectors.toList())).containsExactlyElementsOf(expected.keySet());
    }

    @Test
    void unrecognisedFiles() throws Exception {
        Path f = Files.write(dir.resolve("x.ckpt"), Fixtures.ascii("{not a checkpoint}"));
        assertThatThrownBy(() -> Checkpoints.readStateDict(f)).isInstanceOf(CheckpointException.class)
                .hasMessage(f + ": unrecognised format: neither a torch.save file (zip or legacy) nor a safetensors file");
    }
}
