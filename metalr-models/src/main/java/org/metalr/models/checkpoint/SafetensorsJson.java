package org.metalr.models.checkpoint;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The JSON of safetensors headers, through Jackson. Reading gives plain Java values: objects as
 * insertion-ordered {@code Map}s, arrays as {@code List}s, integers as {@link Long}, other numbers as
 * {@link Double}, strings, booleans, null; a duplicate key, an integer beyond 64 bits, nesting deeper
 * than 64 levels and anything but whitespace after the value are errors. Writing is compact (no spaces), in the
 * maps' order, with the escapes this project's headers have always had, so headers are byte for byte
 * what earlier versions wrote: {@code \"}, {@code \\}, {@code \n}, {@code \r}, {@code \t}, every other
 * control character as six characters, backslash, {@code u} and four lower-case hex digits,
 * everything else (non-ASCII included) as UTF-8.
 */
final class SafetensorsJson {

    /** Nesting bound: headers are two levels deep; this keeps hostile input from going deeper. */
    private static final int MAX_DEPTH = 64;

    private static final ObjectMapper MAPPER = JsonMapper.builder(new JsonFactoryBuilder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                    .characterEscapes(new HeaderEscapes())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private SafetensorsJson() {}

    /**
     * Parses a header.
     *
     * @throws JsonProcessingException if it is not well-formed JSON; {@link #describe} words it
     */
    static Object parse(String text) throws JsonProcessingException {
        return MAPPER.readValue(text, Object.class);
    }

    /** What went wrong in {@code e}, and at which character of the text (counted from 0). */
    static String describe(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return e.getOriginalMessage() + (at == null || at.getCharOffset() < 0 ? "" : " at character " + at.getCharOffset());
    }

    /**
     * The UTF-8 bytes of {@code header}: maps with string keys, lists, {@code long[]}s, strings, numbers,
     * booleans and null. Encoded from a String as before (Jackson's byte generator would escape
     * characters beyond the BMP once custom escapes are set); an unpaired surrogate becomes '?'.
     *
     * @throws IllegalArgumentException if a value is of a type Jackson cannot write
     */
    static byte[] write(Map<String, Object> header) {
        try {
            return MAPPER.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write a safetensors header: " + e.getOriginalMessage(), e);
        }
    }

    /** Jackson's escapes, but \b, \f and the control characters without a short escape in lower-case hex. */
    private static final class HeaderEscapes extends CharacterEscapes {

        private static final long serialVersionUID = 1L;

        private final int[] escapes = standardAsciiEscapesForJSON();

        HeaderEscapes() {
            for (int c = 0; c < 0x20; c++) {
                if (c != '\n' && c != '\r' && c != '\t') {
                    escapes[c] = ESCAPE_CUSTOM;
                }
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        /** Asked for the custom ASCII escapes and for every non-ASCII character (null: write it as UTF-8). */
        @Override
        public SerializableString getEscapeSequence(int c) {
            return c < 0x20 ? new SerializedString(String.format("\\u%04x", c)) : null;
        }
    }
}
