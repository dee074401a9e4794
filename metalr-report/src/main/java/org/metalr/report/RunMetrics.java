package org.metalr.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a run's {@code metrics.json} holds, read leniently: every known key is optional (its absence
 * is listed in {@link #missing()}), keys this class does not know are kept, flattened, in
 * {@link #other()}. A known key with a value of the wrong type is an error. Immutable.
 *
 * <p>Known keys: {@code status}, {@code message}, {@code method}, {@code classes}, {@code groups},
 * {@code frozen}, {@code iterations}, {@code epochsCompleted}, {@code selectedEpoch}, {@code epochs}
 * (each with {@code epoch}, {@code passes}, {@code iteration}, {@code trainLoss},
 * {@code validationLoss}, {@code validation}), {@code testSelected}, {@code testLast},
 * {@code learningRates}, {@code seconds}.
 *
 * @param status        {@code finished}, {@code stopped}, {@code diverged}, ...; null when absent
 * @param message       why the run stopped early; null when absent
 * @param method        the method's spelling; null when absent
 * @param classes       class names by index; empty when absent
 * @param groups        parameter group names in depth order; empty when absent
 * @param frozen        per group, whether the method froze it; empty when absent
 * @param iterations    iterations taken; -1 when absent
 * @param selectedEpoch the epoch of the selected model; null when absent
 * @param epochs        every finished epoch
 * @param testSelected  test figures of the selected model; null when absent
 * @param testLast      test figures of the last epoch's model; null when absent
 * @param learningRates final learning rate by group; empty when absent
 * @param seconds       wall time; NaN when absent
 * @param other         keys this class does not know, flattened to text
 * @param missing       known key paths the file lacks
 */
public record RunMetrics(String status, String message, String method, List<String> classes, List<String> groups,
        List<Boolean> frozen, long iterations, Integer selectedEpoch, List<EpochSummary> epochs,
        Evaluation testSelected, Evaluation testLast, Map<String, Double> learningRates, double seconds,
        Map<String, String> other, List<String> missing) {

    /** The file's name in a run folder. */
    public static final String FILE_NAME = "metrics.json";

    private static final Set<String> KNOWN = Set.of("status", "message", "method", "classes", "groups", "frozen",
            "iterations", "epochsCompleted", "selectedEpoch", "epochs", "testSelected", "testLast", "learningRates",
            "seconds");

    /**
     * One finished epoch.
     *
     * @param epoch          the epoch, from 1
     * @param passes         passes over the training set it took (AutoLR may redo an epoch); 0 when absent
     * @param iteration      the run's iteration count at its end; -1 when absent
     * @param trainLoss      mean training loss; NaN when absent
     * @param validationLoss mean validation loss after it; NaN when absent
     * @param validation     validation figures after it; null when absent
     */
    public record EpochSummary(int epoch, int passes, long iteration, double trainLoss, double validationLoss,
            Evaluation validation) {
    }

    public RunMetrics {
        classes = List.copyOf(classes);
        groups = List.copyOf(groups);
        frozen = List.copyOf(frozen);
        epochs = List.copyOf(epochs);
        learningRates = Collections.unmodifiableMap(new LinkedHashMap<>(learningRates));
        other = Collections.unmodifiableMap(new LinkedHashMap<>(other));
        missing = List.copyOf(missing);
    }

    /** The record of the selected epoch, if the file names one that it lists. */
    public Optional<EpochSummary> selected() {
        return epochs.stream().filter(e -> selectedEpoch != null && e.epoch() == selectedEpoch).findFirst();
    }

    /** Class names for {@code count} classes: the file's, else {@code class 0}, {@code class 1}, ... */
    public List<String> classNames(int count) {
        if (classes.size() == count) {
            return classes;
        }
        List<String> out = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            out.add("class " + c);
        }
        return out;
    }

    /**
     * Reads {@code metrics.json}.
     *
     * @throws java.nio.file.NoSuchFileException if the file is absent
     * @throws RunFileException naming the file and key if it is not a JSON object or a known key holds a
     *     value of the wrong type (a string where a number belongs, a non-square confusion matrix, per-class
     *     figures whose count differs from the classes')
     */
    public static RunMetrics read(Path file) throws IOException {
        JsonValue root = JsonValue.readObject(file);
        List<String> missing = new ArrayList<>();
        String status = optionalText(root.get("status"), missing, true);
        String message = optionalText(root.get("message"), missing, false);
        String method = optionalText(root.get("method"), missing, true);
        List<String> classes = texts(root.get("classes"), missing);
        List<String> groups = texts(root.get("groups"), missing);
        List<Boolean> frozen = new ArrayList<>();
        if (root.get("frozen").hasValue()) {
            for (JsonValue f : root.get("frozen").elements()) {
                frozen.add(f.bool());
            }
            if (!groups.isEmpty() && frozen.size() != groups.size()) {
                throw new RunFileException(file, "frozen: " + frozen.size() + " flags for " + groups.size() + " groups");
            }
        }
        long iterations = root.get("iterations").hasValue() ? root.get("iterations").whole() : -1;
        Integer selectedEpoch = root.get("selectedEpoch").hasValue() ? (int) root.get("selectedEpoch").whole() : null;

        List<EpochSummary> epochs = new ArrayList<>();
        Set<String> epochMissing = new LinkedHashSet<>();
        JsonValue epochList = root.get("epochs");
        if (epochList.hasValue()) {
            for (JsonValue e : epochList.elements()) {
                epochs.add(epoch(e, epochs.size() + 1, classes.size(), epochMissing));
            }
        } else {
            missing.add("epochs");
        }
        missing.addAll(epochMissing);

        Evaluation testSelected = evaluation(root.get("testSelected"), classes.size(), missing);
        Evaluation testLast = evaluation(root.get("testLast"), classes.size(), missing);

        Map<String, Double> learningRates = new LinkedHashMap<>();
        JsonValue lrs = root.get("learningRates");
        if (lrs.hasValue()) {
            for (Map.Entry<String, JsonValue> e : lrs.members().entrySet()) {
                learningRates.put(e.getKey(), e.getValue().number());
            }
        } else {
            missing.add("learningRates");
        }
        double seconds = root.get("seconds").hasValue() ? root.get("seconds").number() : Double.NaN;

        Map<String, String> other = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> e : root.members().entrySet()) {
            // A key the trainer leaves null (AutoLR's state for other methods) says nothing.
            if (!KNOWN.contains(e.getKey()) && e.getValue().hasValue()) {
                e.getValue().flattenInto(e.getKey(), other);
            }
        }
        return new RunMetrics(status, message, method, classes, groups, frozen, iterations, selectedEpoch, epochs,
                testSelected, testLast, learningRates, seconds, other, missing);
    }

    private static String optionalText(JsonValue v, List<String> missing, boolean expected) throws RunFileException {
        if (v.hasValue()) {
            return v.text();
        }
        if (expected && !v.present()) {
            missing.add(v.path());
        }
        return null;
    }

    private static List<String> texts(JsonValue v, List<String> missing) throws RunFileException {
        if (v.hasValue()) {
            return v.texts();
        }
        missing.add(v.path());
        return List.of();
    }

    private static Evaluation evaluation(JsonValue v, int classes, List<String> missing) throws RunFileException {
        if (!v.hasValue()) {
            missing.add(v.path());
            return null;
        }
        Evaluation e = Evaluation.read(v, classes);
        missing.addAll(e.missing());
        return e;
    }

    private static EpochSummary epoch(JsonValue e, int position, int classes, Set<String> missing)
            throws RunFileException {
        e.requireObject();
        int epoch = e.get("epoch").hasValue() ? (int) e.get("epoch").whole() : position;
        int passes = e.get("passes").hasValue() ? (int) e.get("passes").whole() : 0;
        long iteration = e.get("iteration").hasValue() ? e.get("iteration").whole() : -1;
        List<String> found = new ArrayList<>();
        double train = ClassificationResult.figure(e.get("trainLoss"), found);
        double validationLoss = ClassificationResult.figure(e.get("validationLoss"), found);
        Evaluation validation = null;
        if (e.get("validation").hasValue()) {
            validation = Evaluation.read(e.get("validation"), classes);
            found.addAll(validation.missing());
        } else {
            found.add(e.get("validation").path());
        }
        // One entry per key, not per epoch: epochs[*].trainLoss
        for (String path : found) {
            missing.add(path.replaceFirst("^epochs\\[\\d+]", "epochs[*]"));
        }
        return new EpochSummary(epoch, passes, iteration, train, validationLoss, validation);
    }
}
