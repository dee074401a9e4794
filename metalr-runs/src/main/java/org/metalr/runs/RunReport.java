package org.metalr.runs;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metalr.runs.metrics.EvaluationMetrics;

/**
 * What a run did, written as its {@code metrics.json} by the trainer (after every epoch and at the end),
 * read back by the trainer's repetitions to skip finished runs and by the report. Keys this version does
 * not know (a later version's) are ignored on reading.
 *
 * @param status          {@value #FINISHED}; {@value #STOPPED} at the iteration limit (resumable);
 *                        {@value #RUNNING} while in progress (or killed: resumable); {@value #DIVERGED}
 *                        after a NaN or infinite loss or hypergradient; {@value #INTERRUPTED} when SIGINT or
 *                        SIGTERM stopped it (resumable); {@value #FAILED} when an error stopped it (a file
 *                        that would not decode, ...: resumable once fixed, or started afresh if no epoch
 *                        had finished)
 * @param message         why a run diverged, was interrupted or failed; null otherwise
 * @param method          the method's spelling
 * @param classes         class names, indexed by label (segmentation: the one foreground class)
 * @param groups          parameter group names, in depth order
 * @param frozen          per group, whether the method froze it
 * @param iterations      iterations taken
 * @param epochsCompleted epochs finished (validated)
 * @param selectedEpoch   the epoch of the selected model: best validation accuracy (segmentation: mean
 *                        Dice over the validation volumes), ties to the lower validation loss, then the
 *                        earlier epoch; null before the first epoch ends
 * @param epochs          every finished epoch
 * @param testSelected    test figures of the selected model ({@link org.metalr.runs.metrics.ClassificationMetrics}
 *                        or {@link org.metalr.runs.metrics.SegmentationMetrics}, with their bootstrap
 *                        intervals); null unless finished, and null for a run without a test set
 * @param testLast        test figures after the last epoch; as {@code testSelected}
 * @param validationOnly  why the run has no test figures: its data has no test set (a run of a training and
 *                        a validation set), so its figures are the validation set's ({@link #selectedFigures()});
 *                        null for a run with a test set
 * @param learningRates   every group's learning rate at the end
 * @param methodState     the method's own state at the end (the trainer's {@code MethodState.own()}:
 *                        AutoLR's trials, ...), as the method writes it; null for a method without one.
 *                        Files written before methods kept their own state hold AutoLR's as {@code autoLr}.
 * @param seconds         wall time spent training and evaluating, resumes included
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunReport(String status, String message, String method, List<String> classes, List<String> groups,
        boolean[] frozen, long iterations, int epochsCompleted, Integer selectedEpoch, List<EpochRecord> epochs,
        EvaluationMetrics testSelected, EvaluationMetrics testLast, String validationOnly,
        Map<String, Double> learningRates,
        @JsonAlias("autoLr") JsonNode methodState, double seconds) {

    public static final String FINISHED = "finished";
    public static final String STOPPED = "stopped";
    public static final String RUNNING = "running";
    public static final String DIVERGED = "diverged";
    public static final String INTERRUPTED = "interrupted";
    public static final String FAILED = "failed";

    /** {@link #validationOnly()} of a run whose data has no test set. */
    public static final String NO_TEST_SET = "the data has no test set (a run of a training and a validation set):"
            + " its figures are the validation set's, which also selected the model, so they estimate"
            + " generalisation optimistically";

    /**
     * Lists and maps that are null (absent from a file) read as empty.
     *
     * @throws IllegalArgumentException if there are frozen flags and groups but not one flag per group
     */
    public RunReport {
        classes = classes == null ? List.of() : List.copyOf(classes);
        groups = groups == null ? List.of() : List.copyOf(groups);
        frozen = frozen == null ? new boolean[0] : frozen.clone();
        epochs = epochs == null ? List.of() : List.copyOf(epochs);
        if (frozen.length > 0 && !groups.isEmpty() && frozen.length != groups.size()) {
            throw new IllegalArgumentException(frozen.length + " frozen flags for " + groups.size() + " groups");
        }
        learningRates = learningRates == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(learningRates));
        methodState = methodState == null || methodState.isNull() ? null : methodState.deepCopy();
    }

    @Override
    public JsonNode methodState() {
        return methodState == null ? null : methodState.deepCopy();
    }

    /**
     * The method's own state read as a {@code type} (AutoLR's: {@code org.metalr.train.method.AutoLrState}).
     *
     * @throws IllegalArgumentException if the run's method keeps none, or it does not fit {@code type}
     */
    public <T> T methodState(Class<T> type) {
        if (methodState == null) {
            throw new IllegalArgumentException("the run of '" + method + "' reports no method state");
        }
        return RunFiles.fromTree(methodState, type);
    }

    @Override
    public boolean[] frozen() {
        return frozen.clone();
    }

    /** Whether the run went through all its epochs and was tested. */
    public boolean finished() {
        return FINISHED.equals(status);
    }

    /**
     * The figures a finished run reports for its selected model: the test set's, or for a validation-only
     * run the selected epoch's validation figures; null before the run finishes.
     */
    public EvaluationMetrics selectedFigures() {
        if (testSelected != null || validationOnly == null || !finished()) {
            return testSelected;
        }
        EpochRecord e = selected();
        return e == null ? null : e.validation();
    }

    /** As {@link #selectedFigures()} for the model after the last epoch. */
    public EvaluationMetrics lastFigures() {
        if (testLast != null || validationOnly == null || !finished() || epochs.isEmpty()) {
            return testLast;
        }
        return epochs.get(epochs.size() - 1).validation();
    }

    /** Which set {@link #selectedFigures()} and {@link #lastFigures()} come from: {@code test} or {@code validation}. */
    public String figuresSet() {
        return validationOnly == null ? "test" : "validation";
    }

    /** The record of the selected epoch; null if none. */
    public EpochRecord selected() {
        for (EpochRecord e : epochs) {
            if (selectedEpoch != null && e.epoch() == selectedEpoch) {
                return e;
            }
        }
        return null;
    }
}
