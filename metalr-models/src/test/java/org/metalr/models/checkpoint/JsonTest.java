package org.metalr.models.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesWhatHeadersHold() throws Exception {
        assertThat(Json.parse(" {\"a\" : [1, -2, 3.5e1, true, false, null], \"b\\u00e9\\n\": {}} "))
                .isEqualTo(Map.of("a", Arrays.asList(1L, -2L, 35.0, true, false, null), "bé\n", Map.of()));
    }

    @Test
    void writesAndReadsBack() throws Exception {
        Object value = Map.of("k\"\\\t\u0001", List.of(1L, "x", true), "n", new long[] {3, 4});
        String text = Json.write(value);
        assertThat(Json.parse(text)).isEqualTo(Map.of("k\"\\\t\u0001", List.of(1L, "x", true), "n", List.of(3L, 4L)));
    }

    @Test
    void rejectsMalformedInput() {
        assertThatThrownBy(() -> Json.parse("")).hasMessage("unexpected end of input at character 0");
        assertThatThrownBy(() -> Json.parse("{\"a\":1")).hasMessage("unexpected end of input at character 6");
        assertThatThrownBy(() -> Json.parse("[1 2]")).hasMessage("expected ',' or ']' at character 3");
        assertThatThrownBy(() -> Json.parse("\"abc")).hasMessage("unterminated string at character 0");
        assertThatThrownBy(() -> Json.parse("{} x")).hasMessage("unexpected 'x' after the value at character 3");
        assertThatThrownBy(() -> Json.parse("99999999999999999999")).hasMessage("integer 99999999999999999999 out of range at character 0");
        assertThatThrownBy(() -> Json.parse("[tru]")).hasMessage("unexpected 't' at character 1");
        assertThatThrownBy(() -> Json.parse("\"\\x\"")).hasMessage("bad escape '\\x' at character 1");
        assertThatThrownBy(() -> Json.parse("[".repeat(100))).hasMessage("nesting deeper than 64 at character 65");
        assertThatThrownBy(() -> Json.write(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
