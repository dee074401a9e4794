package org.metalr.train.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import org.metalr.train.metrics.EvaluationMetrics;

/**
 * The JSON files of a run folder, {@code metrics.json} and {@code config.json}, and any other JSON
 * the run writes: Java records, maps, lists and Jackson-annotated classes (such as the metrics of
 * {@code org.metalr.train.metrics}), written pretty-printed (two-space indent, a final line break)
 * and atomically ({@link AtomicFiles}), map entries and record components in their own order.
 *
 * <p>Numbers: doubles are written with {@link Double#toString} and read back to the same double;
 * {@code NaN} and the infinities, which JSON cannot hold, are written as {@code null}. Reading
 * {@code null} into a {@code double} or an element of a {@code double[]} gives {@code NaN} (a boxed
 * {@code Double} stays {@code null}). Reading fails on properties the target type does not know.
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
     * {@code value} as pretty-printed JSON text, non-finite numbers as {@code null}.
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
     * {@code value} as a JSON tree, as {@link #write} would write it (non-finite numbers as {@code null}).
     *
     * @throws IllegalArgumentException if Jackson cannot represent {@code value}
     */
    public static JsonNode toTree(Object value) {
        return nonFiniteAsNull(MAPPER.valueToTree(value));
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
            throw new IllegalArgumentException("JSON does not fit " + type.getSimpleName() + ": " + e.getOriginalMessage(),
                    e);
        }
    }

    /**
     * Reads {@code file} as a {@code type}.
     *
     * @throws IOException naming the file, and the line and column where parsing stopped, if the file
     *     is missing, is not JSON, or does not fit {@code type}
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
                throw new IOException("empty file");
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
                throw new IOException("unexpected content after the JSON value at line "
                        + parser.currentLocation().getLineNr());
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": " + e.getOriginalMessage() + location(e), e);
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    /** Replaces every NaN or infinite number in {@code node} by {@code null}, in place. */
    private static JsonNode nonFiniteAsNull(JsonNode node) {
        if (isNonFinite(node)) {
            return NullNode.getInstance();
        }
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                object.set(name, nonFiniteAsNull(object.get(name)));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, nonFiniteAsNull(array.get(i)));
            }
        }
        return node;
    }

    private static boolean isNonFinite(JsonNode node) {
        return node != null && node.isFloatingPointNumber() && !node.isBigDecimal() && !Double.isFinite(node.doubleValue());
    }

    /** A {@code double} that reads {@code null} as NaN. */
    private static final class NullAsNaN extends StdDeserializer<Double> {
        NullAsNaN() {
            super(double.class);
        }

        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != null && p.currentToken().isNumeric()) {
                return p.getDoubleValue();
            }
            return (Double) ctxt.handleUnexpectedToken(double.class, p);
        }

        @Override
        public Double getNullValue(DeserializationContext ctxt) {
            return Double.NaN;
        }
    }

    /** A {@code double[]} whose {@code null} elements read as NaN. */
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
                double v;
                if (t == JsonToken.VALUE_NULL) {
                    v = Double.NaN;
                } else if (t.isNumeric()) {
                    v = p.getDoubleValue();
                } else {
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
