package org.metalr.runs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.metalr.api.io.AtomicFiles;

/**
 * The learning-rate log of a run, {@code lr_trajectory.csv}: the header
 * {@code iteration,epoch,<group names>}, row 0 holding the initial learning rates (epoch 0), row
 * {@code t} the rates after iteration {@code t}'s update. Rates are printed with
 * {@link Double#toString}, which reads back to the same double; lines end with {@code \n}; group
 * names may not contain commas, quotes or line breaks, so nothing is quoted.
 *
 * <p>An open log appends one row per {@link #append} with a single write to the operating system,
 * so a killed run leaves whole rows; {@link #sync} also forces them to disk (call it before writing
 * a checkpoint). A resumed run {@link #resume reopens} the log at its checkpoint's iteration, which
 * removes the rows written after the checkpoint, so the finished file equals that of an
 * uninterrupted run. {@link #read} parses a log. Instances are not thread-safe and hold one open
 * file until {@link #close}.
 */
public final class LrTrajectoryCsv implements Closeable {

    /** The log's name in a run folder. */
    public static final String FILE_NAME = "lr_trajectory.csv";

    private static final String ITERATION = "iteration";
    private static final String EPOCH = "epoch";

    /**
     * One row of the log.
     *
     * @param iteration the iteration whose update produced the rates (0: the initial rates)
     * @param epoch     the epoch that iteration belongs to (0 for row 0)
     * @param rates     one learning rate per group, in header order
     */
    public record Row(long iteration, int epoch, double[] rates) {
        public Row {
            rates = rates.clone();
        }

        @Override
        public double[] rates() {
            return rates.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Row r && iteration == r.iteration && epoch == r.epoch && Arrays.equals(rates, r.rates);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * Long.hashCode(iteration) + epoch) + Arrays.hashCode(rates);
        }

        @Override
        public String toString() {
            return "Row[iteration=" + iteration + ", epoch=" + epoch + ", rates=" + Arrays.toString(rates) + "]";
        }
    }

    /**
     * A parsed log: the group names of the header and the rows, row {@code t} at index {@code t} (row
     * 0 the initial rates, epoch 0). Holds {@code rows x groups} doubles.
     *
     * @throws IllegalArgumentException if there is no row, a row's iteration is not its index, or a row
     *     does not hold one rate per group
     */
    public record Trajectory(List<String> groups, List<Row> rows) {
        public Trajectory {
            groups = checkGroups(groups);
            rows = List.copyOf(rows);
            if (rows.isEmpty()) {
                throw new IllegalArgumentException("no rows; expected row 0 with the initial learning rates");
            }
            for (int t = 0; t < rows.size(); t++) {
                Row r = rows.get(t);
                if (r.iteration() != t || r.rates.length != groups.size()) {
                    throw new IllegalArgumentException("row " + t + " is " + r + "; expected iteration " + t + " with "
                            + groups.size() + " rates");
                }
            }
        }

        /** Every row's rate of group {@code group}, by iteration. */
        public double[] ratesOf(String group) {
            int g = groups.indexOf(group);
            if (g < 0) {
                throw new IllegalArgumentException("no group '" + group + "'; groups: " + groups);
            }
            return ratesOf(g);
        }

        /** Every row's rate of group {@code g} (by position in {@link #groups}), by iteration. */
        public double[] ratesOf(int g) {
            Objects.checkIndex(g, groups.size());
            double[] out = new double[rows.size()];
            for (int t = 0; t < out.length; t++) {
                out[t] = rows.get(t).rates[g];
            }
            return out;
        }

        /** The last row's iteration: the iterations the log covers. */
        public int lastIteration() {
            return rows.size() - 1;
        }

        /** The epoch of row {@code t}. */
        public int epoch(int t) {
            return rows.get(t).epoch();
        }

        /** The rates of row 0, the initial rates. */
        public double[] initialRates() {
            return rows.get(0).rates();
        }

        /** The rates of the last row. */
        public double[] finalRates() {
            return rows.get(rows.size() - 1).rates();
        }

        /**
         * The iterations at which an epoch ends and a later one follows: the last row of each epoch but
         * the last epoch (row 0, epoch 0, is not an epoch of training and ends nothing).
         */
        public int[] epochEnds() {
            int[] out = new int[rows.size()];
            int n = 0;
            for (int t = 1; t + 1 < rows.size(); t++) {
                if (rows.get(t + 1).epoch() != rows.get(t).epoch()) {
                    out[n++] = t;
                }
            }
            return Arrays.copyOf(out, n);
        }
    }

    private final Path file;
    private final List<String> groups;
    private final FileChannel channel;
    private Row last;

    private LrTrajectoryCsv(Path file, List<String> groups, Row last) throws IOException {
        this.file = file;
        this.groups = groups;
        this.last = last;
        this.channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /**
     * Starts a new log at {@code file}, replacing any file there (atomically), with the header and
     * row 0.
     *
     * @throws IllegalArgumentException if a group name is empty, repeated or holds a comma, quote or
     *     line break, or {@code initialRates} does not hold one rate per group
     * @throws IOException naming the file if it cannot be written
     */
    public static LrTrajectoryCsv create(Path file, List<String> groups, double[] initialRates) throws IOException {
        Objects.requireNonNull(file, "file");
        List<String> names = checkGroups(groups);
        Row first = new Row(0, 0, checkRates(names, initialRates));
        StringBuilder text = new StringBuilder();
        text.append(ITERATION).append(',').append(EPOCH);
        for (String g : names) {
            text.append(',').append(g);
        }
        text.append('\n').append(format(first));
        AtomicFiles.writeString(file, text.toString());
        return new LrTrajectoryCsv(file, names, first);
    }

    /**
     * Reopens the log of an interrupted run for appending after row {@code iteration} (the
     * checkpoint's): rows 0..iteration are kept and checked, everything after them (rows written after
     * the checkpoint, a partial last line) is cut off the file.
     *
     * @throws IOException naming the file and line if the file is missing or malformed, its groups
     *     differ from {@code groups}, or it ends before row {@code iteration}
     */
    public static LrTrajectoryCsv resume(Path file, List<String> groups, long iteration) throws IOException {
        Objects.requireNonNull(file, "file");
        List<String> names = checkGroups(groups);
        if (iteration < 0) {
            throw new IllegalArgumentException("iteration must be non-negative, got " + iteration);
        }
        Parsed parsed = parse(file, iteration);
        if (!parsed.groups.equals(names)) {
            throw new RunFileException(file, "the log's groups " + parsed.groups + " differ from the run's " + names);
        }
        if (parsed.rows.size() <= iteration) {
            throw new RunFileException(file, "the log ends at iteration " + (parsed.rows.size() - 1)
                    + " but the run resumes after iteration " + iteration);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(parsed.end);
            ch.force(true);
        }
        return new LrTrajectoryCsv(file, names, parsed.rows.get((int) iteration));
    }

    /**
     * Parses a whole log.
     *
     * @throws IOException naming the file and line if it is missing or malformed: a header other than
     *     {@code iteration,epoch,<groups>}, a row with the wrong number of fields or an unreadable
     *     number, iterations not counting 0, 1, 2, ..., or a last line without its line break
     */
    public static Trajectory read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        Parsed parsed = parse(file, Long.MAX_VALUE);
        return new Trajectory(parsed.groups, parsed.rows);
    }

    /** The log's file. */
    public Path file() {
        return file;
    }

    /** The group names of the header. */
    public List<String> groups() {
        return groups;
    }

    /** The last row written (row 0 right after {@link #create}). */
    public Row last() {
        return last;
    }

    /**
     * Appends the rates after iteration {@code iteration}'s update, which must be the one after the
     * last row's.
     *
     * @throws IllegalArgumentException if the iteration does not follow the last row's, the epoch is
     *     negative, or there is not one rate per group
     * @throws IllegalStateException if the log is closed
     * @throws IOException naming the file if the write fails
     */
    public void append(long iteration, int epoch, double[] rates) throws IOException {
        if (!channel.isOpen()) {
            throw new IllegalStateException(file + " is closed");
        }
        if (iteration != last.iteration() + 1) {
            throw new IllegalArgumentException(file + ": iteration " + iteration + " does not follow the last row's "
                    + last.iteration());
        }
        if (epoch < 0) {
            throw new IllegalArgumentException(file + ": epoch must be non-negative, got " + epoch);
        }
        Row row = new Row(iteration, epoch, checkRates(groups, rates));
        ByteBuffer bytes = ByteBuffer.wrap(format(row).getBytes(StandardCharsets.UTF_8));
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            throw new IOException("cannot append to " + file + ": " + e, e);
        }
        last = row;
    }

    /** Forces the rows written so far to disk. */
    public void sync() throws IOException {
        channel.force(false);
    }

    /** Forces the rows to disk and closes the file; closing twice does nothing. */
    @Override
    public void close() throws IOException {
        if (channel.isOpen()) {
            try {
                channel.force(false);
            } finally {
                channel.close();
            }
        }
    }

    private static String format(Row row) {
        StringBuilder line = new StringBuilder();
        line.append(row.iteration()).append(',').append(row.epoch());
        for (double r : row.rates) {
            line.append(',').append(Double.toString(r));
        }
        return line.append('\n').toString();
    }

    private static List<String> checkGroups(List<String> groups) {
        Objects.requireNonNull(groups, "groups");
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("no parameter groups");
        }
        Set<String> seen = new HashSet<>();
        for (String g : groups) {
            Objects.requireNonNull(g, "group name");
            if (g.isEmpty() || g.chars().anyMatch(ch -> ch == ',' || ch == '"' || ch == '\n' || ch == '\r')) {
                throw new IllegalArgumentException("group name '" + g
                        + "' is not a CSV column name: empty, or holds a comma, quote or line break");
            }
            if (!seen.add(g)) {
                throw new IllegalArgumentException("group name '" + g + "' appears twice");
            }
        }
        return List.copyOf(groups);
    }

    private static double[] checkRates(List<String> groups, double[] rates) {
        Objects.requireNonNull(rates, "rates");
        if (rates.length != groups.size()) {
            throw new IllegalArgumentException(rates.length + " learning rates for " + groups.size() + " groups "
                    + groups);
        }
        return rates;
    }

    /** The header's groups, the rows read, and the byte offset just past the last row read. */
    private record Parsed(List<String> groups, List<Row> rows, long end) {
    }

    /** Parses the header and rows 0..{@code lastIteration} (all rows when it exceeds them). */
    private static Parsed parse(Path file, long lastIteration) throws IOException {
        byte[] content = Files.readAllBytes(file);
        int lineStart = 0;
        int lineNumber = 0;
        List<String> groups = null;
        List<Row> rows = new ArrayList<>();
        while (lineStart < content.length && (groups == null || rows.size() <= lastIteration)) {
            int lineEnd = lineStart;
            while (lineEnd < content.length && content[lineEnd] != '\n') {
                lineEnd++;
            }
            lineNumber++;
            if (lineEnd == content.length) {
                throw new RunFileException(file, "line " + lineNumber + ": incomplete (no line break); the file was cut"
                        + " while being written");
            }
            int textEnd = lineEnd > lineStart && content[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            String line = new String(content, lineStart, textEnd - lineStart, StandardCharsets.UTF_8);
            if (groups == null) {
                groups = parseHeader(file, line);
            } else if (line.isBlank()) {
                throw new RunFileException(file, "line " + lineNumber + " is blank");
            } else {
                Row row = parseRow(file, lineNumber, line, groups, rows.size());
                if (!rows.isEmpty() && row.epoch() < rows.get(rows.size() - 1).epoch()) {
                    throw new RunFileException(file, "line " + lineNumber + ": epoch " + row.epoch() + " after epoch "
                            + rows.get(rows.size() - 1).epoch() + "; epochs do not decrease");
                }
                rows.add(row);
            }
            lineStart = lineEnd + 1;
        }
        if (groups == null) {
            throw new RunFileException(file, "empty; expected the header iteration,epoch,<group names>");
        }
        if (rows.isEmpty()) {
            throw new RunFileException(file, "no rows; expected row 0 with the initial learning rates");
        }
        return new Parsed(groups, rows, lineStart);
    }

    private static List<String> parseHeader(Path file, String line) throws IOException {
        String[] fields = line.split(",", -1);
        if (fields.length < 3 || !fields[0].equals(ITERATION) || !fields[1].equals(EPOCH)) {
            throw new RunFileException(file, "line 1: header '" + line + "'; expected iteration,epoch,<group names>");
        }
        try {
            return checkGroups(Arrays.asList(fields).subList(2, fields.length));
        } catch (IllegalArgumentException e) {
            throw new RunFileException(file, "line 1: " + e.getMessage(), e);
        }
    }

    private static Row parseRow(Path file, int lineNumber, String line, List<String> groups, long expected) {
        String[] fields = line.split(",", -1);
        int k = groups.size();
        if (fields.length != k + 2) {
            throw new RunFileException(file, "line " + lineNumber + ": " + fields.length + " fields; expected "
                    + (k + 2) + " (iteration, epoch and " + k + " rates)");
        }
        long iteration = CsvFile.count(file, lineNumber, ITERATION, fields[0]);
        if (iteration != expected) {
            throw new RunFileException(file, "line " + lineNumber + ": iteration " + iteration + "; expected " + expected);
        }
        long epoch = CsvFile.count(file, lineNumber, EPOCH, fields[1]);
        if (epoch > Integer.MAX_VALUE) {
            throw new RunFileException(file, "line " + lineNumber + ", column epoch: " + epoch + " is too large");
        }
        double[] rates = new double[k];
        for (int g = 0; g < k; g++) {
            rates[g] = CsvFile.number(file, lineNumber, groups.get(g), fields[g + 2]);
        }
        return new Row(iteration, (int) epoch, rates);
    }
}
