package org.metalr.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.metalr.report.ComparisonTable;
import org.metalr.report.RunFolder;
import org.metalr.runs.RunReport;
import org.metalr.runs.metrics.Figure;
import org.metalr.stats.Bootstrap;
import org.metalr.stats.PairedComparison;
import org.metalr.stats.Summary;

/**
 * One task's rows of a study: every method's test accuracy over its seeds, tested on runs paired by seed
 * against two references (the baseline {@code all} and the released rule), exactly as {@code compare}
 * computes it ({@link ComparisonTable}: paired bootstrap interval of the mean difference, exact Wilcoxon,
 * Holm over the methods compared with that reference), with the seeds won, tied and lost; the learned
 * rates (each group's final rate, median over seeds) of every method whose rates moved; and the cost: wall
 * seconds per iteration (training and the per-epoch evaluation), median over runs, and its ratio to the
 * first reference's.
 */
final class StudyTable {

    /**
     * One method against one reference.
     *
     * @param comparison the paired comparison ({@code compare}'s), null for the reference itself
     * @param won        seeds where the method's accuracy is above the reference's
     * @param tied       seeds where it is equal
     * @param lost       seeds where it is below
     */
    record Versus(PairedComparison comparison, int won, int tied, int lost) {
    }

    /**
     * One method's row.
     *
     * @param runs              runs with test figures
     * @param broken            runs that diverged or failed (no test figures; left out of the paired figures)
     * @param accuracy          test accuracy over the runs (fractions)
     * @param versus            by reference, in reference order
     * @param secondsPerIteration median over runs of a run's seconds over its iterations
     * @param groups            the network's groups
     * @param initialRates      each group's initial rate (median over runs), NaN where frozen
     * @param finalRates        each group's final rate (median over runs), NaN where frozen
     */
    record Row(String method, int runs, int broken, Summary accuracy, List<Versus> versus, double secondsPerIteration,
            List<String> groups, double[] initialRates, double[] finalRates) {

        /** Whether any trained group ended at another rate than it started with: the method learned its rates. */
        boolean learned() {
            for (int g = 0; g < finalRates.length; g++) {
                if (!Double.isNaN(finalRates[g]) && finalRates[g] != initialRates[g]) {
                    return true;
                }
            }
            return false;
        }
    }

    private final String task;
    private final List<String> references;
    private final List<Row> rows;
    private final List<String> notes;

    private StudyTable(String task, List<String> references, List<Row> rows, List<String> notes) {
        this.task = task;
        this.references = List.copyOf(references);
        this.rows = List.copyOf(rows);
        this.notes = List.copyOf(notes);
    }

    /**
     * Reads the runs of {@code comparison} and compares every method with each of {@code references}.
     *
     * @param references methods of the comparison, the first the cost's reference
     * @throws IllegalArgumentException if a reference has no run with test figures
     */
    static StudyTable of(String task, MethodComparison comparison, List<String> methods, List<String> references,
            Bootstrap bootstrap) throws IOException {
        List<ComparisonTable> tables = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (String reference : references) {
            ComparisonTable t = comparison.page(task).bootstrap(bootstrap).reference(reference).metric(Figure.ACCURACY)
                    .build().table();
            tables.add(t);
        }
        notes.addAll(tables.get(0).notes());
        List<Row> rows = new ArrayList<>();
        for (String method : methods) {
            List<Double> secondsPerIteration = new ArrayList<>();
            List<double[]> initial = new ArrayList<>();
            List<double[]> last = new ArrayList<>();
            List<String> groups = List.of();
            int broken = 0;
            for (Path dir : comparison.runDirs(method)) {
                RunFolder run = RunFolder.read(dir);
                RunReport m = run.metrics();
                if (MethodComparison.broken(dir) != null) {
                    broken++;
                }
                if (m != null && m.iterations() > 0 && m.finished()) {
                    secondsPerIteration.add(m.seconds() / m.iterations());
                }
                if (run.trajectory() != null) {
                    groups = run.trajectory().groups();
                    List<Boolean> frozen = run.frozen();
                    initial.add(masked(run.trajectory().rows().get(0).rates(), frozen));
                    last.add(masked(run.trajectory().finalRates(), frozen));
                }
            }
            ComparisonTable first = tables.get(0);
            Summary accuracy = first.cell(method, first.metric()).map(ComparisonTable.Cell::summary)
                    .orElse(Summary.of(new double[0]));
            List<Versus> versus = new ArrayList<>();
            for (int i = 0; i < references.size(); i++) {
                versus.add(versus(tables.get(i), method, references.get(i)));
            }
            rows.add(new Row(method, first.runs(method), broken, accuracy, versus,
                    median(secondsPerIteration.stream().mapToDouble(Double::doubleValue).toArray()), groups,
                    medians(initial, groups.size()), medians(last, groups.size())));
        }
        return new StudyTable(task, references, rows, notes);
    }

    private static Versus versus(ComparisonTable table, String method, String reference) {
        Map<String, Double> mine = table.cell(method, table.metric()).map(ComparisonTable.Cell::values).orElse(Map.of());
        Map<String, Double> ref = table.cell(reference, table.metric()).map(ComparisonTable.Cell::values)
                .orElse(Map.of());
        int won = 0;
        int tied = 0;
        int lost = 0;
        for (Map.Entry<String, Double> e : mine.entrySet()) {
            Double r = ref.get(e.getKey());
            if (r == null || r.isNaN() || e.getValue().isNaN()) {
                continue;
            }
            int c = Double.compare(e.getValue(), r);
            won += c > 0 ? 1 : 0;
            tied += c == 0 ? 1 : 0;
            lost += c < 0 ? 1 : 0;
        }
        PairedComparison c = method.equals(reference) ? null
                : table.cell(method, table.metric()).map(ComparisonTable.Cell::comparison).orElse(null);
        return new Versus(c, won, tied, lost);
    }

    private static double[] masked(double[] rates, List<Boolean> frozen) {
        double[] out = rates.clone();
        for (int g = 0; g < out.length && g < frozen.size(); g++) {
            if (frozen.get(g)) {
                out[g] = Double.NaN;
            }
        }
        return out;
    }

    private static double[] medians(List<double[]> runs, int groups) {
        double[] out = new double[groups];
        for (int g = 0; g < groups; g++) {
            int gg = g;
            out[g] = median(runs.stream().filter(r -> r.length == groups).mapToDouble(r -> r[gg]).toArray());
        }
        return out;
    }

    /** The median of the values that are not NaN; NaN without any. */
    private static double median(double[] values) {
        double[] defined = Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
        return defined.length == 0 ? Double.NaN : Summary.of(defined).median();
    }

    /** The task's name. */
    String task() {
        return task;
    }

    /** Every method's row, in method order. */
    List<Row> rows() {
        return rows;
    }

    /** The references, the first the cost's. */
    List<String> references() {
        return references;
    }

    /** The row of {@code method}. */
    Row row(String method) {
        return rows.stream().filter(r -> r.method().equals(method)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no method " + method + " in " + task));
    }

    /**
     * The accuracy table (one row per method) and the profile table (the learned rates of every method
     * whose rates moved, with the initial rates of the first such method), in Markdown; a method is shown by
     * its label in {@code labels}, else by its spelling.
     */
    String toMarkdown(Map<String, String> labels) {
        StringBuilder sb = new StringBuilder();
        sb.append("| method | runs | accuracy % mean ± sd |");
        for (String r : references) {
            sb.append(" Δ vs ").append(labels.getOrDefault(r, r)).append(" [95% CI] | p | p (Holm) | won-tied-lost |");
        }
        sb.append(" s / iteration | × ").append(references.get(0)).append(" |\n|---|--:|--:|");
        sb.append("--:|--:|--:|--:|".repeat(references.size())).append("--:|--:|\n");
        double base = row(references.get(0)).secondsPerIteration();
        for (Row row : rows) {
            sb.append("| ").append(labels.getOrDefault(row.method(), row.method())).append(" | ").append(row.runs())
                    .append(row.broken() > 0 ? " (+" + row.broken() + " broke)" : "").append(" | ")
                    .append(accuracy(row))
                    .append(" |");
            for (Versus v : row.versus()) {
                PairedComparison c = v.comparison();
                if (c == null) {
                    sb.append(" (reference) | | | |");
                    continue;
                }
                boolean marked = c.holmP() < ComparisonTable.ALPHA;
                String diff = String.format(Locale.ROOT, "%+.1f [%+.1f, %+.1f]", 100 * c.meanDifference().estimate(),
                        100 * c.meanDifference().lower(), 100 * c.meanDifference().upper());
                sb.append(' ').append(marked ? "**" + diff + "**" : diff).append(" | ")
                        .append(p(c.wilcoxon().pValue())).append(" | ").append(p(c.holmP())).append(" | ")
                        .append(v.won()).append('-').append(v.tied()).append('-').append(v.lost()).append(" |");
            }
            sb.append(' ').append(number("%.3f", row.secondsPerIteration())).append(" | ")
                    .append(number("%.2f", row.secondsPerIteration() / base)).append(" |\n");
        }
        List<Row> learned = rows.stream().filter(Row::learned).toList();
        if (!learned.isEmpty()) {
            List<String> groups = learned.get(0).groups();
            sb.append("\nLearned rates: each group's final rate, median over seeds (— frozen):\n\n| method |");
            groups.forEach(g -> sb.append(' ').append(g).append(" |"));
            sb.append("\n|---|").append("--:|".repeat(groups.size())).append('\n');
            sb.append("| initial (").append(labels.getOrDefault(learned.get(0).method(), learned.get(0).method()))
                    .append(") |");
            Arrays.stream(learned.get(0).initialRates()).forEach(v -> sb.append(' ').append(rate(v)).append(" |"));
            sb.append('\n');
            for (Row row : learned) {
                sb.append("| ").append(labels.getOrDefault(row.method(), row.method())).append(" |");
                Arrays.stream(row.finalRates()).forEach(v -> sb.append(' ').append(rate(v)).append(" |"));
                sb.append('\n');
            }
        }
        for (String note : notes) {
            sb.append('\n').append(note).append('\n');
        }
        return sb.toString();
    }

    /** The CSV header of {@link #csvRows}: its columns for {@code groups} groups named as given. */
    static String csvHeader(List<String> references, List<String> groups) {
        StringBuilder sb = new StringBuilder("task,method,runs,broken,accuracy_mean,accuracy_sd,accuracy_median");
        for (String r : references) {
            String k = "vs_" + r.replaceAll("[^A-Za-z0-9]", "_");
            sb.append(',').append(String.join(",", k + "_pairs", k + "_mean_difference", k + "_ci_lower",
                    k + "_ci_upper", k + "_p", k + "_p_holm", k + "_won", k + "_tied", k + "_lost"));
        }
        sb.append(",seconds_per_iteration,cost_ratio");
        groups.forEach(g -> sb.append(",initial_lr/").append(g));
        groups.forEach(g -> sb.append(",final_lr/").append(g));
        return sb.toString();
    }

    /** One CSV line per method, full precision, empty where undefined. */
    List<String> csvRows() {
        List<String> out = new ArrayList<>();
        double base = row(references.get(0)).secondsPerIteration();
        for (Row row : rows) {
            List<String> cells = new ArrayList<>(List.of(task, quoted(row.method()), Integer.toString(row.runs()),
                    Integer.toString(row.broken()), csv(row.accuracy().count() == 0 ? Double.NaN : row.accuracy().mean()),
                    csv(row.accuracy().count() == 0 ? Double.NaN : row.accuracy().sd()),
                    csv(row.accuracy().count() == 0 ? Double.NaN : row.accuracy().median())));
            for (Versus v : row.versus()) {
                PairedComparison c = v.comparison();
                cells.addAll(c == null ? List.of("", "", "", "", "", "")
                        : List.of(Integer.toString(c.pairs()), csv(c.meanDifference().estimate()),
                                csv(c.meanDifference().lower()), csv(c.meanDifference().upper()),
                                csv(c.wilcoxon().pValue()), csv(c.holmP())));
                cells.addAll(List.of(Integer.toString(v.won()), Integer.toString(v.tied()), Integer.toString(v.lost())));
            }
            cells.add(csv(row.secondsPerIteration()));
            cells.add(csv(row.secondsPerIteration() / base));
            Arrays.stream(row.initialRates()).forEach(v -> cells.add(csv(v)));
            Arrays.stream(row.finalRates()).forEach(v -> cells.add(csv(v)));
            out.add(String.join(",", cells));
        }
        return out;
    }

    /** The groups of the task's network (of its first method with a learning-rate log). */
    List<String> groups() {
        return rows.stream().map(Row::groups).filter(g -> !g.isEmpty()).findFirst().orElse(List.of());
    }

    private static String quoted(String text) {
        return text.contains(",") || text.contains("\"") ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }

    private static String csv(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    private static String p(double p) {
        return Double.isNaN(p) ? "—" : p < 0.001 ? String.format(Locale.ROOT, "%.1e", p)
                : String.format(Locale.ROOT, "%.3f", p);
    }

    private static String number(String format, double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "—" : String.format(Locale.ROOT, format, v);
    }

    private static String rate(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.1e", v);
    }

    @Override
    public String toString() {
        return "StudyTable[" + task + ", " + rows.size() + " methods, references " + references + "]";
    }

    /** Mean ± sd of a method's accuracy; the mean alone for one run (no spread), a dash for none. */
    private static String accuracy(Row row) {
        long n = row.accuracy().count();
        if (n == 0) {
            return "—";
        }
        return n == 1 ? String.format(Locale.ROOT, "%.1f", 100 * row.accuracy().mean())
                : String.format(Locale.ROOT, "%.1f ± %.1f", 100 * row.accuracy().mean(), 100 * row.accuracy().sd());
    }
}
