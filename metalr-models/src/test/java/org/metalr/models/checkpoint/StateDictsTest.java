package org.metalr.models.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.metalr.api.HostTensor;

class StateDictsTest {

    private static final HostTensor T = HostTensor.of(new float[] {1f}, 1);

    private static Map<Object, Object> map(Object... kv) {
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void theTopLevelDict() throws Exception {
        assertThat(StateDicts.extract(map("a", T, "b", T), "f")).containsOnlyKeys("a", "b");
    }

    @Test
    void underEachWrapperKeyAndNested() throws Exception {
        for (String key : StateDicts.WRAPPER_KEYS) {
            assertThat(StateDicts.extract(map("epoch", 3L, key, map("w", T)), "f")).containsOnlyKeys("w");
        }
        assertThat(StateDicts.extract(map("model", map("state_dict", map("w", T))), "f")).containsOnlyKeys("w");
    }

    @Test
    void nothingLikeAStateDict() {
        assertThatThrownBy(() -> StateDicts.extract(map("epoch", 3L, "args", "x"), "f"))
                .isInstanceOf(CheckpointException.class)
                .hasMessage("f: no state dict found: expected a dict of tensors, or one under state_dict,"
                        + " model_state_dict, model, net; top-level keys: [epoch, args]");
        assertThatThrownBy(() -> StateDicts.extract(List.of(T), "f"))
                .hasMessage("f: holds a list or tuple, not a dict of tensors");
    }

    @Test
    void aNonTensorAmongTensorsIsNamed() {
        assertThatThrownBy(() -> StateDicts.extract(map("w", T, "step", 5L), "f"))
                .isInstanceOfSatisfying(CheckpointException.class, e -> assertThat(e.key()).isEqualTo("step"))
                .hasMessage("f: tensor 'step': is a number (5), not a tensor");
    }

    @Test
    void aNamedEntry() throws Exception {
        assertThat(StateDicts.extract(map("ema", map("w", T), "state_dict", map("v", T)), "f", "ema")).containsOnlyKeys("w");
        assertThatThrownBy(() -> StateDicts.extract(map("ema", 1L), "f", "ema"))
                .hasMessage("f: entry 'ema' is a number (1), not a dict of tensors");
    }
}
