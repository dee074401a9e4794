package org.metalr.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import org.metalr.runs.CsvFile;
import org.metalr.runs.RunFiles;
import org.metalr.runs.metrics.Figure;
import org.metalr.stats.Alternative;
import org.metalr.stats.Bootstrap;
import org.metalr.stats.Holm;
import org.metalr.stats.Interval;
import org.metalr.stats.PairedComparison;
import org.metalr.stats.Summary;
import org.metalr.stats.WilcoxonSignedRank;

/**
 * A comparison of methods over runs that pair up by seed and fold: for every figure, each method's
 * summary over its runs (mean ± sd, median [min, max]) and its paired comparison with a reference
 * method: the mean and median of the paired differences {@code method - reference}, a paired bootstrap
 * interval of the mean difference, the exact Wilcoxon signed-rank test of the differences and the
 * p-value adjusted by Holm across the methods compared with the reference, figure by figure.
 *
 * <p><b>Pairs.</b> Two runs pair when they share their pair label ({@code seed 0}, {@code seed 0, fold
 * 2}): the same seed fixes the same data order and augmentation, the same fold the same test set. A
 * method is compared on the pairs where it and the reference both have a defined value (NaN leaves a
 * pair out; so does an infinite HD95 on both sides).
 *
 * <p><b>Test.</b> Two-sided, {@code scipy.stats.wilcoxon(x, y, method="exact")} as SciPy 1.10 computes
 * it ({@link WilcoxonSignedRank}): zero differences turn it into the normal approximation, as in SciPy;
 * all differences zero leave the p-value undefined. With {@code n < 6} pairs the smallest exact
 * two-sided p-value is {@code 2 / 2^n >= 0.0625}: nothing can be significant. A method is
 * <em>marked</em> only where its Holm-adjusted p-value is below {@value #ALPHA}; the sign of the mean
 * difference says whether it is better or worse ({@link Figure#lowerIsBetter}: HD95 is better lower).
 *
 * <p>Immutable; build it with {@link #builder()}. Computing takes {@code methods x figures} bootstraps
 * of {@code pairs} values each: milliseconds for a paper's comparison.
 */
public final class ComparisonTable {

    /** The family-wise significance level of the marks. */
    public static final double ALPHA = 0.05;
    /** The smallest number of pairs at which the exact two-sided test can give p < 0.05. */
    public static final int MIN_PAIRS_FOR_SIGNIFICANCE = 6;

    private static final WilcoxonSignedRank TEST = new WilcoxonSignedRank(WilcoxonSignedRank.ZeroMethod.WILCOX, false,
            Alternative.TWO_SIDED, WilcoxonSignedRank.Method.EXACT);

    /**
     * One method's figure over its runs.
     *
     * @param summary    count, mean, sd, median, min, max of the defined values
     * @param values     each run's value by pair label, in run order (NaN where undefined)
     * @param comparison the paired comparison with the reference; null for the reference itself and for a
     *                   method without a pair
     */
    public record Cell(Summary summary, Map<String, Double> values, PairedComparison comparison) {
        public Cell {
            Objects.requireNonNull(summary, "summary");
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        /** Whether the difference is significant after Holm's correction. */
        public boolean marked() {
            return comparison != null && comparison.holmP() < ALPHA;
        }
    }

    private final List<String> methods;
    private final List<String> figures;
    private final List<String> tableFigures;
    private final List<String> pairs;
    private final String reference;
    private final String metric;
    private final Bootstrap bootstrap;
    private final List<String> notes;
    private final Map<String, Map<String, Cell>> cells;
    private final Map<String, Integer> runs;

    private ComparisonTable(Builder b, String reference, String metric, List<String> notes,
            Map<String, Map<String, Cell>> cells) {
        this.methods = List.copyOf(b.runs.keySet());
        this.figures = List.copyOf(b.figures);
        this.tableFigures = List.copyOf(b.tableFigures);
        this.pairs = List.copyOf(b.pairs);
        this.reference = reference;
        this.metric = metric;
        this.bootstrap = b.bootstrap;
        this.notes = List.copyOf(notes);
        this.cells = cells;
        this.runs = Map.copyOf(b.runs);
    }

    /** A builder of an empty comparison. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects runs; not thread-safe. */
    public static final class Builder {
        private final Map<String, Integer> runs = new LinkedHashMap<>();
        private final Set<String> figures = new LinkedHashSet<>();
        private final Set<String> tableFigures = new LinkedHashSet<>();
        private final Set<String> pairs = new LinkedHashSet<>();
        private final Map<String, Map<String, Map<String, Double>>> values = new LinkedHashMap<>();
        private String reference;
        private String metric;
        private Bootstrap bootstrap = Bootstrap.seeded(0);

        private Builder() {
        }

        /**
         * Adds one run of {@code method}: its figures by {@link Figure} name (a null value counts as NaN)
         * and the names of the paper's table figures among them. Methods, figures and pairs keep the
         * order in which they first appear.
         *
         * @param pair the run's pair label ({@code seed 0}, {@code seed 0, fold 2})
         * @throws IllegalArgumentException if the method already has a run with that pair label
         */
        public Builder addRun(String method, String pair, Map<String, ? extends Number> runFigures,
                List<String> table) {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(pair, "pair");
            Map<String, Map<String, Double>> byFigure = values.computeIfAbsent(method, m -> new LinkedHashMap<>());
            runFigures.forEach((figure, value) -> {
                Map<String, Double> byPair = byFigure.computeIfAbsent(Objects.requireNonNull(figure, "figure"),
                        f -> new LinkedHashMap<>());
                if (byPair.containsKey(pair)) {
                    throw new IllegalArgumentException(method + " has two runs labelled '" + pair + "'");
                }
                byPair.put(pair, value == null ? Double.NaN : value.doubleValue());
                figures.add(figure);
            });
            tableFigures.addAll(table);
            pairs.add(pair);
            runs.merge(method, 1, Integer::sum);
            return this;
        }

        /** The reference method; by default {@code all}, else the first method (with a note). */
        public Builder reference(String method) {
            this.reference = method;
            return this;
        }

        /** The headline figure; by default the first table figure's kind: accuracy, or Dice. */
        public Builder metric(String figure) {
            this.metric = figure;
            return this;
        }

        /** Resamples, level and seed of the paired intervals (10,000, 95%, seed 0 by default). */
        public Builder bootstrap(Bootstrap value) {
            this.bootstrap = Objects.requireNonNull(value, "bootstrap");
            return this;
        }

        /**
         * Computes the summaries and comparisons.
         *
         * @throws IllegalArgumentException if the reference was given but has no run, or the metric was
         *     given but no run has it (the messages list what there is)
         */
        public ComparisonTable build() {
            List<String> notes = new ArrayList<>();
            String ref = reference;
            if (ref != null && !runs.isEmpty() && !runs.containsKey(ref)) {
                throw new IllegalArgumentException("the reference method '" + ref + "' has no run with test figures;"
                        + " methods: " + String.join(", ", runs.keySet()));
            }
            if (ref == null && !runs.isEmpty()) {
                ref = runs.containsKey("all") ? "all" : runs.keySet().iterator().next();
                if (!ref.equals("all")) {
                    notes.add("The default reference, all, is not among the methods; " + ref + " is the reference.");
                }
            }
            String headline = metric;
            if (headline != null && !figures.isEmpty() && !figures.contains(headline)) {
                throw new IllegalArgumentException("no run has the figure '" + headline + "'; figures: "
                        + String.join(", ", figures));
            }
            if (headline == null) {
                headline = figures.contains(Figure.ACCURACY) ? Figure.ACCURACY
                        : figures.contains(Figure.DICE) ? Figure.DICE : figures.stream().findFirst().orElse(null);
            }
            Map<String, Map<String, Cell>> cells = new LinkedHashMap<>();
            for (String figure : figures) {
                cells.put(figure, figureCells(figure, ref));
            }
            return new ComparisonTable(this, ref, headline, notes, cells);
        }

        /** Every method's cell of one figure, compared with the reference and adjusted by Holm. */
        private Map<String, Cell> figureCells(String figure, String ref) {
            Map<String, PairedComparison> unadjusted = new LinkedHashMap<>();
            Map<String, Double> refValues = ref == null ? Map.of() : values.get(ref).getOrDefault(figure, Map.of());
            for (String method : runs.keySet()) {
                if (method.equals(ref)) {
                    continue;
                }
                Map<String, Double> mine = values.get(method).getOrDefault(figure, Map.of());
                List<double[]> paired = new ArrayList<>();
                mine.forEach((pair, v) -> {
                    Double r = refValues.get(pair);
                    if (r != null && !Double.isNaN(v) && !Double.isNaN(r) && !Double.isNaN(v - r)) {
                        paired.add(new double[] {v, r});
                    }
                });
                if (!paired.isEmpty()) {
                    double[] x = paired.stream().mapToDouble(p -> p[0]).toArray();
                    double[] y = paired.stream().mapToDouble(p -> p[1]).toArray();
                    unadjusted.put(method, PairedComparison.against(ref, y, Map.of(method, x), bootstrap, TEST).get(0));
                }
            }
            double[] adjusted = Holm.adjust(unadjusted.values().stream().mapToDouble(c -> c.wilcoxon().pValue())
                    .toArray());
            Map<String, Cell> out = new LinkedHashMap<>();
            int i = 0;
            Map<String, PairedComparison> compared = new LinkedHashMap<>();
            for (PairedComparison c : unadjusted.values()) {
                compared.put(c.method(), new PairedComparison(c.method(), c.reference(), c.pairs(), c.meanDifference(),
                        c.medianDifference(), c.wilcoxon(), adjusted[i++]));
            }
            for (String method : runs.keySet()) {
                Map<String, Double> mine = values.get(method).getOrDefault(figure, Map.of());
                double[] all = mine.values().stream().mapToDouble(Double::doubleValue).toArray();
                out.put(method, new Cell(Summary.of(all), mine, compared.get(method)));
            }
            return out;
        }
    }

    /** Methods, in first-added order. */
    public List<String> methods() {
        return methods;
    }

    /** Every figure's name, in first-added order. */
    public List<String> figures() {
        return figures;
    }

    /** The paper's table figures (each class's sensitivity and accuracy, or Dice, PPV and sensitivity). */
    public List<String> tableFigures() {
        return tableFigures;
    }

    /** The pair labels, in first-added order. */
    public List<String> pairs() {
        return pairs;
    }

    /** The reference method; null without runs. */
    public String reference() {
        return reference;
    }

    /** The headline figure; null without runs. */
    public String metric() {
        return metric;
    }

    /** Notes the comparison adds to the page and the files (the reference's fall-back, the pairs). */
    public List<String> notes() {
        List<String> out = new ArrayList<>(notes);
        if (metric != null) {
            out.add(pairsNote());
        }
        return out;
    }

    /** Runs added for {@code method}; 0 for an unknown method. */
    public int runs(String method) {
        return runs.getOrDefault(method, 0);
    }

    /** The cell of {@code method} and {@code figure}; empty when the method has no value of it. */
    public Optional<Cell> cell(String method, String figure) {
        Cell c = cells.getOrDefault(figure, Map.of()).get(method);
        return c == null || c.values().isEmpty() ? Optional.empty() : Optional.of(c);
    }

    /** The methods compared and marked on the headline figure. */
    public List<String> marked() {
        return methods.stream().filter(m -> cell(m, metric).map(Cell::marked).orElse(false)).toList();
    }

    /** The number of pairs per compared method on the headline figure, and what it allows. */
    private String pairsNote() {
        Set<Integer> counts = new LinkedHashSet<>();
        for (String m : methods) {
            cell(m, metric).map(Cell::comparison).ifPresent(c -> counts.add(c.pairs()));
        }
        if (counts.isEmpty()) {
            return "No method pairs with the reference " + reference + " (runs pair by seed and fold), so no"
                    + " difference is tested.";
        }
        int fewest = counts.stream().mapToInt(Integer::intValue).min().orElse(0);
        String n = counts.size() == 1 ? "n = " + fewest + " pairs" : "n = " + counts.stream().map(String::valueOf)
                .reduce((a, b) -> a + ", " + b).orElse("") + " pairs";
        String note = "Each method is compared with " + reference + " on runs paired by seed (and fold): " + n + ".";
        if (fewest < MIN_PAIRS_FOR_SIGNIFICANCE) {
            note += " With fewer than " + MIN_PAIRS_FOR_SIGNIFICANCE + " pairs the exact two-sided Wilcoxon test"
                    + " cannot reach p < 0.05 (its smallest p-value is 2/2^n = "
                    + String.format(Locale.ROOT, "%.4g", 2 / Math.pow(2, fewest)) + " for n = " + fewest
                    + "), so such a difference cannot be marked; run more seeds or folds.";
        }
        return note;
    }

    /** The explanation under the headline table. */
    String legend() {
        return "Mean ± sd and median [min, max] over runs (seeds, folds)" + (Figure.millimetres(metric) ? ", in mm"
                : ", in percent") + ". Δ: " + (Figure.millimetres(metric) ? "" : "percentage points, ")
                + "method - " + reference + " over paired runs: mean with its " + level() + " paired bootstrap interval ("
                + bootstrap.resamples() + " resamples, seed " + bootstrap.seed() + ") and median. p: exact two-sided"
                + " Wilcoxon signed-rank test (scipy.stats.wilcoxon, method='exact'); p (Holm): adjusted across the "
                + Math.max(0, methods.size() - 1) + " methods compared with " + reference + ". ** marks a difference"
                + " with adjusted p < " + ALPHA + (Figure.lowerIsBetter(metric) ? " (lower " + metric + " is better)"
                : "") + "; nothing else is marked.";
    }

    private String level() {
        return Charts.number(100 * bootstrap.level()) + "%";
    }

    /** A value as the table prints it: percent with one decimal, or millimetres with two. */
    private static String value(String figure, double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return Figure.millimetres(figure) ? String.format(Locale.ROOT, "%.2f", v)
                : String.format(Locale.ROOT, "%.1f", 100 * v);
    }

    private static String signed(String figure, double v) {
        String s = value(figure, v);
        return v > 0 && !s.startsWith("-") ? "+" + s : s;
    }

    private static String pValue(double p) {
        return Double.isNaN(p) ? "–" : p < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", p);
    }

    /** The headline figure's row cells: method, runs, mean ± sd, median [min, max], then the comparison. */
    List<String> headlineRow(String method) {
        List<String> row = new ArrayList<>();
        Optional<Cell> cell = cell(method, metric);
        row.add(method.equals(reference) ? method + " (reference)" : method);
        row.add(Integer.toString(runs(method)));
        if (cell.isEmpty()) {
            row.addAll(Collections.nCopies(7, "–"));
            return row;
        }
        Summary s = cell.get().summary();
        row.add(s.count() > 1 ? value(metric, s.mean()) + " ± " + value(metric, s.sd()) : value(metric, s.mean()));
        row.add(s.count() > 1 ? value(metric, s.median()) + " [" + value(metric, s.min()) + ", " + value(metric, s.max())
                + "]" : value(metric, s.median()));
        PairedComparison c = cell.get().comparison();
        if (c == null) {
            row.addAll(Collections.nCopies(5, ""));
            return row;
        }
        Interval d = c.meanDifference();
        String diff = signed(metric, d.estimate()) + " [" + signed(metric, d.lower()) + ", " + signed(metric, d.upper())
                + "]";
        row.add(cell.get().marked() ? "**" + diff + "**" : diff);
        row.add(signed(metric, c.medianDifference()));
        row.add(pValue(c.wilcoxon().pValue()));
        row.add(pValue(c.holmP()));
        row.add(Integer.toString(c.pairs()));
        return row;
    }

    /** The headline table's column names. */
    List<String> headlineColumns() {
        return List.of("method", "runs", metric + " mean ± sd", "median [min, max]",
                "Δ mean [" + level() + " CI]", "Δ median", "p", "p (Holm)", "pairs");
    }

    /** The paper's table: one row per method, each table figure's median [min, max] in percent. */
    List<String> tableRow(String method) {
        List<String> row = new ArrayList<>();
        row.add(method);
        row.add(Integer.toString(runs(method)));
        for (String f : tableFigures) {
            row.add(cell(method, f).map(c -> {
                Summary s = c.summary();
                String text = s.count() == 0 ? "–" : s.count() == 1 ? value(f, s.median())
                        : value(f, s.median()) + " [" + value(f, s.min()) + ", " + value(f, s.max()) + "]";
                return c.marked() ? "**" + text + "**" : text;
            }).orElse("–"));
        }
        return row;
    }

    /**
     * The comparison in GitHub Markdown: the headline table with its legend and notes, then the paper's
     * table of every table figure (median [min, max] in percent, marked where the method differs
     * significantly from the reference on that figure).
     */
    public String toMarkdown() {
        StringBuilder out = new StringBuilder();
        if (metric == null) {
            return "No run has test figures.\n";
        }
        markdownTable(out, headlineColumns(), methods.stream().map(this::headlineRow).toList());
        out.append('\n').append(legend()).append('\n');
        for (String n : notes()) {
            out.append('\n').append(n).append('\n');
        }
        List<String> columns = new ArrayList<>(List.of("method", "runs"));
        columns.addAll(tableFigures);
        out.append("\n### All figures of the paper's table\n\n");
        markdownTable(out, columns, methods.stream().map(this::tableRow).toList());
        out.append("\nMedian over runs (seeds, folds) with [min, max], in percent; ** where the paired difference with ")
                .append(reference).append(" is significant after Holm's correction. Every figure, with its tests: ")
                .append(ComparisonPage.CSV).append(" and ").append(ComparisonPage.SUMMARY_JSON).append(".\n");
        return out.toString();
    }

    private static void markdownTable(StringBuilder out, List<String> columns, List<List<String>> rows) {
        out.append('|');
        for (String c : columns) {
            out.append(' ').append(markdownText(c)).append(" |");
        }
        out.append("\n|:--|").append("--:|".repeat(columns.size() - 1)).append('\n');
        for (List<String> r : rows) {
            out.append('|');
            for (String c : r) {
                out.append(' ').append(markdownText(c)).append(" |");
            }
            out.append('\n');
        }
    }

    /**
     * Every figure of every method as CSV (RFC 4180, {@code \n} line ends), one row per figure and
     * method: the summary, the paired comparison with the reference (empty for the reference itself),
     * and each run's value by pair label, fractions (millimetres for HD95) in full precision.
     */
    public String toCsv() {
        List<String> header = new ArrayList<>(List.of("figure", "method", "reference", "runs", "mean", "sd", "median",
                "min", "max", "pairs", "mean_difference", "mean_difference_lower", "mean_difference_upper",
                "median_difference", "wilcoxon_statistic", "p", "p_holm", "marked"));
        header.addAll(pairs);
        StringBuilder out = new StringBuilder(CsvFile.line(header));
        for (String f : figures) {
            for (String m : methods) {
                Optional<Cell> cell = cell(m, f);
                if (cell.isEmpty()) {
                    continue;
                }
                Summary s = cell.get().summary();
                PairedComparison c = cell.get().comparison();
                List<String> row = new ArrayList<>(List.of(f, m, reference, Integer.toString(runs(m)), num(s.mean()),
                        num(s.sd()), num(s.median()), num(s.min()), num(s.max())));
                if (c == null) {
                    row.addAll(Collections.nCopies(9, ""));
                } else {
                    row.addAll(List.of(Integer.toString(c.pairs()), num(c.meanDifference().estimate()),
                            num(c.meanDifference().lower()), num(c.meanDifference().upper()), num(c.medianDifference()),
                            num(c.wilcoxon().statistic()), num(c.wilcoxon().pValue()), num(c.holmP()),
                            Boolean.toString(cell.get().marked())));
                }
                for (String p : pairs) {
                    Double v = cell.get().values().get(p);
                    row.add(v == null ? "" : num(v));
                }
                out.append(CsvFile.line(row));
            }
        }
        return out.toString();
    }

    /**
     * Every figure as a JSON tree ({@code summary.json}): the settings of the tests, the notes, and per
     * figure and method the summary, each run's value and the comparison with the reference.
     */
    public JsonNode toJson(String title) {
        ObjectNode root = (ObjectNode) RunFiles.toTree(Map.of());
        root.put("title", title);
        root.put("metric", metric);
        root.put("reference", reference);
        root.put("test", "two-sided exact Wilcoxon signed-rank test of the paired differences method - reference"
                + " (scipy.stats.wilcoxon(x, y, method='exact'), SciPy 1.10), Holm's correction across the methods"
                + " compared with the reference, per figure");
        root.put("alpha", ALPHA);
        ObjectNode b = root.putObject("bootstrap");
        b.put("resamples", bootstrap.resamples());
        b.put("level", bootstrap.level());
        b.put("seed", bootstrap.seed());
        ArrayNode n = root.putArray("notes");
        notes().forEach(n::add);
        root.set("tableFigures", RunFiles.toTree(tableFigures));
        root.set("pairs", RunFiles.toTree(pairs));
        ObjectNode figs = root.putObject("figures");
        for (String f : figures) {
            ObjectNode fig = figs.putObject(f);
            fig.put("lowerIsBetter", Figure.lowerIsBetter(f));
            ObjectNode ms = fig.putObject("methods");
            for (String m : methods) {
                cell(m, f).ifPresent(c -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("runs", runs(m));
                    entry.put("summary", c.summary());
                    entry.put("values", c.values());
                    if (c.comparison() != null) {
                        Map<String, Object> cmp = new LinkedHashMap<>();
                        PairedComparison p = c.comparison();
                        cmp.put("pairs", p.pairs());
                        cmp.put("meanDifference", p.meanDifference());
                        cmp.put("medianDifference", p.medianDifference());
                        cmp.put("wilcoxonStatistic", p.wilcoxon().statistic());
                        cmp.put("p", p.wilcoxon().pValue());
                        cmp.put("pMethod", p.wilcoxon().method().name().toLowerCase(Locale.ROOT));
                        cmp.put("pHolm", p.holmP());
                        cmp.put("marked", c.marked());
                        entry.put("comparison", cmp);
                    }
                    ms.set(m, RunFiles.toTree(entry));
                });
            }
        }
        return root;
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    private static String markdownText(String s) {
        return s.replace("|", "\\|");
    }

    @Override
    public String toString() {
        return "ComparisonTable[methods=" + methods + ", metric=" + metric + ", reference=" + reference + ", pairs="
                + Arrays.toString(pairs.toArray()) + "]";
    }
}
