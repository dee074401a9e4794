package org.metalr.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The report of a comparison of methods: the comparison table ({@code comparison.md},
 * {@code comparison.csv} and on the page), the median final learning-rate profile of every method
 * ({@code lr_profiles.png}), each method's profiles over its runs ({@code lr_profile_<method>.png}),
 * and the bi-directional grid heatmap ({@code grid_heatmap.png})
 * when given, on one self-contained {@code report.html}. Every file is written atomically.
 *
 * <pre>
 * ComparisonPage.Builder b = ComparisonPage.builder("BUSI, ResNet-18");
 * for (each method, each seed) b.addRun(method, runDir);    // reads metrics.json and lr_trajectory.csv
 * b.build().render().writeTo(outDir);
 * </pre>
 */
public final class ComparisonPage {

    /** The Markdown table's file name. */
    public static final String MARKDOWN = "comparison.md";
    /** The CSV table's file name. */
    public static final String CSV = "comparison.csv";
    /** The file stem of the picture of every method's median final rates. */
    public static final String SUMMARY = "lr_profiles";

    private final String title;
    private final ComparisonTable table;
    private final Map<String, Profiles> profiles;
    private final GridResults grid;
    private final String gridFigure;
    private final List<String> notes;

    /** The final rates of one method's runs, by run label. */
    private record Profiles(List<String> groups, List<Boolean> frozen, Map<String, double[]> finals) {
    }

    private ComparisonPage(Builder b, ComparisonTable table) {
        this.title = b.title;
        this.table = table;
        this.profiles = new LinkedHashMap<>(b.profiles);
        this.grid = b.grid;
        this.gridFigure = b.gridFigure;
        this.notes = List.copyOf(b.notes);
    }

    /** A builder for a page titled {@code title}. */
    public static Builder builder(String title) {
        return new Builder(Objects.requireNonNull(title, "title"));
    }

    /** Collects runs, profiles, a grid and notes; not thread-safe. */
    public static final class Builder {
        private final String title;
        private final ComparisonTable.Builder runs = ComparisonTable.builder();
        private boolean anyRun;
        private ComparisonTable table;
        private final Map<String, Profiles> profiles = new LinkedHashMap<>();
        private GridResults grid;
        private String gridFigure;
        private final List<String> notes = new ArrayList<>();

        private Builder(String title) {
            this.title = title;
        }

        /**
         * Adds one run of {@code method} from its folder: the test figures of its selected model go
         * into the table ({@link Evaluation#tableFigures}), its final learning rates into the method's
         * profile (labelled by the run's seed when config.json names it, else by the folder's name).
         * A run without test figures or learning-rate log is noted on the page, not an error.
         *
         * @throws RunFileException naming the file when one is malformed
         * @throws IOException if {@code runDir} is not a run folder
         */
        public Builder addRun(String method, Path runDir) throws IOException {
            Objects.requireNonNull(method, "method");
            RunFolder run = RunFolder.read(runDir);
            RunMetrics m = run.metrics();
            Evaluation test = m == null ? null : m.testSelected() != null ? m.testSelected() : m.testLast();
            if (test == null) {
                notes.add(method + ": run " + run.name() + " has no test results"
                        + (m != null && m.status() != null ? " (it is " + m.status() + ")" : "")
                        + "; it is left out of the table.");
            } else {
                if (m.testSelected() == null) {
                    notes.add(method + ": run " + run.name() + " has no selected model; its last model is counted.");
                }
                int k = test instanceof ClassificationResult c ? c.classes() : 0;
                addRun(method, test.tableFigures(m.classNames(k)));
            }
            String label = label(run);
            if (run.trajectory() != null) {
                List<Boolean> frozen = m != null && m.frozen().size() == run.trajectory().groups().size() ? m.frozen()
                        : List.of();
                addProfile(method, run.trajectory().groups(), frozen, label, run.trajectory().finalRates());
            } else {
                notes.add(method + ": run " + run.name() + " has no " + LrTrajectory.FILE_NAME
                        + "; its learning rates are not drawn.");
            }
            return this;
        }

        /** Adds one run's figures by column name directly (see {@link ComparisonTable.Builder#addRun}). */
        public Builder addRun(String method, Map<String, ? extends Number> figures) {
            if (table != null) {
                throw new IllegalStateException("a finished table was given; runs cannot be added to it");
            }
            runs.addRun(method, figures);
            anyRun = true;
            return this;
        }

        /** Uses a finished table instead of adding runs. */
        public Builder table(ComparisonTable finished) {
            if (anyRun) {
                throw new IllegalStateException("runs were added; a finished table cannot replace them");
            }
            table = Objects.requireNonNull(finished, "finished");
            return this;
        }

        /**
         * Adds one run's final learning rates to {@code method}'s profile picture.
         *
         * @throws IllegalArgumentException if the groups differ from those of the method's earlier runs,
         *     or {@code finalRates} does not hold one rate per group
         */
        public Builder addProfile(String method, List<String> groups, List<Boolean> frozen, String label,
                double[] finalRates) {
            if (finalRates.length != groups.size()) {
                throw new IllegalArgumentException(method + ", " + label + ": " + finalRates.length + " rates for "
                        + groups.size() + " groups");
            }
            Profiles p = profiles.computeIfAbsent(method,
                    k -> new Profiles(List.copyOf(groups), List.copyOf(frozen), new LinkedHashMap<>()));
            if (!p.groups.equals(groups)) {
                throw new IllegalArgumentException(method + ", " + label + ": groups " + groups + " differ from "
                        + p.groups + " of the method's other runs");
            }
            String unique = label;
            for (int i = 2; p.finals.containsKey(unique); i++) {
                unique = label + " (" + i + ")";
            }
            p.finals.put(unique, finalRates.clone());
            return this;
        }

        /** Adds the bi-directional grid; {@code figure} names its values ("test accuracy"). */
        public Builder grid(GridResults results, String figure) {
            grid = Objects.requireNonNull(results, "results");
            gridFigure = Objects.requireNonNull(figure, "figure");
            return this;
        }

        /** Adds a line to the page's notes. */
        public Builder note(String text) {
            notes.add(Objects.requireNonNull(text, "text"));
            return this;
        }

        public ComparisonPage build() {
            return new ComparisonPage(this, table != null ? table : runs.build());
        }

        /**
         * How a run is named in the profile pictures: by the seed of its {@code config.json} (and the
         * fold of a cross-validated run, which the commands record under {@code run.fold}), else by
         * its folder's name.
         */
        static String label(RunFolder run) {
            String seed = configValue(run, "train.seed", "seed");
            String fold = configValue(run, "run.fold", "fold");
            if (seed != null) {
                return "seed " + seed + (fold != null ? ", fold " + fold : "");
            }
            return run.name();
        }

        /** The first of {@code keys} that the run's flattened {@code config.json} holds, or null. */
        private static String configValue(RunFolder run, String... keys) {
            if (run.config() != null) {
                for (String key : keys) {
                    if (run.config().get(key) != null) {
                        return run.config().get(key);
                    }
                }
            }
            return null;
        }
    }

    /** The comparison table. */
    public ComparisonTable table() {
        return table;
    }

    /** Renders the page, the pictures and the two table files in memory. */
    public Report render() {
        List<Picture> pictures = new ArrayList<>();
        Page page = new Page(title);
        page.heading(1, null, title);
        int totalRuns = table.methods().stream().mapToInt(table::runs).sum();
        page.paragraph(table.methods().size() + (table.methods().size() == 1 ? " method, " : " methods, ") + totalRuns
                + (totalRuns == 1 ? " run" : " runs") + " with test results.", "sub");
        page.raw("<nav><a href=\"#table\">Comparison</a><a href=\"#profiles\">Learning-rate profiles</a>"
                + (grid != null ? "<a href=\"#grid\">Bi-directional grid</a>" : "") + "</nav>\n");

        page.heading(2, "table", "Comparison");
        if (table.methods().isEmpty()) {
            page.note("No run has test results yet.", "warn");
        } else {
            page.paragraph("Test figures of each run's selected model: median over runs (seeds, folds) with [min, max],"
                    + " in percent; the best median of each column in bold. Also in " + MARKDOWN + " and " + CSV + ".",
                    "muted");
            page.raw(htmlTable().html());
        }

        page.heading(2, "profiles", "Learning-rate profiles");
        if (profiles.isEmpty()) {
            page.note("No run has a learning-rate log.", null);
        } else {
            Set<String> names = new HashSet<>();
            summaryProfile().ifPresent(pic -> {
                names.add(pic.name());
                pictures.add(pic);
                page.picture(pic);
            });
            for (Map.Entry<String, Profiles> e : profiles.entrySet()) {
                Profiles p = e.getValue();
                int n = p.finals.size();
                Picture pic = LrProfilePicture.ofProfiles(fileStem(e.getKey(), names), e.getKey() + ": final learning rates",
                        n + (n == 1 ? " run" : " runs"), "Final learning rate of each group of " + e.getKey()
                        + ", shallow to deep (log scale), one line per run.", p.groups, p.frozen, p.finals);
                pictures.add(pic);
                page.picture(pic);
            }
        }

        if (grid != null) {
            page.heading(2, "grid", "Bi-directional grid");
            Picture heat = GridHeatmapPicture.render(grid, "Bi-directional fine-tuning", gridFigure);
            pictures.add(heat);
            page.picture(heat);
        }
        if (!notes.isEmpty()) {
            page.heading(2, "notes", "Notes");
            page.list(notes);
        }
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put(MARKDOWN, "# " + title + "\n\n" + table.toMarkdown());
        texts.put(CSV, table.toCsv());
        return new Report(page.html("Made by metalr. The pictures are embedded in this page and also written beside it."),
                pictures, texts);
    }

    /**
     * Renders and writes everything into {@code dir}.
     *
     * @return the files written, the page last
     * @throws IOException naming the file that could not be written
     */
    public List<Path> write(Path dir) throws IOException {
        return render().writeTo(dir);
    }

    /**
     * {@value #SUMMARY}: the median final rate of each group over each method's runs, one line per
     * method, frozen groups left out; only when there are two methods or more with the same groups.
     */
    private java.util.Optional<Picture> summaryProfile() {
        if (profiles.size() < 2) {
            return java.util.Optional.empty();
        }
        List<String> groups = profiles.values().iterator().next().groups;
        Map<String, double[]> medians = new LinkedHashMap<>();
        for (Map.Entry<String, Profiles> e : profiles.entrySet()) {
            Profiles p = e.getValue();
            if (!p.groups.equals(groups)) {
                return java.util.Optional.empty();
            }
            double[] median = new double[groups.size()];
            for (int g = 0; g < median.length; g++) {
                boolean frozen = g < p.frozen.size() && p.frozen.get(g);
                final int group = g;
                double[] values = p.finals.values().stream().mapToDouble(r -> r[group]).sorted().toArray();
                int n = values.length;
                median[g] = frozen ? Double.NaN : n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
            }
            medians.put(e.getKey(), median);
        }
        return java.util.Optional.of(LrProfilePicture.ofProfiles(SUMMARY, "Final learning rates by method",
                "median over each method's runs; frozen groups left out", "Median final learning rate of each group"
                        + " per method, shallow to deep (log scale); a method's frozen groups are not drawn.",
                groups, List.of(), medians));
    }

    private HtmlTable htmlTable() {
        HtmlTable t = new HtmlTable("comparison", null).header("method", false).header("runs", true);
        for (String f : table.figures()) {
            t.header(f, true);
        }
        Map<String, Set<String>> best = new LinkedHashMap<>();
        for (String f : table.figures()) {
            // Bold marks a difference: not when every method with a value ties.
            long withValue = table.methods().stream().filter(m -> table.cell(m, f).isPresent()).count();
            Set<String> top = table.best(f);
            best.put(f, top.size() < withValue ? top : Set.of());
        }
        for (String m : table.methods()) {
            List<HtmlTable.Cell> row = new ArrayList<>();
            row.add(HtmlTable.Cell.text(m));
            row.add(HtmlTable.Cell.num(Integer.toString(table.runs(m))));
            for (String f : table.figures()) {
                row.add(new HtmlTable.Cell(table.cellText(m, f), true, best.get(f).contains(m) ? "best" : null));
            }
            t.row(row, null);
        }
        return t;
    }

    /** {@code lr_profile_<method>} with every character outside [A-Za-z0-9._-] replaced, unique within the page. */
    static String fileStem(String method, Set<String> taken) {
        String base = "lr_profile_" + method.replaceAll("[^A-Za-z0-9._-]", "-");
        String stem = base;
        for (int i = 2; !taken.add(stem); i++) {
            stem = base + "-" + i;
        }
        return stem;
    }
}
