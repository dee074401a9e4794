package org.metalr.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The paper's comparison table (Table 2 for classification, Table 3 for segmentation): one row per
 * method, one column per figure (per-class sensitivity and accuracy, or Dice, PPV and sensitivity),
 * each cell the median over the method's runs (seeds, folds) with the minimum and maximum beside it.
 * Figures are fractions; {@link #toMarkdown()} shows them as percentages, {@link #toCsv()} keeps
 * full precision. NaN values (a figure undefined in a run) are left out of a cell and counted.
 * Immutable; build it with {@link #builder()}.
 */
public final class ComparisonTable {

    /**
     * One cell.
     *
     * @param median    median of the defined values (the mean of the two middle ones for an even count)
     * @param min       smallest defined value
     * @param max       largest defined value
     * @param count     defined values
     * @param undefined NaN values left out
     */
    public record Cell(double median, double min, double max, int count, int undefined) {
    }

    private final List<String> methods;
    private final List<String> figures;
    private final Map<String, Integer> runs;
    private final Map<String, Map<String, double[]>> values;

    private ComparisonTable(List<String> methods, List<String> figures, Map<String, Integer> runs,
            Map<String, Map<String, double[]>> values) {
        this.methods = methods;
        this.figures = figures;
        this.runs = runs;
        this.values = values;
    }

    /** A builder of an empty table. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects runs; not thread-safe. */
    public static final class Builder {
        private final Set<String> figures = new LinkedHashSet<>();
        private final Map<String, Integer> runs = new LinkedHashMap<>();
        private final Map<String, Map<String, List<Double>>> values = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Adds one run of {@code method}: its figures by column name (a null value counts as NaN).
         * Methods and columns keep the order in which they first appear.
         */
        public Builder addRun(String method, Map<String, ? extends Number> runFigures) {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(runFigures, "runFigures");
            runs.merge(method, 1, Integer::sum);
            Map<String, List<Double>> row = values.computeIfAbsent(method, m -> new LinkedHashMap<>());
            runFigures.forEach((figure, value) -> {
                Objects.requireNonNull(figure, "figure name");
                figures.add(figure);
                row.computeIfAbsent(figure, f -> new ArrayList<>())
                        .add(value == null ? Double.NaN : value.doubleValue());
            });
            return this;
        }

        public ComparisonTable build() {
            Map<String, Map<String, double[]>> frozen = new LinkedHashMap<>();
            values.forEach((method, row) -> {
                Map<String, double[]> r = new LinkedHashMap<>();
                row.forEach((figure, list) -> r.put(figure, list.stream().mapToDouble(Double::doubleValue).toArray()));
                frozen.put(method, Collections.unmodifiableMap(r));
            });
            return new ComparisonTable(List.copyOf(runs.keySet()), List.copyOf(figures),
                    Collections.unmodifiableMap(new LinkedHashMap<>(runs)), Collections.unmodifiableMap(frozen));
        }
    }

    /** Methods, in first-added order. */
    public List<String> methods() {
        return methods;
    }

    /** Figure (column) names, in first-added order. */
    public List<String> figures() {
        return figures;
    }

    /** Runs added for {@code method}; 0 for an unknown method. */
    public int runs(String method) {
        return runs.getOrDefault(method, 0);
    }

    /** The cell of {@code method} and {@code figure}; empty when no run of it has a defined value. */
    public Optional<Cell> cell(String method, String figure) {
        double[] all = values.getOrDefault(method, Map.of()).get(figure);
        if (all == null) {
            return Optional.empty();
        }
        double[] defined = Arrays.stream(all).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (defined.length == 0) {
            return Optional.empty();
        }
        int n = defined.length;
        double median = n % 2 == 1 ? defined[n / 2] : (defined[n / 2 - 1] + defined[n / 2]) / 2;
        return Optional.of(new Cell(median, defined[0], defined[n - 1], n, all.length - n));
    }

    /** The methods whose median of {@code figure} is the highest (ties give several). */
    public Set<String> best(String figure) {
        double top = Double.NEGATIVE_INFINITY;
        Set<String> out = new LinkedHashSet<>();
        for (String m : methods) {
            Optional<Cell> c = cell(m, figure);
            if (c.isEmpty()) {
                continue;
            }
            if (c.get().median() > top) {
                top = c.get().median();
                out.clear();
            }
            if (c.get().median() == top) {
                out.add(m);
            }
        }
        return out;
    }

    /**
     * A cell as text: {@code median [min, max]} in percent with one decimal, the median alone when the
     * cell has one value, an en dash when it has none.
     */
    public String cellText(String method, String figure) {
        return cell(method, figure).map(c -> c.count() == 1 ? percent(c.median())
                : percent(c.median()) + " [" + percent(c.min()) + ", " + percent(c.max()) + "]").orElse("–");
    }

    /**
     * The table in GitHub Markdown, then one line explaining the cells:
     * <pre>
     * | method | runs | sens. benign | accuracy |
     * |:--|--:|--:|--:|
     * | metalr | 3 | 90.1 [88.0, 91.5] | 86.0 [85.1, 86.4] |
     *
     * Median over runs (seeds, folds) with [min, max], in percent.
     * </pre>
     */
    public String toMarkdown() {
        StringBuilder out = new StringBuilder();
        out.append("| method | runs |");
        for (String f : figures) {
            out.append(' ').append(markdownText(f)).append(" |");
        }
        out.append("\n|:--|--:|");
        out.append("--:|".repeat(figures.size()));
        out.append('\n');
        for (String m : methods) {
            out.append("| ").append(markdownText(m)).append(" | ").append(runs(m)).append(" |");
            for (String f : figures) {
                out.append(' ').append(cellText(m, f)).append(" |");
            }
            out.append('\n');
        }
        out.append("\nMedian over runs (seeds, folds) with [min, max], in percent.\n");
        return out.toString();
    }

    /**
     * The table as CSV (RFC 4180, {@code \n} line ends): {@code method,runs}, then per figure its
     * {@code median}, {@code min} and {@code max} as fractions in full precision ({@link Double#toString}),
     * empty where a cell has no value.
     */
    public String toCsv() {
        StringBuilder out = new StringBuilder("method,runs");
        for (String f : figures) {
            out.append(',').append(csv(f + " median")).append(',').append(csv(f + " min")).append(',')
                    .append(csv(f + " max"));
        }
        out.append('\n');
        for (String m : methods) {
            out.append(csv(m)).append(',').append(runs(m));
            for (String f : figures) {
                Optional<Cell> c = cell(m, f);
                out.append(',').append(c.map(x -> Double.toString(x.median())).orElse(""));
                out.append(',').append(c.map(x -> Double.toString(x.min())).orElse(""));
                out.append(',').append(c.map(x -> Double.toString(x.max())).orElse(""));
            }
            out.append('\n');
        }
        return out.toString();
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f", 100 * fraction);
    }

    private static String markdownText(String s) {
        return s.replace("|", "\\|");
    }

    private static String csv(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
