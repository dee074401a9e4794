package org.metalr.runs;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.metalr.api.io.AtomicFiles;
import org.metalr.runs.metrics.EvaluationMetrics;

/**
 * The JSON files of a run folder, {@code metrics.json} ({@link RunReport}) and {@code config.json}
 * ({@link RunConfig}), and any other JSON a run or a comparison writes: Java records, maps, lists and
 * Jackson-annotated classes (such as the figures of {@link org.metalr.runs.metrics}), written
 * pretty-printed (two-space indent, a final line break) and atomically ({@link AtomicFiles}), map
 * entries and record components in their own order.
 *
 * <p>Numbers: doubles are written with {@link Double#toString} and read back to the same double.
 * JSON cannot hold NaN or the infinities: {@code NaN} (a figure that is undefined) is written as
 * {@code null}, {@code +Infinity} and {@code -Infinity} (an HD95 against an empty mask) as the strings
 * {@code "Infinity"} and {@code "-Infinity"}, which Python's {@code float()} reads. Reading {@code null}
 * into a {@code double} or an element of a {@code double[]} gives {@code NaN} (a boxed {@code Double}
 * stays {@code null}), the two strings give the infinities. Reading fails on properties the target type
 * does not know.
 *
 * <p>The mapper is shared and thread-safe; every method is static.
 */
public final class RunFiles {

    /** Evaluation results of a run. */
    public static final String METRICS = "metrics.json";
    /** Every setting of a run: enough to rerun it. */
    public static final String CONFIG = "config.json";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(new SimpleModule("metalr-non-finite")
                    .addDeserializer(double.class, new NullAsNaN())
                    .addDeserializer(Double.class, new BoxedDouble())
                    .addDeserializer(double[].class, new DoublesWithNulls())
                    .addDeserializer(EvaluationMetrics.class, new EvaluationMetrics.Reader()));

    private RunFiles() {
    }

    /**
     * Writes {@code value} as JSON to {@code file}, replacing it atomically.
     *
     * @throws IllegalArgumentException if Jackson cannot represent {@code value}
     * @throws IOException naming the file if it cannot be written
     */
    public static void write(Path file, Object value) throws IOException {
        Objects.requireNonNull(file, "file");
        AtomicFiles.writeString(file, toJson(value) + "\n");
    }

    /**
     * {@code value} as pretty-printed JSON text, non-finite numbers as the class comment says.
     *
     * @throws IllegalArgumentException if Jackson cannot represent {@code value}
     */
    public static String toJson(Object value) {
        JsonNode tree = toTree(value);
        try {
            return MAPPER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be printed", e);
        }
    }

    /**
     * {@code value} as a JSON tree, as {@link #write} would write it (non-finite numbers as the class comment says).
     *
     * @throws IllegalArgumentException if Jackson cannot represent {@code value}
     */
    public static JsonNode toTree(Object value) {
        return nonFinite(MAPPER.valueToTree(value));
    }

    /**
     * A JSON tree read as a {@code type}, as {@link #read(Path, Class)} reads a file ({@code null} as NaN).
     *
     * @throws IllegalArgumentException if the tree does not fit {@code type}
     */
    public static <T> T fromTree(JsonNode tree, Class<T> type) {
        Objects.requireNonNull(type, "type");
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("JSON does not fit " + type.getSimpleName() + ": " + where(e)
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads {@code file} as a {@code type}.
     *
     * @throws IOException naming the file if it is missing or cannot be read
     * @throws RunFileException naming the file, the key where reading stopped (and the line and column),
     *     if the file is not JSON or does not fit {@code type}
     */
    public static <T> T read(Path file, Class<T> type) throws IOException {
        Objects.requireNonNull(type, "type");
        return read(file, parser -> MAPPER.readValue(parser, type));
    }

    /** Reads {@code file} as the generic type {@code type} (say, a {@code Map<String, Double>}); as {@link #read(Path, Class)}. */
    public static <T> T read(Path file, TypeReference<T> type) throws IOException {
        Objects.requireNonNull(type, "type");
        return read(file, parser -> MAPPER.readValue(parser, type));
    }

    /** Reads {@code file} as a JSON tree; as {@link #read(Path, Class)}. */
    public static JsonNode readTree(Path file) throws IOException {
        return read(file, parser -> {
            JsonNode tree = MAPPER.readTree(parser);
            if (tree == null) {
                throw new RunFileException(file, "empty; expected a JSON value");
            }
            return tree;
        });
    }

    private interface Reading<T> {
        T from(JsonParser parser) throws IOException;
    }

    private static <T> T read(Path file, Reading<T> reading) throws IOException {
        Objects.requireNonNull(file, "file");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file", e);
        }
        try (JsonParser parser = MAPPER.createParser(new String(bytes, StandardCharsets.UTF_8))) {
            T value = reading.from(parser);
            if (parser.nextToken() != null) {
                throw new RunFileException(file, "unexpected content after the JSON value at line "
                        + parser.currentLocation().getLineNr());
            }
            return value;
        } catch (JsonProcessingException e) {
            // Jackson wraps a syntax error met while binding a value in a mapping exception: report it as syntax
            if (e.getCause() instanceof JsonParseException syntax) {
                throw new RunFileException(file, "not valid JSON: " + syntax.getOriginalMessage() + location(syntax), e);
            }
            if (e instanceof JsonParseException) {
                throw new RunFileException(file, "not valid JSON: " + e.getOriginalMessage() + location(e), e);
            }
            throw new RunFileException(file, where(e) + e.getOriginalMessage() + location(e), e);
        }
    }

    /** {@code "testSelected.auc[2]: "}: the JSON path where a mapping failed, or nothing at the top. */
    private static String where(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException m) || m.getPath().isEmpty()) {
            return "";
        }
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "" : path + ": ";
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    /** Replaces, in place, every NaN in {@code node} by {@code null} and every infinity by its string. */
    private static JsonNode nonFinite(JsonNode node) {
        if (node != null && node.isFloatingPointNumber() && !node.isBigDecimal() && !Double.isFinite(node.doubleValue())) {
            double v = node.doubleValue();
            return Double.isNaN(v) ? NullNode.getInstance() : TextNode.valueOf(v > 0 ? INFINITY : MINUS_INFINITY);
        }
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                object.set(name, nonFinite(object.get(name)));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, nonFinite(array.get(i)));
            }
        }
        return node;
    }

    private static final String INFINITY = "Infinity";
    private static final String MINUS_INFINITY = "-Infinity";

    /**
     * The double at the parser's token: a number, {@code "Infinity"} or {@code "-Infinity"}; null for
     * any other token, which the caller reports.
     */
    private static Double number(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t != null && t.isNumeric()) {
            return p.getDoubleValue();
        }
        if (t == JsonToken.VALUE_STRING) {
            String text = p.getText();
            if (INFINITY.equals(text)) {
                return Double.POSITIVE_INFINITY;
            }
            if (MINUS_INFINITY.equals(text)) {
                return Double.NEGATIVE_INFINITY;
            }
        }
        return null;
    }

    /** A {@code Double} that reads the infinities' strings; {@code null} stays null. */
    private static class BoxedDouble extends StdDeserializer<Double> {
        BoxedDouble() {
            this(Double.class);
        }

        BoxedDouble(Class<?> type) {
            super(type);
        }

        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Double v = number(p);
            return v != null ? v : (Double) ctxt.handleUnexpectedToken(handledType(), p);
        }
    }

    /** A {@code double} that reads as {@link BoxedDouble} does, and {@code null} (and an absent value) as NaN. */
    private static final class NullAsNaN extends BoxedDouble {
        NullAsNaN() {
            super(double.class);
        }

        @Override
        public Double getNullValue(DeserializationContext ctxt) {
            return Double.NaN;
        }
    }

    /** A {@code double[]} whose {@code null} elements read as NaN, and the infinities' strings as infinities. */
    private static final class DoublesWithNulls extends StdDeserializer<double[]> {
        DoublesWithNulls() {
            super(double[].class);
        }

        @Override
        public double[] deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.isExpectedStartArrayToken()) {
                return (double[]) ctxt.handleUnexpectedToken(double[].class, p);
            }
            double[] out = new double[8];
            int n = 0;
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                Double v = t == JsonToken.VALUE_NULL ? Double.valueOf(Double.NaN) : number(p);
                if (v == null) {
                    return (double[]) ctxt.handleUnexpectedToken(double[].class, p);
                }
                if (n == out.length) {
                    out = Arrays.copyOf(out, n * 2);
                }
                out[n++] = v;
            }
            return Arrays.copyOf(out, n);
        }
    }
}
