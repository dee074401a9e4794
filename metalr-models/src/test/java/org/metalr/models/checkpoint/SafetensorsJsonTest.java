package org.metalr.models.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The header JSON: the values the readers expect, its refusals, and the writer's escapes. */
class SafetensorsJsonTest {

    @Test
    void parsesWhatHeadersHoldInOrder() throws Exception {
        Object parsed = SafetensorsJson.parse(" {\"z\" : [1, -2, 3.5e1, true, false, null], \"b\\u00e9\\n\": {}, \"a\": 9223372036854775807} ");
        assertThat(parsed).isEqualTo(Map.of("z", Arrays.asList(1L, -2L, 35.0, true, false, null), "bé\n", Map.of(),
                "a", Long.MAX_VALUE));
        assertThat(List.<Object>copyOf(((Map<?, ?>) parsed).keySet())).containsExactly("z", "bé\n", "a");
    }

    private static String failure(String json) {
        try {
            SafetensorsJson.parse(json);
        } catch (JsonProcessingException e) {
            return SafetensorsJson.describe(e);
        }
        throw new AssertionError("parsed " + json);
    }

    @Test
    void refusesDuplicateKeysBigIntegersTrailingContentAndDeepNesting() {
        assertThat(failure("{\"a\":1,\"a\":2}")).isEqualTo("Duplicate field 'a' at character 10");
        assertThat(failure("[9223372036854775808]")).startsWith("Numeric value (9223372036854775808) out of range of long");
        assertThat(failure("[1 2]")).endsWith(" at character 3");
        assertThatThrownBy(() -> SafetensorsJson.parse("{} x")).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> SafetensorsJson.parse("{}{}")).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> SafetensorsJson.parse("[".repeat(100) + "]".repeat(100)))
                .isInstanceOf(JsonProcessingException.class).hasMessageContaining("64");
        assertThatThrownBy(() -> SafetensorsJson.parse("{'a': 1}")).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> SafetensorsJson.parse("[NaN]")).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void writesCompactlyWithTheEarlierEscapes() {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("k\"\\\t\n\r\b\f\u0001\u001f/\u007f é", List.of(1L, "x", true));
        header.put("n", new long[] {3, -4});
        assertThat(new String(SafetensorsJson.write(header), StandardCharsets.UTF_8))
                .isEqualTo("{\"k\\\"\\\\\\t\\n\\r\\u0008\\u000c\\u0001\\u001f/\u007f é\":[1,\"x\",true],\"n\":[3,-4]}");
    }

    @Test
    void charactersBeyondTheBasicPlaneAreUtf8AndUnpairedSurrogatesQuestionMarks() {
        // as String.getBytes(UTF_8) writes them, which is what the header writer did before Jackson
        assertThat(SafetensorsJson.write(Map.of("\ud83d\ude00 \ud800", 1L)))
                .isEqualTo("{\"\ud83d\ude00 ?\":1}".getBytes(StandardCharsets.UTF_8));
    }
}
