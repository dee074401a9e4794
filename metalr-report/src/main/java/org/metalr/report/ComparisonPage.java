package org.metalr.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.metalr.runs.RunFiles;
import org.metalr.runs.RunReport;
import org.metalr.runs.metrics.EvaluationMetrics;
import org.metalr.stats.Bootstrap;

/**
 * The report of a comparison of methods: the paired comparison ({@link ComparisonTable}: each method
 * against a reference on runs paired by seed and fold, with intervals and tests) as
 * {@code comparison.md}, {@code comparison.csv}, {@code summary.json} and on the page; the headline
 * figure of every run as points with the lines that pair them ({@code paired_runs.png}); links to
 * every run's own page; the median final learning-rate profile of every method ({@code lr_profiles.png});
 * each method's profiles over its runs ({@code lr_profile_<method>.png}); and the bi-directional grid
 * heatmap ({@code grid_heatmap.png}) when given, on one self-contained {@code report.html}. Every file
 * is written atomically.
 *
 * <pre>
 * ComparisonPage.Builder b = ComparisonPage.builder("BUSI, ResNet-18").metric("balanced-accuracy");
 * for (each method, each seed) b.addRun(method, runDir);    // reads the run folder
 * b.build().write(outDir);
 * </pre>
 */
public final class ComparisonPage {

    /** The Markdown table's file name. */
    public static final String MARKDOWN = "comparison.md";
    /** The CSV table's file name. */
    public static final String CSV = "comparison.csv";
    /** Every figure of the comparison as JSON. */
    public static final String SUMMARY_JSON = "summary.json";
    /** The file stem of the picture of every method's median final rates. */
    public static final String SUMMARY = "lr_profiles";
    /** The file stem of the picture of every run's headline figure, paired across methods. */
    public static final String PAIRED = "paired_runs";

    private final String title;
    private final ComparisonTable table;
    private final Map<String, Profiles> profiles;
    private final List<RunLink> links;
    private final GridResults grid;
    private final String gridFigure;
    private final List<String> notes;

    /** The final rates of one method's runs, by run label. */
    private record Profiles(List<String> groups, List<Boolean> frozen, Map<String, double[]> finals) {
    }

    /** A run of the comparison, for the table of links: its method, pair label, folder and status. */
    private record RunLink(String method, String pair, Path dir, String status) {
    }

    private ComparisonPage(Builder b, ComparisonTable table) {
        this.title = b.title;
        this.table = table;
        this.profiles = new LinkedHashMap<>(b.profiles);
        this.links = List.copyOf(b.links);
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
        private final Map<String, Profiles> profiles = new LinkedHashMap<>();
        private final List<RunLink> links = new ArrayList<>();
        private GridResults grid;
        private String gridFigure;
        private final List<String> notes = new ArrayList<>();

        private Builder(String title) {
            this.title = title;
        }

        /** The reference method (see {@link ComparisonTable.Builder#reference}). */
        public Builder reference(String method) {
            runs.reference(method);
            return this;
        }

        /** The headline figure, by {@link org.metalr.runs.metrics.Figure} name. */
        public Builder metric(String figure) {
            runs.metric(figure);
            return this;
        }

        /** The paired intervals' bootstrap. */
        public Builder bootstrap(Bootstrap bootstrap) {
            runs.bootstrap(bootstrap);
            return this;
        }

        /**
         * Adds one run of {@code method} from its folder: the test figures of its selected model (of its
         * last model, with a note, when none was selected) go into the comparison under the run's pair
         * label, its final learning rates into the method's profile, the folder into the links. A run
         * without test figures or learning-rate log is noted on the page, not an error.
         *
         * @throws org.metalr.runs.RunFileException naming the file when one is malformed
         * @throws IOException if {@code runDir} is not a run folder
         */
        public Builder addRun(String method, Path runDir) throws IOException {
            Objects.requireNonNull(method, "method");
            RunFolder run = RunFolder.read(runDir);
            RunReport m = run.metrics();
            String label = label(run);
            EvaluationMetrics test = m == null ? null : m.testSelected() != null ? m.testSelected() : m.testLast();
            links.add(new RunLink(method, label, runDir, m == null ? null : m.status()));
            if (test == null) {
                notes.add(method + ": run " + run.name() + " has no test results"
                        + (m != null && m.status() != null ? " (it is " + m.status() + ")" : "")
                        + "; it is left out of the comparison.");
            } else {
                if (m.testSelected() == null) {
                    notes.add(method + ": run " + run.name() + " has no selected model; its last model is counted.");
                }
                List<String> classes = m.classes();
                runs.addRun(method, label, test.figures(classes), test.tableFigures(classes));
            }
            if (run.trajectory() != null) {
                addProfile(method, run.trajectory().groups(), run.frozen(), label, run.trajectory().finalRates());
            } else {
                notes.add(method + ": run " + run.name() + " has no " + org.metalr.runs.LrTrajectoryCsv.FILE_NAME
                        + "; its learning rates are not drawn.");
            }
            return this;
        }

        /**
         * Adds one run's figures directly (see {@link ComparisonTable.Builder#addRun}).
         *
         * @param pair the run's pair label ({@code seed 0})
         */
        public Builder addRun(String method, String pair, Map<String, ? extends Number> figures, List<String> table) {
            runs.addRun(method, pair, figures, table);
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

        /**
         * Computes the comparison.
         *
         * @throws IllegalArgumentException if the reference or the metric given is not among the runs'
         */
        public ComparisonPage build() {
            return new ComparisonPage(this, runs.build());
        }

        /**
         * How a run is named and paired: by the seed of its {@code config.json} (and the fold of a
         * cross-validated run, which the commands record under {@code run.fold}), else by its folder's name.
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
                    Optional<String> v = run.config().setting(key);
                    if (v.isPresent()) {
                        return v.get();
                    }
                }
            }
            return null;
        }
    }

    /** The comparison. */
    public ComparisonTable table() {
        return table;
    }

    /**
     * Renders the page, the pictures and the text files in memory, for a page written into
     * {@code dir} (the links to the runs' pages are relative to it).
     */
    public Report render(Path dir) {
        List<Picture> pictures = new ArrayList<>();
        Page page = new Page(title);
        page.heading(1, null, title);
        int totalRuns = table.methods().stream().mapToInt(table::runs).sum();
        page.paragraph(table.methods().size() + (table.methods().size() == 1 ? " method, " : " methods, ") + totalRuns
                + (totalRuns == 1 ? " run" : " runs") + " with test results.", "sub");
        page.raw("<nav><a href=\"#table\">Comparison</a><a href=\"#runs\">Runs</a>"
                + "<a href=\"#profiles\">Learning-rate profiles</a>"
                + (grid != null ? "<a href=\"#grid\">Bi-directional grid</a>" : "") + "</nav>\n");

        page.heading(2, "table", "Comparison");
        if (table.metric() == null) {
            page.note("No run has test results yet.", "warn");
        } else {
            page.paragraph("Test figures of each run's selected model. The headline figure, " + table.metric()
                    + ", of each method against " + table.reference() + " on runs paired by seed (and fold):", "muted");
            page.raw(headlineTable().html());
            page.paragraph(table.legend(), "muted");
            for (String n : table.notes()) {
                page.note(n, n.contains("cannot reach") ? "warn" : null);
            }
            PairedRunsPicture.render(PAIRED, table).ifPresent(p -> {
                pictures.add(p);
                page.picture(p);
            });
            page.heading(3, null, "All figures of the paper's table");
            page.raw(paperTable().html());
            page.paragraph("Median over runs with [min, max], in percent; ** where the paired difference with "
                    + table.reference() + " is significant after Holm's correction. Every figure with its tests: "
                    + CSV + " and " + SUMMARY_JSON + "; also " + MARKDOWN + ".", "muted");
        }

        page.heading(2, "runs", "Runs");
        page.raw(runsTable(dir).html());

        page.heading(2, "profiles", "Learning-rate profiles");
        if (profiles.isEmpty()) {
            page.note("No run has a learning-rate log.", null);
        } else {
            Set<String> names = new HashSet<>();
            names.add(PAIRED);
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
                        + ", shallow to deep (log scale), one line per run; frozen groups are not drawn.", p.groups,
                        p.frozen, p.finals);
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
        texts.put(SUMMARY_JSON, RunFiles.toJson(table.toJson(title)) + "\n");
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
        return render(dir).writeTo(dir);
    }

    private HtmlTable headlineTable() {
        HtmlTable t = new HtmlTable("comparison", null);
        List<String> columns = table.headlineColumns();
        for (int c = 0; c < columns.size(); c++) {
            t.header(columns.get(c), c > 0);
        }
        for (String m : table.methods()) {
            t.row(cells(table.headlineRow(m)), m.equals(table.reference()) ? "reference" : null);
        }
        return t;
    }

    private HtmlTable paperTable() {
        HtmlTable t = new HtmlTable("paper-table", null).header("method", false).header("runs", true);
        for (String f : table.tableFigures()) {
            t.header(f, true);
        }
        for (String m : table.methods()) {
            t.row(cells(table.tableRow(m)), null);
        }
        return t;
    }

    /** Table cells from Markdown-style cells: the first as text, the rest numeric, {@code **x**} marked. */
    private static List<HtmlTable.Cell> cells(List<String> texts) {
        List<HtmlTable.Cell> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String s = texts.get(i);
            boolean marked = s.startsWith("**") && s.endsWith("**") && s.length() > 4;
            out.add(new HtmlTable.Cell(marked ? s.substring(2, s.length() - 2) : s, i > 0, marked ? "marked" : null));
        }
        return out;
    }

    private HtmlTable runsTable(Path dir) {
        HtmlTable t = new HtmlTable("run-links", null).header("method", false).header("run", false)
                .header("status", false).header(table.metric() == null ? "test" : "test " + table.metric(), true)
                .header("report", false);
        Path base = dir.toAbsolutePath().normalize();
        for (RunLink r : links) {
            Path page = r.dir().toAbsolutePath().normalize().resolve(Report.PAGE);
            String href = base.relativize(page).toString().replace('\\', '/');
            String value = table.cell(r.method(), table.metric() == null ? "" : table.metric())
                    .map(c -> c.values().get(r.pair())).map(v -> Double.isNaN(v) ? Formats.NONE
                            : org.metalr.runs.metrics.Figure.millimetres(table.metric()) ? Formats.millimetres(v)
                            : Formats.percent(v)).orElse(Formats.NONE);
            t.row(List.of(HtmlTable.Cell.text(r.method()), HtmlTable.Cell.text(r.pair()),
                    HtmlTable.Cell.text(r.status() == null ? Formats.NONE : r.status()), HtmlTable.Cell.num(value),
                    HtmlTable.Cell.link(href, href)), null);
        }
        return t;
    }

    /**
     * {@value #SUMMARY}: the median final rate of each group over each method's runs, one line per
     * method, frozen groups left out; only when there are two methods or more with the same groups.
     */
    private Optional<Picture> summaryProfile() {
        if (profiles.size() < 2) {
            return Optional.empty();
        }
        List<String> groups = profiles.values().iterator().next().groups;
        Map<String, double[]> medians = new LinkedHashMap<>();
        for (Map.Entry<String, Profiles> e : profiles.entrySet()) {
            Profiles p = e.getValue();
            if (!p.groups.equals(groups)) {
                return Optional.empty();
            }
            double[] median = new double[groups.size()];
            for (int g = 0; g < median.length; g++) {
                boolean frozen = g < p.frozen.size() && p.frozen.get(g);
                final int group = g;
                median[g] = frozen ? Double.NaN
                        : org.metalr.stats.Summary.of(p.finals.values().stream().mapToDouble(r -> r[group]).toArray())
                                .median();
            }
            medians.put(e.getKey(), median);
        }
        return Optional.of(LrProfilePicture.ofProfiles(SUMMARY, "Final learning rates by method",
                "median over each method's runs; frozen groups left out", "Median final learning rate of each group"
                        + " per method, shallow to deep (log scale); a method's frozen groups are not drawn.",
                groups, List.of(), medians));
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
