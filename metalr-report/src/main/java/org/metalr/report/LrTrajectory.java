package org.metalr.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Every group's learning rate over a run, as {@code lr_trajectory.csv} holds it: row 0 the initial
 * rates (epoch 0), row {@code t} the rates after iteration {@code t}'s update. Immutable; accessors
 * return copies. Holds {@code rows x groups} doubles.
 */
public final class LrTrajectory {

    /** The file's name in a run folder. */
    public static final String FILE_NAME = "lr_trajectory.csv";

    private final List<String> groups;
    private final int[] epochs;
    private final double[][] rates;

    private LrTrajectory(List<String> groups, int[] epochs, double[][] rates) {
        this.groups = groups;
        this.epochs = epochs;
        this.rates = rates;
    }

    /**
     * A trajectory from its parts: {@code epochs[t]} and {@code rates[t][g]} for row {@code t}
     * (copied).
     *
     * @throws IllegalArgumentException if there is no group or no row, a group name is blank or
     *     repeated, a row has the wrong number of rates, or an epoch is negative or decreases
     */
    public static LrTrajectory of(List<String> groups, int[] epochs, double[][] rates) {
        Objects.requireNonNull(groups, "groups");
        Objects.requireNonNull(epochs, "epochs");
        Objects.requireNonNull(rates, "rates");
        String problem = checkGroups(groups);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (rates.length == 0 || epochs.length != rates.length) {
            throw new IllegalArgumentException(epochs.length + " epochs for " + rates.length
                    + " rows; expected one per row and at least row 0");
        }
        double[][] copy = new double[rates.length][];
        for (int t = 0; t < rates.length; t++) {
            if (rates[t] == null || rates[t].length != groups.size()) {
                throw new IllegalArgumentException("row " + t + " has "
                        + (rates[t] == null ? "no" : String.valueOf(rates[t].length)) + " rates for " + groups.size()
                        + " groups");
            }
            if (epochs[t] < 0 || (t > 0 && epochs[t] < epochs[t - 1])) {
                throw new IllegalArgumentException("epoch of row " + t + " is " + epochs[t]
                        + "; expected a non-negative epoch no smaller than the previous row's");
            }
            copy[t] = rates[t].clone();
        }
        return new LrTrajectory(List.copyOf(groups), epochs.clone(), copy);
    }

    /**
     * Reads {@code lr_trajectory.csv}. A last line without its line break is accepted when it is whole.
     *
     * @throws java.nio.file.NoSuchFileException if the file is absent
     * @throws RunFileException naming the file and line if the header is not
     *     {@code iteration,epoch,<group names>}, a row has the wrong number of fields, a field is not a
     *     number, iterations do not count 0, 1, 2, ..., or epochs decrease
     */
    public static LrTrajectory read(Path file) throws IOException {
        List<String[]> lines = CsvLines.read(file);
        String[] header = lines.get(0);
        if (header.length < 3 || !header[0].strip().equals("iteration") || !header[1].strip().equals("epoch")) {
            throw new RunFileException(file, "line 1: header '" + String.join(",", header)
                    + "'; expected iteration,epoch,<group names>");
        }
        List<String> groups = new ArrayList<>();
        for (int i = 2; i < header.length; i++) {
            groups.add(header[i].strip());
        }
        String problem = checkGroups(groups);
        if (problem != null) {
            throw new RunFileException(file, "line 1: " + problem);
        }
        if (lines.size() < 2) {
            throw new RunFileException(file, "no rows; expected row 0 with the initial learning rates");
        }
        int n = lines.size() - 1;
        int[] epochs = new int[n];
        double[][] rates = new double[n][groups.size()];
        for (int t = 0; t < n; t++) {
            int line = t + 2;
            String[] f = lines.get(t + 1);
            if (f.length != header.length) {
                throw new RunFileException(file, "line " + line + ": " + f.length + " fields; expected " + header.length
                        + " (iteration, epoch and " + groups.size() + " learning rates)");
            }
            long iteration = CsvLines.count(file, line, "iteration", f[0]);
            if (iteration != t) {
                throw new RunFileException(file, "line " + line + ": iteration " + iteration + "; expected " + t);
            }
            long epoch = CsvLines.count(file, line, "epoch", f[1]);
            if (epoch > Integer.MAX_VALUE || (t > 0 && epoch < epochs[t - 1])) {
                throw new RunFileException(file, "line " + line + ": epoch " + epoch + " after epoch "
                        + (t > 0 ? epochs[t - 1] : 0) + "; epochs never decrease");
            }
            epochs[t] = (int) epoch;
            for (int g = 0; g < groups.size(); g++) {
                rates[t][g] = CsvLines.number(file, line, groups.get(g), f[g + 2]);
            }
        }
        return new LrTrajectory(List.copyOf(groups), epochs, rates);
    }

    private static String checkGroups(List<String> groups) {
        if (groups.isEmpty()) {
            return "no parameter groups";
        }
        Set<String> seen = new HashSet<>();
        for (String g : groups) {
            if (g == null || g.isBlank()) {
                return "a group name is blank";
            }
            if (!seen.add(g)) {
                return "group name '" + g + "' appears twice";
            }
        }
        return null;
    }

    /** The group names, in depth order (the header's order). */
    public List<String> groups() {
        return groups;
    }

    /** Number of rows: the iterations taken plus one. */
    public int rows() {
        return rates.length;
    }

    /** The last row's iteration. */
    public int lastIteration() {
        return rates.length - 1;
    }

    /** The epoch of row {@code t}. */
    public int epoch(int t) {
        return epochs[t];
    }

    /** Group {@code g}'s rate after iteration {@code t}. */
    public double rate(int t, int g) {
        return rates[t][g];
    }

    /** Every row's rate of group {@code g}, by iteration. */
    public double[] ratesOf(int g) {
        Objects.checkIndex(g, groups.size());
        double[] out = new double[rates.length];
        for (int t = 0; t < out.length; t++) {
            out[t] = rates[t][g];
        }
        return out;
    }

    /** The rates of the first row (the initial rates). */
    public double[] initialRates() {
        return rates[0].clone();
    }

    /** The rates of the last row. */
    public double[] finalRates() {
        return rates[rates.length - 1].clone();
    }

    /**
     * The iterations at which an epoch ends and a later one follows: the last row of each epoch but
     * the last epoch (row 0, epoch 0, is not an epoch of training and ends nothing).
     */
    public int[] epochEnds() {
        int[] out = new int[rates.length];
        int n = 0;
        for (int t = 1; t + 1 < rates.length; t++) {
            if (epochs[t + 1] != epochs[t]) {
                out[n++] = t;
            }
        }
        return Arrays.copyOf(out, n);
    }
}
