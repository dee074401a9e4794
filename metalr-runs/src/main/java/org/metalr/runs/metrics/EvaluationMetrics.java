package org.metalr.runs.metrics;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The figures of one evaluation, classification or segmentation, as a run's epochs and reports hold
 * them. Model selection compares {@link #headline()}s: accuracy for classification, mean Dice over
 * volumes for segmentation. The JSON form is the class's own; {@link Reader} (which
 * {@link org.metalr.runs.RunFiles} uses) reads it back, telling the two apart by the segmentation's
 * {@code volumes} key.
 */
public sealed interface EvaluationMetrics permits ClassificationMetrics, SegmentationMetrics {

    /** The figure model selection maximises: accuracy, or mean Dice over volumes. */
    double headline();

    /** What {@link #headline()} is, for messages: {@code accuracy} or {@code Dice}. */
    String headlineName();

    /** The {@link Figure} name of {@link #headline()}: {@value Figure#ACCURACY} or {@value Figure#DICE}. */
    String headlineFigure();

    /**
     * Every scalar figure by its {@link Figure} name, in a fixed order: what {@code metrics.csv},
     * TensorBoard and the comparison read. NaN where a figure is undefined.
     *
     * @param classNames the run's class names, by class index (classification names its per-class
     *                   figures after them; segmentation ignores them)
     * @throws IllegalArgumentException if classification figures get a number of names other than
     *     their classes
     */
    Map<String, Double> figures(List<String> classNames);

    /**
     * The names of the figures of the paper's comparison tables, in column order: each class's
     * sensitivity and accuracy (Table 2), or Dice, PPV and sensitivity (Table 3).
     *
     * @param classNames as {@link #figures}
     */
    List<String> tableFigures(List<String> classNames);

    /**
     * These figures as classification figures.
     *
     * @throws IllegalStateException for segmentation figures
     */
    default ClassificationMetrics classification() {
        if (this instanceof ClassificationMetrics c) {
            return c;
        }
        throw new IllegalStateException("these are segmentation figures (Dice, PPV, sensitivity), not classification ones");
    }

    /**
     * These figures as segmentation figures.
     *
     * @throws IllegalStateException for classification figures
     */
    default SegmentationMetrics segmentation() {
        if (this instanceof SegmentationMetrics s) {
            return s;
        }
        throw new IllegalStateException("these are classification figures (accuracy, confusion matrix), not segmentation ones");
    }

    /** Reads either kind: segmentation when the object has {@code volumes}, classification otherwise. */
    final class Reader extends StdDeserializer<EvaluationMetrics> {

        private static final long serialVersionUID = 1L;

        public Reader() {
            super(EvaluationMetrics.class);
        }

        @Override
        public EvaluationMetrics deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode node = p.readValueAsTree();
            Class<? extends EvaluationMetrics> type = node.has("volumes") ? SegmentationMetrics.class
                    : ClassificationMetrics.class;
            return p.getCodec().treeToValue(node, type);
        }
    }
}
