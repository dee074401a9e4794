package org.metalr.runs;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.metalr.api.io.AtomicFiles;

/**
 * {@code losses.csv}: one row per iteration, {@code iteration,epoch,train_loss,validation_loss} (the
 * validation loss at MetaLR's look-ahead; empty for methods without one), full precision
 * ({@link Double#toString}), lines ending in {@code \n}. Like the learning-rate log, a resumed run cuts
 * the rows after its checkpoint before appending ({@link #resume}), so the finished file equals that
 * of an uninterrupted run. An open log is not thread-safe and holds one open file until {@link #close}.
 */
public final class LossesCsv implements AutoCloseable {

    /** The file's name in a run folder. */
    public static final String FILE_NAME = "losses.csv";
    static final String HEADER = "iteration,epoch,train_loss,validation_loss";

    /**
     * The losses of a run, column by column: row {@code i} is the {@code i}-th iteration logged.
     * Immutable; accessors return copies.
     */
    public static final class History {
        private final long[] iterations;
        private final int[] epochs;
        private final double[] trainLoss;
        private final double[] validationLoss;

        private History(long[] iterations, int[] epochs, double[] trainLoss, double[] validationLoss) {
            this.iterations = iterations;
            this.epochs = epochs;
            this.trainLoss = trainLoss;
            this.validationLoss = validationLoss;
        }

        /**
         * A history from its columns (copied); NaN marks a missing validation loss.
         *
         * @throws IllegalArgumentException if the lengths differ or iterations do not increase
         */
        public static History of(long[] iterations, int[] epochs, double[] trainLoss, double[] validationLoss) {
            Objects.requireNonNull(iterations, "iterations");
            if (epochs.length != iterations.length || trainLoss.length != iterations.length
                    || validationLoss.length != iterations.length) {
                throw new IllegalArgumentException("columns of different lengths: " + iterations.length + ", "
                        + epochs.length + ", " + trainLoss.length + ", " + validationLoss.length);
            }
            for (int i = 1; i < iterations.length; i++) {
                if (iterations[i] <= iterations[i - 1]) {
                    throw new IllegalArgumentException("iteration " + iterations[i] + " follows " + iterations[i - 1]);
                }
            }
            return new History(iterations.clone(), epochs.clone(), trainLoss.clone(), validationLoss.clone());
        }

        /** Number of iterations logged. */
        public int size() {
            return iterations.length;
        }

        public long[] iterations() {
            return iterations.clone();
        }

        public int[] epochs() {
            return epochs.clone();
        }

        public double[] trainLoss() {
            return trainLoss.clone();
        }

        /** The look-ahead validation loss per iteration; NaN where the method has none. */
        public double[] validationLoss() {
            return validationLoss.clone();
        }

        /** Whether any iteration has a validation loss. */
        public boolean hasValidationLoss() {
            return Arrays.stream(validationLoss).anyMatch(v -> !Double.isNaN(v));
        }
    }

    private final BufferedWriter out;

    private LossesCsv(BufferedWriter out) {
        this.out = out;
    }

    /**
     * Starts a new log at {@code file} (replacing any file there) with the header alone.
     *
     * @throws IOException naming the file if it cannot be written
     */
    public static LossesCsv create(Path file) throws IOException {
        AtomicFiles.writeString(file, HEADER + "\n");
        return open(file);
    }

    /**
     * Reopens the log of an interrupted run after iteration {@code iteration} (the checkpoint's): the
     * header and the rows of iterations 1..{@code iteration} are kept, the rest is cut off.
     *
     * @throws IOException naming the file if it is missing, has another header or ends before that row
     */
    public static LossesCsv resume(Path file, long iteration) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IOException(file + ": header is not " + HEADER);
        }
        if (lines.size() - 1 < iteration) {
            throw new IOException(file + ": holds " + (lines.size() - 1) + " rows but the run resumes after iteration "
                    + iteration);
        }
        StringBuilder kept = new StringBuilder();
        for (int i = 0; i <= iteration; i++) {
            kept.append(lines.get(i)).append('\n');
        }
        AtomicFiles.writeString(file, kept.toString());
        return open(file);
    }

    private static LossesCsv open(Path file) throws IOException {
        return new LossesCsv(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
    }

    /**
     * Reads a log; a header without rows gives an empty history.
     *
     * @throws IOException naming the file and line for a missing file, another header, a row with the
     *     wrong number of fields, a field that is not a number, or iterations that do not increase
     */
    public static History read(Path file) throws IOException {
        List<String[]> rows = CsvFile.read(file, HEADER);
        int n = rows.size();
        long[] iterations = new long[n];
        int[] epochs = new int[n];
        double[] train = new double[n];
        double[] validation = new double[n];
        for (int i = 0; i < n; i++) {
            int line = i + 2;
            String[] f = rows.get(i);
            CsvFile.requireFields(file, line, f, 4, HEADER);
            iterations[i] = CsvFile.count(file, line, "iteration", f[0]);
            if (i > 0 && iterations[i] <= iterations[i - 1]) {
                throw new IOException(file + " line " + line + ": iteration " + iterations[i] + " after "
                        + iterations[i - 1] + "; iterations increase");
            }
            epochs[i] = (int) CsvFile.count(file, line, "epoch", f[1]);
            train[i] = CsvFile.number(file, line, "train_loss", f[2]);
            validation[i] = f[3].isEmpty() ? Double.NaN : CsvFile.number(file, line, "validation_loss", f[3]);
        }
        return new History(iterations, epochs, train, validation);
    }

    /**
     * Appends one iteration's row.
     *
     * @param validationLoss the look-ahead validation loss, NaN (an empty field) for a method without one
     */
    public void append(long iteration, int epoch, double trainLoss, double validationLoss) throws IOException {
        out.write(iteration + "," + epoch + "," + trainLoss + "," + (Double.isNaN(validationLoss) ? "" : validationLoss)
                + "\n");
    }

    /** Pushes the rows written so far to the file. */
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
