package org.metalr.train.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.metalr.api.HostTensor;
import org.metalr.runs.metrics.ClassificationMetrics;
import org.metalr.stats.Bootstrap;

/**
 * Collects labels and logits batch by batch during an evaluation pass, then computes
 * {@link ClassificationMetrics#of} over all of them (on a test set with its bootstrap intervals,
 * {@link ClassificationMetrics#withIntervals}). Keeps every logit as a double ({@code 8 * N * classes}
 * bytes), since the AUCs and the intervals need the whole ranking. Not thread-safe.
 */
public final class ClassificationAccumulator {

    private final int classes;
    private final List<double[]> rows = new ArrayList<>();
    private long[] labels = new long[64];

    /** @throws IllegalArgumentException if {@code classes < 1} */
    public ClassificationAccumulator(int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be positive, got " + classes);
        }
        this.classes = classes;
    }

    public int classes() {
        return classes;
    }

    /** Samples added so far. */
    public int size() {
        return rows.size();
    }

    /**
     * Adds one batch: {@code labels[i]} is the class of row {@code i} of {@code logits}
     * ({@code [N, classes]}, any floating kind). Checks everything before adding anything.
     *
     * @throws IllegalArgumentException if the shape is not {@code [labels.length, classes]}, the
     *     tensor is int64, a label lies outside {@code [0, classes)} or a logit is not finite
     */
    public void add(long[] labels, HostTensor logits) {
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(logits, "logits");
        long[] shape = logits.shape();
        if (shape.length != 2 || shape[0] != labels.length || shape[1] != classes) {
            throw new IllegalArgumentException("logits have shape " + Arrays.toString(shape) + "; expected ["
                    + labels.length + ", " + classes + "] for " + labels.length + " labels");
        }
        if (logits.kind() == HostTensor.Kind.INT64) {
            throw new IllegalArgumentException("logits must be floating point, got " + logits.kind());
        }
        double[] values = logits.toDoubleArray();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + i + " of the batch is " + labels[i]
                        + "; expected 0.." + (classes - 1));
            }
            for (int c = 0; c < classes; c++) {
                double v = values[i * classes + c];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("logit of batch sample " + i + ", class " + c + " is " + v);
                }
            }
        }
        for (int i = 0; i < labels.length; i++) {
            if (rows.size() == this.labels.length) {
                this.labels = Arrays.copyOf(this.labels, this.labels.length * 2);
            }
            this.labels[rows.size()] = labels[i];
            rows.add(Arrays.copyOfRange(values, i * classes, (i + 1) * classes));
        }
    }

    /**
     * The metrics of everything added so far.
     *
     * @throws IllegalStateException if nothing was added
     */
    public ClassificationMetrics result() {
        return result(null);
    }

    /**
     * The metrics of everything added so far, with the class-stratified bootstrap intervals of
     * {@code bootstrap} (a test set), or without intervals for a null {@code bootstrap}.
     *
     * @throws IllegalStateException if nothing was added
     */
    public ClassificationMetrics result(Bootstrap bootstrap) {
        if (rows.isEmpty()) {
            throw new IllegalStateException("no samples were added");
        }
        long[] y = Arrays.copyOf(labels, rows.size());
        double[][] logits = rows.toArray(new double[0][]);
        return bootstrap == null ? ClassificationMetrics.of(y, logits, classes)
                : ClassificationMetrics.withIntervals(y, logits, classes, bootstrap);
    }
}
