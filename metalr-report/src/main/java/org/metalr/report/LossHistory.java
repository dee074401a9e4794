package org.metalr.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The per-iteration losses of a run, as {@code losses.csv} holds them: header
 * {@code iteration,epoch,train_loss,validation_loss}, one row per iteration from 1; the validation
 * loss (MetaLR's, at the look-ahead) is empty for methods without one and reads as NaN. Immutable;
 * accessors return copies.
 */
public final class LossHistory {

    /** The file's name in a run folder. */
    public static final String FILE_NAME = "losses.csv";

    private static final String HEADER = "iteration,epoch,train_loss,validation_loss";

    private final long[] iterations;
    private final double[] trainLoss;
    private final double[] validationLoss;

    private LossHistory(long[] iterations, double[] trainLoss, double[] validationLoss) {
        this.iterations = iterations;
        this.trainLoss = trainLoss;
        this.validationLoss = validationLoss;
    }

    /**
     * A history from its columns (copied); NaN marks a missing validation loss.
     *
     * @throws IllegalArgumentException if the lengths differ or iterations do not increase
     */
    public static LossHistory of(long[] iterations, double[] trainLoss, double[] validationLoss) {
        Objects.requireNonNull(iterations, "iterations");
        Objects.requireNonNull(trainLoss, "trainLoss");
        Objects.requireNonNull(validationLoss, "validationLoss");
        if (trainLoss.length != iterations.length || validationLoss.length != iterations.length) {
            throw new IllegalArgumentException("columns of different lengths: " + iterations.length + ", "
                    + trainLoss.length + ", " + validationLoss.length);
        }
        for (int i = 1; i < iterations.length; i++) {
            if (iterations[i] <= iterations[i - 1]) {
                throw new IllegalArgumentException("iteration " + iterations[i] + " follows " + iterations[i - 1]);
            }
        }
        return new LossHistory(iterations.clone(), trainLoss.clone(), validationLoss.clone());
    }

    /**
     * Reads {@code losses.csv}; a header without data rows gives an empty history.
     *
     * @throws java.nio.file.NoSuchFileException if the file is absent
     * @throws RunFileException naming the file and line for another header, a row with the wrong
     *     number of fields, a field that is not a number, or iterations that do not increase
     */
    public static LossHistory read(Path file) throws IOException {
        List<String[]> lines = CsvLines.read(file);
        if (!String.join(",", lines.get(0)).strip().equals(HEADER)) {
            throw new RunFileException(file, "line 1: header '" + String.join(",", lines.get(0)) + "'; expected "
                    + HEADER);
        }
        int n = lines.size() - 1;
        long[] iterations = new long[n];
        double[] train = new double[n];
        double[] validation = new double[n];
        for (int i = 0; i < n; i++) {
            int line = i + 2;
            String[] f = lines.get(i + 1);
            if (f.length != 4) {
                throw new RunFileException(file, "line " + line + ": " + f.length + " fields; expected 4 (" + HEADER + ")");
            }
            iterations[i] = CsvLines.count(file, line, "iteration", f[0]);
            if (i > 0 && iterations[i] <= iterations[i - 1]) {
                throw new RunFileException(file, "line " + line + ": iteration " + iterations[i] + " after "
                        + iterations[i - 1] + "; iterations increase");
            }
            CsvLines.count(file, line, "epoch", f[1]);
            train[i] = CsvLines.number(file, line, "train_loss", f[2]);
            validation[i] = f[3].isBlank() ? Double.NaN : CsvLines.number(file, line, "validation_loss", f[3]);
        }
        return new LossHistory(iterations, train, validation);
    }

    /** Number of iterations logged. */
    public int size() {
        return iterations.length;
    }

    public long[] iterations() {
        return iterations.clone();
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
        for (double v : validationLoss) {
            if (!Double.isNaN(v)) {
                return true;
            }
        }
        return false;
    }
}
