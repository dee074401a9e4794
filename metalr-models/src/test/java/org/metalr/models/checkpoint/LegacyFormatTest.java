package org.metalr.models.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.metalr.api.HostTensor;
import org.metalr.api.TensorInfo;

/**
 * Files in torch.save's legacy format (written by Debian's PyTorch with
 * {@code _use_new_zipfile_serialization=False}) read to exactly what their zip twins, the same Python
 * objects saved in the zip format, read to, and to the values the generator recorded.
 */
class LegacyFormatTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource({
        "legacy_dtypes.pth, dtypes.pth",                  // every element type, 0-d, empty, views at offsets
        "legacy_tiny_resnet.pth, tiny_resnet.pth",        // a plain state dict
        "legacy_wrapped_module.pth, wrapped_module.pth",  // module.-prefixed, nested, optimizer state, plain values
        "legacy_big_endian.pth, dtypes.pth"})             // written on a big-endian machine
    void readsAsItsZipTwin(String legacy, String zip) throws Exception {
        assertThat(CheckpointFormat.detect(Fixtures.path(legacy))).isEqualTo(CheckpointFormat.TORCH_LEGACY);
        TorchCheckpointReader reader = TorchCheckpointReader.strict();
        Fixtures.assertSameTree(legacy, reader.readObject(Fixtures.path(zip)), reader.readObject(Fixtures.path(legacy)));
        Fixtures.assertSameTree(legacy, reader.readStateDict(Fixtures.path(zip)), reader.readStateDict(Fixtures.path(legacy)));
        Fixtures.assertSameTree(legacy, Checkpoints.readStateDict(Fixtures.path(zip)), Checkpoints.readStateDict(Fixtures.path(legacy)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"legacy_dtypes.pth, dtypes.pth", "legacy_big_endian.pth, dtypes.pth", "legacy_fp16.pth, legacy_fp16.pth"})
    void readsTheValuesTheGeneratorRecorded(String file, String records) throws Exception {
        Map<String, HostTensor> tensors = TorchCheckpointReader.strict().readStateDict(Fixtures.path(file));
        Map<String, Map<String, Object>> expected = Fixtures.expected(records);
        assertThat(tensors.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((name, record) -> Fixtures.assertTensor(file + " " + name, tensors.get(name), record));
    }

    @Test
    void halfPrecisionWeightsAreWidenedAndCountersKept() throws Exception {
        Map<String, HostTensor> t = TorchCheckpointReader.strict().readStateDict(Fixtures.path("legacy_fp16.pth"));
        assertThat(Fixtures.expected("legacy_fp16.pth").get("conv1.weight").get("dtype")).isEqualTo("float16");
        assertThat(t.get("conv1.weight").kind()).isEqualTo(HostTensor.Kind.FLOAT32);
        assertThat(t.get("bn1.num_batches_tracked").kind()).isEqualTo(HostTensor.Kind.INT64);
    }

    @Test
    void viewsShareTheirStorage() throws Exception {
        Map<String, HostTensor> t = TorchCheckpointReader.strict().readStateDict(Fixtures.path("legacy_dtypes.pth"));
        float[] rows = t.get("rows").toFloatArray();
        float[] column = t.get("column").toFloatArray();
        // rows = base[1:], column = base[:, 2]: one storage, two views
        assertThat(column[1]).isEqualTo(rows[2]);
        assertThat(column[2]).isEqualTo(rows[4 + 2]);
    }

    @Test
    void aBigEndianMachinesFileFromAfterTheByteOrderFix() throws Exception {
        // PyTorch since late 2019 writes the element counts little-endian on every machine too: only the flag differs
        byte[] flagged = Fixtures.withLittleEndianFlag(Files.readAllBytes(Fixtures.path("legacy_dtypes.pth")), false);
        Path file = Files.write(dir.resolve("big_endian_machine.pth"), flagged);
        Fixtures.assertSameTree("flagged", TorchCheckpointReader.strict().readObject(Fixtures.path("dtypes.pth")),
                TorchCheckpointReader.strict().readObject(file));
    }

    @Test
    void aPickledModuleReadsLenientlyAsItsZipTwin() throws Exception {
        TorchCheckpointReader reader = TorchCheckpointReader.lenient();
        Object legacy = reader.readObject(Fixtures.path("legacy_full_module.pth"));
        Fixtures.assertSameTree("module", reader.readObject(Fixtures.path("full_module.pth")), legacy);
        assertThat(legacy).isInstanceOfSatisfying(PickledObject.class, m -> {
            assertThat(m.global()).isEqualTo("torch.nn.modules.linear.Linear");
            assertThat(((Map<?, ?>) ((Map<?, ?>) m.state()).get("_parameters")).get("weight")).isInstanceOf(HostTensor.class);
        });
    }

    @Test
    void loadsAModelsGenesisStyleCheckpointIntoAModel() throws Exception {
        List<TensorInfo> model = Fixtures.infos("wrapped_module.pth").stream()
                .map(t -> new TensorInfo(t.name().substring("module.".length()), t.shape())).toList();
        KeyMapping mapping = KeyMapping.identity().stripPrefix("module.");
        LoadedWeights legacy = Checkpoints.load(Fixtures.path("legacy_wrapped_module.pth"), model, mapping);
        LoadedWeights zip = Checkpoints.load(Fixtures.path("wrapped_module.pth"), model, mapping);
        assertThat(legacy.report().loaded()).hasSize(model.size()).isEqualTo(zip.report().loaded());
        assertThat(legacy.report().renamed()).isEqualTo(zip.report().renamed());
        Fixtures.assertSameTree("loaded", zip.tensors(), legacy.tensors());
    }
}
