package org.metalr.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.metalr.runs.LossesCsv;
import org.metalr.runs.LrTrajectoryCsv;
import org.metalr.runs.MetricsCsv;
import org.metalr.runs.RunConfig;
import org.metalr.runs.RunFileException;
import org.metalr.runs.RunFiles;
import org.metalr.runs.RunReport;

/**
 * The files of one run folder that a report shows, each read if present through the run folder's
 * schema ({@code org.metalr.runs}): {@code config.json}, {@code metrics.json}, {@code lr_trajectory.csv},
 * {@code losses.csv} and {@code metrics.csv}. An absent file is noted in {@link #absent()}; a present but
 * malformed one is an error. Immutable.
 *
 * @param dir        the folder
 * @param config     its settings; null when absent
 * @param metrics    its results; null when absent
 * @param trajectory its learning-rate log; null when absent
 * @param losses     its per-iteration losses; null when absent
 * @param epochs     its per-epoch figures; null when absent
 * @param absent     one line per file the folder lacks, or key its {@code metrics.json} lacks
 * @param other      entries of {@code metrics.json} this version does not know, flattened to text
 */
public record RunFolder(Path dir, RunConfig config, RunReport metrics, LrTrajectoryCsv.Trajectory trajectory,
        LossesCsv.History losses, MetricsCsv.Table epochs, List<String> absent, Map<String, String> other) {

    /** {@code metrics.json}'s keys, as {@link RunReport} names them, and the one older name it reads. */
    private static final Set<String> METRICS_KEYS = metricsKeys();

    public RunFolder {
        Objects.requireNonNull(dir, "dir");
        absent = List.copyOf(absent);
        other = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(other));
    }

    /**
     * Reads the run folder {@code dir}.
     *
     * @throws RunFileException if {@code dir} is not a directory, or holds none of the files (the user
     *     named it); naming the file, and the line or key, when a file is malformed
     * @throws IOException if a file cannot be read
     */
    public static RunFolder read(Path dir) throws IOException {
        Objects.requireNonNull(dir, "dir");
        if (!Files.isDirectory(dir)) {
            throw new RunFileException(dir, "not a run folder (no such directory)");
        }
        List<String> absent = new ArrayList<>();
        RunConfig config = present(dir, RunConfig.FILE_NAME, absent, "the run's settings are not shown")
                ? RunFiles.read(dir.resolve(RunConfig.FILE_NAME), RunConfig.class) : null;
        RunReport metrics = null;
        Map<String, String> other = new LinkedHashMap<>();
        if (present(dir, RunFiles.METRICS, absent, "no epochs or test results are shown")) {
            Path file = dir.resolve(RunFiles.METRICS);
            JsonNode tree = RunFiles.readTree(file);
            metrics = RunFiles.read(file, RunReport.class);
            for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!METRICS_KEYS.contains(e.getKey()) && !e.getValue().isNull()) {
                    RunConfig.flatten(e.getValue()).forEach((k, v) -> other.put(k.isEmpty() ? e.getKey()
                            : e.getKey() + "." + k, v));
                }
            }
            for (String key : List.of("classes", "groups", "epochs", "testSelected", "testLast", "learningRates")) {
                if (!tree.has(key) || tree.get(key).isNull()) {
                    absent.add(RunFiles.METRICS + " has no " + key + ".");
                }
            }
        }
        LrTrajectoryCsv.Trajectory trajectory = present(dir, LrTrajectoryCsv.FILE_NAME, absent,
                "no learning-rate curves are drawn") ? LrTrajectoryCsv.read(dir.resolve(LrTrajectoryCsv.FILE_NAME)) : null;
        LossesCsv.History losses = present(dir, LossesCsv.FILE_NAME, absent,
                "the loss curve shows per-epoch losses only") ? LossesCsv.read(dir.resolve(LossesCsv.FILE_NAME)) : null;
        MetricsCsv.Table epochs = Files.isRegularFile(dir.resolve(MetricsCsv.FILE_NAME))
                ? MetricsCsv.read(dir.resolve(MetricsCsv.FILE_NAME)) : null;
        if (config == null && metrics == null && trajectory == null && losses == null) {
            throw new RunFileException(dir, "not a run folder: it holds none of " + RunConfig.FILE_NAME + ", "
                    + RunFiles.METRICS + ", " + LrTrajectoryCsv.FILE_NAME + ", " + LossesCsv.FILE_NAME);
        }
        return new RunFolder(dir, config, metrics, trajectory, losses, epochs, absent, other);
    }

    private static Set<String> metricsKeys() {
        Set<String> keys = new TreeSet<>(List.of("autoLr"));
        for (RecordComponent c : RunReport.class.getRecordComponents()) {
            keys.add(c.getName());
        }
        return keys;
    }

    private static boolean present(Path dir, String name, List<String> absent, String consequence) {
        if (Files.isRegularFile(dir.resolve(name))) {
            return true;
        }
        absent.add(name + " is absent: " + consequence + ".");
        return false;
    }

    /** The folder's name, for titles. */
    public String name() {
        Path n = dir.toAbsolutePath().normalize().getFileName();
        return n == null ? dir.toString() : n.toString();
    }

    /** The run's method: {@code metrics.json}'s, else {@code config.json}'s. */
    public Optional<String> method() {
        if (metrics != null && metrics.method() != null) {
            return Optional.of(metrics.method());
        }
        return config == null ? Optional.empty() : config.setting("train.method");
    }

    /**
     * The run's class names for {@code count} classes: {@code metrics.json}'s, else {@code class 0},
     * {@code class 1}, ...
     */
    public List<String> classNames(int count) {
        if (metrics != null && metrics.classes().size() == count) {
            return metrics.classes();
        }
        List<String> out = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            out.add("class " + c);
        }
        return out;
    }

    /** Per group whether the method froze it, or empty when the folder does not say for its groups. */
    public List<Boolean> frozen() {
        List<String> groups = trajectory != null ? trajectory.groups() : metrics != null ? metrics.groups() : List.of();
        if (metrics == null || metrics.frozen().length != groups.size()) {
            return List.of();
        }
        List<Boolean> out = new ArrayList<>();
        for (boolean f : metrics.frozen()) {
            out.add(f);
        }
        return out;
    }
}
