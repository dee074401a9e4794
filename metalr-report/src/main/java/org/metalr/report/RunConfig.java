package org.metalr.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A run's settings ({@code config.json}) flattened for a two-column table: nested keys joined with
 * dots ({@code train.optimizer.momentum}), arrays of numbers or strings as one compact value,
 * arrays of objects by index. Key order is the file's. Immutable.
 *
 * @param settings every setting, key to its text
 */
public record RunConfig(Map<String, String> settings) {

    /** The file's name in a run folder. */
    public static final String FILE_NAME = "config.json";

    public RunConfig {
        Objects.requireNonNull(settings, "settings");
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /**
     * Reads {@code config.json}, which may hold any settings as long as it is one JSON object.
     *
     * @throws java.nio.file.NoSuchFileException if the file is absent
     * @throws RunFileException naming the file (and line and column) if it is not JSON or not an object
     */
    public static RunConfig read(Path file) throws IOException {
        JsonValue root = JsonValue.readObject(file);
        Map<String, String> flat = new LinkedHashMap<>();
        root.flattenInto("", flat);
        return new RunConfig(flat);
    }

    /** The setting's text, or null if absent. */
    public String get(String key) {
        return settings.get(key);
    }
}
