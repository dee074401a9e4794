package org.metalr.runs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.metalr.api.io.AtomicFiles;
import org.metalr.runs.metrics.Figure;

/**
 * {@code metrics.csv}: one row per finished epoch, the flat file people load into a data frame. The
 * columns are {@code epoch,iteration,train_loss,validation_loss}, then every validation figure by its
 * {@link Figure} name ({@code accuracy}, {@code balanced-accuracy}, ..., {@code sensitivity/<class>},
 * ...; for segmentation {@code dice}, ..., {@code hd95}, {@code surface-dice}, ...), then
 * {@code lr/<group>}: each group's learning rate at the end of the epoch (frozen groups too, at the
 * rate they never use). Numbers in full precision ({@link Double#toString}; HD95 may be
 * {@code Infinity}), an empty field where a figure is undefined; CSV as {@link CsvFile} writes it.
 *
 * <p>The header is written with the first row (the figures' names are known once an epoch has been
 * validated), so the file is empty until the first epoch ends. A resumed run {@link #resume reopens}
 * the file at its checkpoint's epoch, cutting rows written after the checkpoint, so the finished file
 * equals that of an uninterrupted run. An open file is not thread-safe.
 */
public final class MetricsCsv {

    /** The file's name in a run folder. */
    public static final String FILE_NAME = "metrics.csv";
    /** The prefix of a group's learning-rate column. */
    public static final String LR = "lr/";
    private static final List<String> FIXED = List.of("epoch", "iteration", "train_loss", "validation_loss");

    /**
     * The rows of a {@code metrics.csv}: column names and one value per column and epoch.
     *
     * @param columns every column's name, in file order
     * @param rows    per epoch, one value per column (NaN where the field is empty)
     */
    public record Table(List<String> columns, List<double[]> rows) {

        public Table {
            columns = List.copyOf(columns);
            List<double[]> copy = new ArrayList<>();
            for (double[] r : rows) {
                if (r.length != columns.size()) {
                    throw new IllegalArgumentException(r.length + " values for " + columns.size() + " columns");
                }
                copy.add(r.clone());
            }
            rows = Collections.unmodifiableList(copy);
        }

        /** Every epoch's value of {@code column}. @throws IllegalArgumentException for an unknown column */
        public double[] column(String column) {
            int c = columns.indexOf(column);
            if (c < 0) {
                throw new IllegalArgumentException("no column '" + column + "'; columns: " + columns);
            }
            return rows.stream().mapToDouble(r -> r[c]).toArray();
        }

        /** The validation figures' names: the columns between the losses and the learning rates. */
        public List<String> figures() {
            return columns.stream().filter(c -> !FIXED.contains(c) && !c.startsWith(LR)).toList();
        }
    }

    private final Path file;
    private final List<String> groups;
    private List<String> figures;

    private MetricsCsv(Path file, List<String> groups, List<String> figures) {
        this.file = file;
        this.groups = List.copyOf(groups);
        this.figures = figures;
    }

    /**
     * Starts an empty file at {@code file}, replacing any file there.
     *
     * @param groups the run's group names, in depth order
     * @throws IOException naming the file if it cannot be written
     */
    public static MetricsCsv create(Path file, List<String> groups) throws IOException {
        AtomicFiles.writeString(file, "");
        return new MetricsCsv(file, groups, null);
    }

    /**
     * Reopens the file of an interrupted run after {@code epochs} finished epochs (the checkpoint's):
     * the header and those rows are kept, anything after them is cut off.
     *
     * @throws IOException if the file cannot be read or written
     * @throws RunFileException naming the file if it is malformed or holds fewer rows
     */
    public static MetricsCsv resume(Path file, List<String> groups, int epochs) throws IOException {
        if (epochs == 0) {
            return create(file, groups);
        }
        List<String[]> records = CsvFile.records(file);
        if (records.size() - 1 < epochs) {
            throw new RunFileException(file, "holds " + (records.size() - 1) + " rows but the run resumes after epoch "
                    + epochs);
        }
        StringBuilder kept = new StringBuilder();
        for (int i = 0; i <= epochs; i++) {
            kept.append(CsvFile.line(List.of(records.get(i))));
        }
        AtomicFiles.writeString(file, kept.toString());
        List<String> header = List.of(records.get(0));
        return new MetricsCsv(file, groups, header.subList(FIXED.size(), header.size() - groups.size()));
    }

    /**
     * Appends one epoch's row, after the header if it is the first.
     *
     * @param figures       the validation figures by {@link Figure} name ({@code EvaluationMetrics.figures})
     * @param learningRates one rate per group, in depth order
     * @throws IllegalArgumentException if the figures' names differ from the first row's, or the rates
     *     are not one per group
     * @throws IOException naming the file if it cannot be written
     */
    public void append(EpochRecord epoch, Map<String, Double> figures, double[] learningRates) throws IOException {
        Objects.requireNonNull(epoch, "epoch");
        if (learningRates.length != groups.size()) {
            throw new IllegalArgumentException(learningRates.length + " learning rates for " + groups.size() + " groups");
        }
        List<String> names = List.copyOf(figures.keySet());
        StringBuilder text = new StringBuilder();
        if (this.figures == null) {
            List<String> header = new ArrayList<>(FIXED);
            header.addAll(names);
            groups.forEach(g -> header.add(LR + g));
            text.append(CsvFile.line(header));
            this.figures = names;
        } else if (!this.figures.equals(names)) {
            throw new IllegalArgumentException(file + ": figures " + names + " differ from the header's " + this.figures);
        }
        List<String> row = new ArrayList<>();
        row.add(Integer.toString(epoch.epoch()));
        row.add(Long.toString(epoch.iteration()));
        row.add(CsvFile.number(epoch.trainLoss()));
        row.add(CsvFile.number(epoch.validationLoss()));
        names.forEach(n -> row.add(CsvFile.number(figures.get(n))));
        for (double r : learningRates) {
            row.add(CsvFile.number(r));
        }
        text.append(CsvFile.line(row));
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /**
     * Reads a {@code metrics.csv}; an empty file (no epoch finished) gives a table without columns.
     *
     * @throws IOException if the file cannot be read
     * @throws RunFileException naming the file and line if the header does not start with
     *     {@code epoch,iteration,train_loss,validation_loss}, a row has the wrong number of fields, or a
     *     field is not a number
     */
    public static Table read(Path file) throws IOException {
        if (Files.size(file) == 0) {
            return new Table(List.of(), List.of());
        }
        List<String[]> records = CsvFile.records(file);
        List<String> columns = List.of(records.get(0));
        if (columns.size() < FIXED.size() || !columns.subList(0, FIXED.size()).equals(FIXED)) {
            throw new RunFileException(file, "line 1: header '" + String.join(",", columns) + "'; expected "
                    + String.join(",", FIXED) + ", the figures and the learning rates");
        }
        List<double[]> rows = new ArrayList<>();
        for (int i = 1; i < records.size(); i++) {
            String[] f = records.get(i);
            CsvFile.requireFields(file, i + 1, f, columns.size(), "one per column of the header");
            double[] row = new double[f.length];
            for (int c = 0; c < f.length; c++) {
                row[c] = CsvFile.optionalNumber(file, i + 1, columns.get(c), f[c]);
            }
            rows.add(row);
        }
        return new Table(columns, rows);
    }
}
