package org.metalr.report;

import java.util.List;
import java.util.Map;

/**
 * Figures of one evaluation of a model, as a run's {@code metrics.json} holds them: classification
 * ({@link ClassificationResult}) or segmentation ({@link SegmentationResult}). Fractions are kept as
 * fractions (0.93, not 93); NaN marks a figure that is undefined (JSON {@code null}) or absent (then
 * also named in {@link #missing()}).
 */
public sealed interface Evaluation permits ClassificationResult, SegmentationResult {

    /** The figure a model is judged by at a glance: accuracy, or the mean Dice over volumes. */
    double headline();

    /** The name of {@link #headline()}: {@code accuracy} or {@code Dice}. */
    String headlineName();

    /**
     * The figures of the paper's comparison tables, by column name, in column order: per-class
     * sensitivity ({@code sens. <class>}) and {@code accuracy} (Table 2), or {@code Dice},
     * {@code PPV} and {@code sensitivity} as means over volumes (Table 3).
     *
     * @param classes class names, one per class index (used for classification only)
     */
    Map<String, Double> tableFigures(List<String> classes);

    /** Keys of the file this evaluation lacks, as paths ({@code testSelected.auc}). */
    List<String> missing();

    /** Reads the evaluation at {@code v}: classification when it holds classification keys, else segmentation. */
    static Evaluation read(JsonValue v, int knownClasses) throws RunFileException {
        v.requireObject();
        List<String> keys = v.keys();
        if (keys.stream().anyMatch(ClassificationResult.KEYS::contains)) {
            return ClassificationResult.read(v, knownClasses);
        }
        if (keys.stream().anyMatch(SegmentationResult.KEYS::contains)) {
            return SegmentationResult.read(v);
        }
        throw new RunFileException(v.file(), v.path() + ": holds neither classification figures "
                + ClassificationResult.KEYS + " nor segmentation figures " + SegmentationResult.KEYS + "; found keys "
                + keys);
    }
}
