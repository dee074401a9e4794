package org.metalr.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Classification figures of one evaluation. Per-class lists are indexed by class and empty when the
 * file lacks them; the confusion matrix is {@code confusion.get(true).get(predicted)}. Immutable.
 *
 * @param samples     samples evaluated; -1 when absent
 * @param accuracy    share of correct predictions
 * @param macroF1     mean of the defined per-class F1 scores
 * @param macroAuc    mean of the defined per-class one-vs-rest ROC AUCs
 * @param sensitivity per-class recall
 * @param precision   per-class precision
 * @param f1          per-class F1
 * @param auc         per-class one-vs-rest ROC AUC
 * @param confusion   counts, rows true class, columns predicted class
 * @param missing     key paths the file lacks
 */
public record ClassificationResult(long samples, double accuracy, double macroF1, double macroAuc,
        List<Double> sensitivity, List<Double> precision, List<Double> f1, List<Double> auc,
        List<List<Long>> confusion, List<String> missing) implements Evaluation {

    /** Keys that mark an evaluation as a classification. */
    static final List<String> KEYS = List.of("accuracy", "confusion", "sensitivity", "precision", "macroF1", "auc");

    public ClassificationResult {
        sensitivity = List.copyOf(sensitivity);
        precision = List.copyOf(precision);
        f1 = List.copyOf(f1);
        auc = List.copyOf(auc);
        List<List<Long>> rows = new ArrayList<>();
        for (List<Long> row : confusion) {
            rows.add(List.copyOf(row));
        }
        confusion = List.copyOf(rows);
        missing = List.copyOf(missing);
    }

    /** Number of classes the figures cover: the confusion matrix's size, else the per-class lists'. */
    public int classes() {
        if (!confusion.isEmpty()) {
            return confusion.size();
        }
        return Math.max(Math.max(sensitivity.size(), precision.size()), Math.max(f1.size(), auc.size()));
    }

    @Override
    public double headline() {
        return accuracy;
    }

    @Override
    public String headlineName() {
        return "accuracy";
    }

    @Override
    public Map<String, Double> tableFigures(List<String> classes) {
        Objects.requireNonNull(classes, "classes");
        Map<String, Double> out = new LinkedHashMap<>();
        for (int c = 0; c < sensitivity.size(); c++) {
            out.put("sens. " + (c < classes.size() ? classes.get(c) : String.valueOf(c)), sensitivity.get(c));
        }
        out.put("accuracy", accuracy);
        return out;
    }

    static ClassificationResult read(JsonValue v, int knownClasses) throws RunFileException {
        List<String> missing = new ArrayList<>();
        List<List<Long>> confusion = confusion(v.get("confusion"), missing);
        int k = confusion.isEmpty() ? knownClasses : confusion.size();
        if (!confusion.isEmpty() && knownClasses > 0 && knownClasses != k) {
            throw new RunFileException(v.file(), v.get("confusion").path() + ": " + k + "x" + k
                    + " matrix for " + knownClasses + " classes");
        }
        List<Double> sensitivity = perClass(v.get("sensitivity"), k, missing);
        if (k <= 0) {
            k = sensitivity.size();
        }
        List<Double> precision = perClass(v.get("precision"), k, missing);
        List<Double> f1 = perClass(v.get("f1"), k, missing);
        List<Double> auc = perClass(v.get("auc"), k, missing);
        JsonValue samples = v.get("samples");
        long n = -1;
        if (samples.present()) {
            n = samples.whole();
        } else {
            missing.add(samples.path());
        }
        return new ClassificationResult(n, figure(v.get("accuracy"), missing), figure(v.get("macroF1"), missing),
                figure(v.get("macroAuc"), missing), sensitivity, precision, f1, auc, confusion, missing);
    }

    static double figure(JsonValue v, List<String> missing) throws RunFileException {
        if (!v.present()) {
            missing.add(v.path());
            return Double.NaN;
        }
        return v.number();
    }

    private static List<Double> perClass(JsonValue v, int classes, List<String> missing) throws RunFileException {
        if (!v.present()) {
            missing.add(v.path());
            return List.of();
        }
        List<Double> values = v.numbers();
        if (classes > 0 && values.size() != classes) {
            throw new RunFileException(v.file(), v.path() + ": " + values.size() + " values; expected one per class ("
                    + classes + ")");
        }
        return values;
    }

    private static List<List<Long>> confusion(JsonValue v, List<String> missing) throws RunFileException {
        if (!v.present()) {
            missing.add(v.path());
            return List.of();
        }
        List<JsonValue> rows = v.elements();
        if (rows.isEmpty()) {
            throw new RunFileException(v.file(), v.path() + ": an empty matrix; expected one row per class");
        }
        List<List<Long>> out = new ArrayList<>();
        for (JsonValue row : rows) {
            List<JsonValue> cells = row.elements();
            if (cells.size() != rows.size()) {
                throw new RunFileException(v.file(), row.path() + ": " + cells.size() + " counts; expected "
                        + rows.size() + " (a square matrix, rows true class, columns predicted)");
            }
            List<Long> counts = new ArrayList<>();
            for (JsonValue cell : cells) {
                long c = cell.whole();
                if (c < 0) {
                    throw cell.error("a non-negative count");
                }
                counts.add(c);
            }
            out.add(counts);
        }
        return out;
    }
}
