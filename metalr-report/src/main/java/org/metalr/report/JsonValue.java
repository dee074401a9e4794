package org.metalr.report;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node of a run's JSON file together with its file and its key path ({@code testSelected.auc[2]}),
 * so every type error names both. A key that is absent reads as {@link #present() not present};
 * JSON {@code null} as a number reads as NaN (the trainer writes NaN and the infinities as null).
 */
final class JsonValue {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path file;
    private final String path;
    private final JsonNode node;

    private JsonValue(Path file, String path, JsonNode node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    /**
     * Parses {@code file}, which must hold one JSON object.
     *
     * @throws java.nio.file.NoSuchFileException if the file is absent
     * @throws RunFileException naming the file, line and column if it is not JSON, or if it holds
     *     something other than one object
     */
    static JsonValue readObject(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        JsonNode tree;
        try (JsonParser parser = MAPPER.createParser(bytes)) {
            tree = MAPPER.readTree(parser);
            if (tree != null && parser.nextToken() != null) {
                throw new RunFileException(file, "unexpected content after the JSON object at line "
                        + parser.currentLocation().getLineNr());
            }
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new RunFileException(file, "not valid JSON: " + e.getOriginalMessage() + where, e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new RunFileException(file, "empty; expected a JSON object");
        }
        if (!tree.isObject()) {
            throw new RunFileException(file, "holds a JSON " + kind(tree) + "; expected an object");
        }
        return new JsonValue(file, "", tree);
    }

    Path file() {
        return file;
    }

    String path() {
        return path.isEmpty() ? "(top level)" : path;
    }

    /** Whether the key exists (with any value, null included). */
    boolean present() {
        return node != null && !node.isMissingNode();
    }

    /** Whether the key exists and is not null. */
    boolean hasValue() {
        return present() && !node.isNull();
    }

    /** The member {@code key}; not present when absent. */
    JsonValue get(String key) throws RunFileException {
        if (hasValue() && !node.isObject()) {
            throw error("an object (to read '" + key + "' from)");
        }
        String child = path.isEmpty() ? key : path + "." + key;
        return new JsonValue(file, child, hasValue() ? node.get(key) : null);
    }

    /** The member names of an object, in file order. */
    List<String> keys() throws RunFileException {
        requireObject();
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** The object's members, in file order. */
    Map<String, JsonValue> members() throws RunFileException {
        Map<String, JsonValue> out = new LinkedHashMap<>();
        for (String k : keys()) {
            out.put(k, get(k));
        }
        return out;
    }

    boolean isObject() {
        return hasValue() && node.isObject();
    }

    void requireObject() throws RunFileException {
        if (!isObject()) {
            throw error("an object");
        }
    }

    /** The elements of an array. */
    List<JsonValue> elements() throws RunFileException {
        if (!hasValue() || !node.isArray()) {
            throw error("an array");
        }
        List<JsonValue> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            out.add(new JsonValue(file, path + "[" + i + "]", node.get(i)));
        }
        return out;
    }

    /** A number; null reads as NaN. */
    double number() throws RunFileException {
        if (present() && node.isNull()) {
            return Double.NaN;
        }
        if (!present() || !node.isNumber()) {
            throw error("a number");
        }
        return node.doubleValue();
    }

    /** A whole number. */
    long whole() throws RunFileException {
        if (!hasValue() || !node.canConvertToExactIntegral() || !node.canConvertToLong()) {
            throw error("a whole number");
        }
        return node.longValue();
    }

    /** A string. */
    String text() throws RunFileException {
        if (!hasValue() || !node.isTextual()) {
            throw error("a string");
        }
        return node.textValue();
    }

    boolean bool() throws RunFileException {
        if (!hasValue() || !node.isBoolean()) {
            throw error("true or false");
        }
        return node.booleanValue();
    }

    /** An array of numbers (null elements as NaN). */
    List<Double> numbers() throws RunFileException {
        List<Double> out = new ArrayList<>();
        for (JsonValue e : elements()) {
            out.add(e.number());
        }
        return List.copyOf(out);
    }

    /** An array of strings. */
    List<String> texts() throws RunFileException {
        List<String> out = new ArrayList<>();
        for (JsonValue e : elements()) {
            out.add(e.text());
        }
        return List.copyOf(out);
    }

    /**
     * Flattens this value for a key/value table: object members become {@code prefix.key}, elements
     * of arrays holding objects or arrays become {@code prefix[i]}, arrays of scalars one compact
     * text, scalars their JSON text (strings unquoted).
     */
    void flattenInto(String prefix, Map<String, String> out) {
        flatten(prefix, node, out);
    }

    private static void flatten(String prefix, JsonNode n, Map<String, String> out) {
        if (n == null || n.isMissingNode()) {
            return;
        }
        if (n.isObject()) {
            if (n.isEmpty()) {
                out.put(prefix, "{}");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (n.isArray() && containsContainers(n)) {
            for (int i = 0; i < n.size(); i++) {
                flatten(prefix + "[" + i + "]", n.get(i), out);
            }
        } else {
            out.put(prefix, scalarText(n));
        }
    }

    private static boolean containsContainers(JsonNode array) {
        for (JsonNode e : array) {
            if (e.isContainerNode()) {
                return true;
            }
        }
        return false;
    }

    /** Strings unquoted; arrays of scalars as {@code [a, b]}; everything else as JSON text. */
    private static String scalarText(JsonNode n) {
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isArray()) {
            List<String> parts = new ArrayList<>();
            n.forEach(e -> parts.add(e.isTextual() ? e.textValue() : e.toString()));
            return "[" + String.join(", ", parts) + "]";
        }
        return n.toString();
    }

    RunFileException error(String expected) {
        String found = !present() ? "nothing (the key is absent)" : "a JSON " + kind(node);
        return new RunFileException(file, path() + ": expected " + expected + ", found " + found);
    }

    private static String kind(JsonNode n) {
        if (n.isNull()) {
            return "null";
        }
        if (n.isTextual()) {
            return "string";
        }
        if (n.isArray()) {
            return "array";
        }
        if (n.isObject()) {
            return "object";
        }
        if (n.isBoolean()) {
            return "boolean";
        }
        return n.isNumber() ? "number" : n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }
}
