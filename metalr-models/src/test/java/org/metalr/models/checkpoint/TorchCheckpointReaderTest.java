package org.metalr.models.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.metalr.api.HostTensor;

class TorchCheckpointReaderTest {

    private static Map<String, HostTensor> read(String file) throws CheckpointException {
        return TorchCheckpointReader.strict().readStateDict(Fixtures.path(file));
    }

    private static void assertAllAsExpected(String file, Map<String, HostTensor> tensors) {
        Map<String, Map<String, Object>> expected = Fixtures.expected(file);
        assertThat(tensors.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((name, record) -> Fixtures.assertTensor(file + " " + name, tensors.get(name), record));
    }

    @Test
    void readsEveryElementTypeViewAndOffsetAsPyTorchShowsThem() throws Exception {
        // float32/64, half and bfloat16 specials, all integer types, bool, 0-d, empty, Parameter,
        // transposed views and slices of one storage at offsets, in the file's order
        assertAllAsExpected("dtypes.pth", read("dtypes.pth"));
    }

    @Test
    void halfAndBfloat16AreWidenedAndIntegersKept() throws Exception {
        Map<String, HostTensor> t = read("dtypes.pth");
        assertThat(t.get("f16").kind()).isEqualTo(HostTensor.Kind.FLOAT32);
        assertThat(t.get("f16").toFloatArray()[2]).isEqualTo(65504f);
        assertThat(t.get("bf16").toFloatArray()[5]).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(t.get("i64").toLongArray()).containsExactly(0, -1, 1L << 40, -(1L << 62), 7);
        assertThat(t.get("u8").toLongArray()).containsExactly(0, 200, 255);
        assertThat(t.get("scalar").shape()).isEmpty();
        assertThat(t.get("empty").shape()).containsExactly(0, 3);
    }

    @Test
    void readsAResnetStateDictWithTorchvisionNamesInOrder() throws Exception {
        Map<String, HostTensor> t = read("tiny_resnet.pth");
        assertAllAsExpected("tiny_resnet.pth", t);
        assertThat(t).containsKeys("conv1.weight", "bn1.running_var", "layer2.0.downsample.0.weight",
                "layer2.0.downsample.1.num_batches_tracked", "fc.bias");
        assertThat(t.get("bn1.num_batches_tracked").kind()).isEqualTo(HostTensor.Kind.INT64);
    }

    @Test
    void findsTheStateDictInsideAWrapperAndSkipsOtherTensors() throws Exception {
        Map<String, HostTensor> t = read("wrapped_module.pth");
        assertAllAsExpected("wrapped_module.pth", t);
        assertThat(t.keySet()).allMatch(k -> k.startsWith("module."));
    }

    @Test
    void readsANamedEntry() throws Exception {
        Map<String, HostTensor> t = TorchCheckpointReader.strict()
                .readStateDict(Fixtures.path("wrapped_module.pth"), "state_dict");
        assertThat(t).containsKey("module.down_tr64.ops.0.conv1.weight");
    }

    @Test
    @SuppressWarnings("unchecked")
    void readsTheWholeObjectTree() throws Exception {
        Map<Object, Object> root = (Map<Object, Object>) TorchCheckpointReader.strict()
                .readObject(Fixtures.path("wrapped_module.pth"));
        assertThat(root.keySet()).containsExactly("epoch", "state_dict", "optimizer_state_dict", "best_loss", "info");
        assertThat(root.get("epoch")).isEqualTo(7L);
        assertThat(root.get("best_loss")).isEqualTo(0.25);
        assertThat((List<Object>) root.get("info")).containsExactly(1.5, null, true, "text", List.of(1L, 2L));
        Map<Object, Object> optimizer = (Map<Object, Object>) root.get("optimizer_state_dict");
        Map<Object, Object> state = (Map<Object, Object>) optimizer.get("state");
        // optimizer state is keyed by parameter index and holds momentum tensors
        assertThat(state.keySet()).contains(0L);
        assertThat(((Map<Object, Object>) state.get(0L)).get("momentum_buffer")).isInstanceOf(HostTensor.class);
        List<Object> groups = (List<Object>) optimizer.get("param_groups");
        assertThat(((Map<Object, Object>) groups.get(0)).get("lr")).isEqualTo(0.1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLenientReaderKeepsUnknownObjectsOpaque() throws Exception {
        Map<String, HostTensor> t = TorchCheckpointReader.lenient().readStateDict(Fixtures.path("with_namespace.pth"));
        assertThat(t).containsKey("down_tr64.ops.0.conv1.weight");
        Map<Object, Object> root = (Map<Object, Object>) TorchCheckpointReader.lenient()
                .readObject(Fixtures.path("with_namespace.pth"));
        assertThat(root.get("args")).isInstanceOfSatisfying(PickledObject.class,
                p -> assertThat(p.global()).isEqualTo("argparse.Namespace"));
    }

    @Test
    void sharedStoragesAreReadOnceAndViewedIndependently() throws Exception {
        Map<String, HostTensor> t = read("dtypes.pth");
        float[] rows = t.get("rows").toFloatArray();
        float[] column = t.get("column").toFloatArray();
        // rows = base[1:], column = base[:, 2]: base[1][2] appears in both
        assertThat(column[1]).isEqualTo(rows[2]);
        assertThat(column[2]).isEqualTo(rows[4 + 2]);
    }
}
