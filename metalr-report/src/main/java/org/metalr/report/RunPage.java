package org.metalr.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleFunction;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.metalr.runs.EpochRecord;
import org.metalr.runs.LrTrajectoryCsv;
import org.metalr.runs.MetricsCsv;
import org.metalr.runs.RunConfig;
import org.metalr.runs.RunFiles;
import org.metalr.runs.RunReport;
import org.metalr.runs.metrics.ClassificationMetrics;
import org.metalr.runs.metrics.EvaluationMetrics;
import org.metalr.runs.metrics.SegmentationMetrics;
import org.metalr.runs.metrics.Surface;
import org.metalr.stats.Interval;

/**
 * The report of one run: its pictures ({@code lr_curves.png/.svg}, {@code lr_profile.png},
 * {@code confusion_matrix.png}, {@code loss_curve.png}, each when the run has what it needs) and
 * {@code report.html}, one self-contained page with the test results and their confidence intervals,
 * learning rates, training history, settings, and a list of what the run folder lacks. Rendering a run
 * of 20 epochs takes about a second; every file is written atomically.
 *
 * <pre>
 * List&lt;Path&gt; written = RunPage.write(runDir);      // reads runDir, writes into it
 * </pre>
 */
public final class RunPage {

    private RunPage() {
    }

    /**
     * Reads the run folder {@code runDir} and writes its pictures and page into it.
     *
     * @return the files written, the page last
     * @throws org.metalr.runs.RunFileException naming the file when one is malformed
     * @throws IOException if the folder holds no run files or a file cannot be written
     */
    public static List<Path> write(Path runDir) throws IOException {
        return render(RunFolder.read(runDir)).writeTo(runDir);
    }

    /** Renders the report of {@code run} in memory. */
    public static Report render(RunFolder run) {
        Objects.requireNonNull(run, "run");
        RunReport m = run.metrics();
        String method = run.method().orElse(null);
        String title = (method != null ? "Run: " + method : "Run") + " (" + run.name() + ")";
        List<Boolean> frozen = run.frozen();
        List<Picture> pictures = new ArrayList<>();
        Page page = new Page(title);
        List<String> lacks = new ArrayList<>(run.absent());

        page.heading(1, null, title);
        page.raw("<p class=\"sub\">" + summary(run, m) + "</p>\n");
        page.raw("<nav><a href=\"#results\">Test results</a><a href=\"#learning-rates\">Learning rates</a>"
                + "<a href=\"#training\">Training</a><a href=\"#settings\">Settings</a>"
                + "<a href=\"#lacks\">Not in this run</a></nav>\n");
        if (m != null && m.message() != null) {
            page.note(m.message(), RunReport.DIVERGED.equals(m.status()) ? "error" : "warn");
        }

        // Test results.
        page.heading(2, "results", "Test results");
        String validationOnly = m == null ? null : m.validationOnly();
        if (validationOnly != null) {
            page.note("No test results: " + validationOnly + ". Every epoch's validation figures are under Training.",
                    "warn");
        } else if (m == null || (m.testSelected() == null && m.testLast() == null)) {
            page.note("No test results" + (m != null && m.status() != null ? " (the run is " + m.status() + ")" : "")
                    + ".", null);
        } else {
            results(page, run, m, pictures);
        }

        // Learning rates.
        page.heading(2, "learning-rates", "Learning rates");
        if (run.trajectory() != null) {
            Picture curves = LrCurvesPicture.render(run.trajectory(), frozen,
                    "Learning rate per group" + (method != null ? ": " + method : ""));
            Picture profile = LrProfilePicture.ofRun(run.trajectory(), frozen,
                    "Learning rate by depth" + (method != null ? ": " + method : ""));
            pictures.add(curves);
            pictures.add(profile);
            page.picture(curves).picture(profile);
        }
        HtmlTable rates = rateTable(run, frozen);
        if (rates.isEmpty()) {
            page.note("No learning rates: the run has neither " + LrTrajectoryCsv.FILE_NAME + " nor learningRates in "
                    + RunFiles.METRICS + ".", null);
        } else {
            page.raw(rates.html());
        }

        // Training.
        page.heading(2, "training", "Training");
        List<EpochRecord> epochs = m == null ? List.of() : m.epochs();
        Optional<Picture> loss = LossCurvePicture.render(run.losses(), epochs,
                "Loss during training" + (method != null ? ": " + method : ""));
        loss.ifPresent(p -> {
            pictures.add(p);
            page.picture(p);
        });
        if (epochs.isEmpty()) {
            page.note("No finished epochs are recorded.", null);
        } else {
            page.raw(epochTable(m).html());
            if (run.epochs() != null) {
                page.paragraph("Every validation figure of every epoch, with each group's learning rate: "
                        + MetricsCsv.FILE_NAME + "; TensorBoard scalars: tensorboard/.", "muted");
            }
        }

        // Settings.
        page.heading(2, "settings", "Settings");
        if (run.config() == null) {
            page.note(RunConfig.FILE_NAME + " is absent.", null);
        } else {
            page.raw(keyValues("settings-table", run.config().flatten()).html());
        }
        if (!run.other().isEmpty()) {
            page.heading(3, "other", "Other entries of " + RunFiles.METRICS);
            page.raw("<details><summary>" + run.other().size() + (run.other().size() == 1 ? " entry" : " entries")
                    + "</summary>\n" + keyValues("other-table", run.other()).html() + "</details>\n");
        }

        // What is missing.
        page.heading(2, "lacks", "Not in this run");
        if (lacks.isEmpty()) {
            page.paragraph("Nothing: every file and figure the report shows is present.", "muted");
        } else {
            page.list(lacks);
        }
        String html = page.html("Made by metalr from " + run.name() + ". The pictures are embedded in this page and"
                + " also written beside it.");
        return new Report(html, pictures, Map.of());
    }

    private static String summary(RunFolder run, RunReport m) {
        List<String> parts = new ArrayList<>();
        if (m != null && m.status() != null) {
            parts.add("<span class=\"badge " + Html.escape(m.status()) + "\">" + Html.escape(m.status()) + "</span>");
        }
        if (m != null) {
            parts.add(m.iterations() + " iterations");
        } else if (run.trajectory() != null) {
            parts.add(run.trajectory().lastIteration() + " iterations");
        }
        if (m != null && !m.epochs().isEmpty()) {
            parts.add(m.epochs().size() + (m.epochs().size() == 1 ? " epoch" : " epochs"));
        }
        if (m != null && m.selectedEpoch() != null) {
            parts.add("selected epoch " + m.selectedEpoch());
        }
        if (m != null && Double.isFinite(m.seconds())) {
            parts.add(Html.escape(Formats.duration(m.seconds())));
        }
        if (run.config() != null && run.config().backend() != null) {
            parts.add("backend " + Html.escape(run.config().backend()));
        }
        parts.add("folder <code>" + Html.escape(run.name()) + "</code>");
        return String.join(" · ", parts);
    }

    private static void results(Page page, RunFolder run, RunReport m, List<Picture> pictures) {
        EvaluationMetrics sel = m.testSelected();
        EvaluationMetrics last = m.testLast();
        String selName = "selected model" + (m.selectedEpoch() != null ? " (epoch " + m.selectedEpoch() + ")" : "");
        String lastName = "last model"
                + (m.epochs().isEmpty() ? "" : " (epoch " + m.epochs().get(m.epochs().size() - 1).epoch() + ")");
        page.paragraph("The selected model is the epoch with the best validation figures; both models are tested on"
                + " the held-out test set." + intervalNote(run, sel, last), "muted");
        if (sel instanceof ClassificationMetrics || last instanceof ClassificationMetrics) {
            classification(page, run, sel instanceof ClassificationMetrics c ? c : null,
                    last instanceof ClassificationMetrics c ? c : null, selName, lastName, pictures);
        }
        if (sel instanceof SegmentationMetrics || last instanceof SegmentationMetrics) {
            segmentation(page, sel instanceof SegmentationMetrics x ? x : null,
                    last instanceof SegmentationMetrics x ? x : null, selName, lastName);
        }
    }

    /** How the intervals were made, from {@code config.json}'s evaluation settings when it has them. */
    private static String intervalNote(RunFolder run, EvaluationMetrics sel, EvaluationMetrics last) {
        boolean any = (sel != null && hasIntervals(sel)) || (last != null && hasIntervals(last));
        if (!any) {
            return "";
        }
        String unit = sel instanceof SegmentationMetrics || last instanceof SegmentationMetrics
                ? "over the test volumes" : "over the test samples, stratified by class";
        String how = "";
        if (run.config() != null) {
            Optional<String> resamples = run.config().setting("evaluation.bootstrapResamples");
            Optional<String> seed = run.config().setting("evaluation.bootstrapSeed");
            if (resamples.isPresent() && seed.isPresent()) {
                how = ", " + resamples.get() + " resamples, seed " + seed.get();
            }
        }
        return " Intervals: percentile bootstrap " + unit + how + ".";
    }

    private static boolean hasIntervals(EvaluationMetrics e) {
        return e instanceof ClassificationMetrics c ? c.intervals() != null
                : ((SegmentationMetrics) e).intervals() != null;
    }

    private static void classification(Page page, RunFolder run, ClassificationMetrics s, ClassificationMetrics l,
            String selName, String lastName, List<Picture> pictures) {
        String level = level(s != null && s.intervals() != null ? s.intervals().accuracy()
                : l != null && l.intervals() != null ? l.intervals().accuracy() : null);
        HtmlTable t = new HtmlTable("test-summary", null).header("figure", false).header(selName, true)
                .header(level, true).header(lastName, true).header(level, true);
        t.row(figureRow("accuracy", s, l, ClassificationMetrics::accuracy, ci(ClassificationMetrics.Intervals::accuracy),
                Formats::percent), null);
        t.row(figureRow("balanced accuracy", s, l, ClassificationMetrics::balancedAccuracy,
                ci(ClassificationMetrics.Intervals::balancedAccuracy), Formats::percent), null);
        t.row(figureRow("macro F1", s, l, ClassificationMetrics::macroF1, null, Formats::percent), null);
        t.row(figureRow("macro ROC AUC (one-vs-rest)", s, l, ClassificationMetrics::macroAuc,
                ci(ClassificationMetrics.Intervals::macroAuc), Formats::score), null);
        t.row(List.of(HtmlTable.Cell.text("samples"), HtmlTable.Cell.num(s == null ? Formats.NONE
                : Long.toString(s.samples())), HtmlTable.Cell.num(""), HtmlTable.Cell.num(l == null ? Formats.NONE
                : Long.toString(l.samples())), HtmlTable.Cell.num("")), null);
        page.raw(t.html());
        int k = s != null ? s.classes() : l.classes();
        List<String> classes = run.classNames(k);
        page.heading(3, null, "Per class");
        page.raw(perClassTable(classes, s, l, selName, lastName).html());
        ClassificationMetrics withIntervals = s != null && s.intervals() != null ? s
                : l != null && l.intervals() != null ? l : null;
        if (withIntervals != null) {
            String which = withIntervals == s ? selName : lastName;
            HtmlTable ci = new HtmlTable("per-class-intervals", null).header("class", false)
                    .header("sensitivity, " + which, true).header(level(withIntervals.intervals().accuracy()), true)
                    .header("specificity", true).header(level(withIntervals.intervals().accuracy()), true);
            double[] sens = withIntervals.sensitivity();
            double[] spec = withIntervals.specificity();
            for (int c = 0; c < classes.size(); c++) {
                ci.row(List.of(HtmlTable.Cell.text(classes.get(c)), HtmlTable.Cell.num(Formats.percent(sens[c])),
                        HtmlTable.Cell.num(Formats.interval(withIntervals.intervals().sensitivity().get(c), Formats::percent)),
                        HtmlTable.Cell.num(Formats.percent(spec[c])),
                        HtmlTable.Cell.num(Formats.interval(withIntervals.intervals().specificity().get(c),
                                Formats::percent))), null);
            }
            page.raw(ci.html());
        }
        ClassificationMetrics pictured = s != null ? s : l;
        String which = pictured == s ? selName : lastName;
        Picture cm = ConfusionMatrixPicture.render(classes, rows(pictured.confusion()), "Test confusion matrix: " + which);
        pictures.add(cm);
        page.heading(3, null, "Confusion matrices");
        page.picture(cm);
        if (s != null) {
            page.raw(confusionTable("confusion-selected", classes, s, selName).html());
        }
        if (l != null) {
            page.raw(confusionTable("confusion-last", classes, l, lastName).html());
        }
    }

    private static void segmentation(Page page, SegmentationMetrics s, SegmentationMetrics l, String selName,
            String lastName) {
        SegmentationMetrics shown = s != null ? s : l;
        String level = level(shown.intervals() == null ? null : shown.intervals().dice());
        String tolerance = Double.isNaN(shown.surfaceToleranceMm()) ? ""
                : " at " + Charts.number(shown.surfaceToleranceMm()) + " mm";
        HtmlTable t = new HtmlTable("test-summary-segmentation", null).header("figure", false).header(selName, true)
                .header(level, true).header(lastName, true).header(level, true);
        t.row(figureRow("Dice, mean over volumes", s, l, SegmentationMetrics::meanDice,
                si(SegmentationMetrics.Intervals::dice), Formats::percent), null);
        t.row(figureRow("PPV, mean over volumes", s, l, SegmentationMetrics::meanPpv,
                si(SegmentationMetrics.Intervals::ppv), Formats::percent), null);
        t.row(figureRow("sensitivity, mean over volumes", s, l, SegmentationMetrics::meanSensitivity,
                si(SegmentationMetrics.Intervals::sensitivity), Formats::percent), null);
        t.row(figureRow("HD95, mean over volumes", s, l, SegmentationMetrics::meanHd95,
                si(SegmentationMetrics.Intervals::hd95), Formats::millimetres), null);
        t.row(figureRow("surface Dice" + tolerance + ", mean over volumes", s, l, SegmentationMetrics::meanSurfaceDice,
                si(SegmentationMetrics.Intervals::surfaceDice), Formats::percent), null);
        t.row(figureRow("Dice, all voxels", s, l, x -> x.global().dice(), null, Formats::percent), null);
        t.row(figureRow("PPV, all voxels", s, l, x -> x.global().ppv(), null, Formats::percent), null);
        t.row(figureRow("sensitivity, all voxels", s, l, x -> x.global().sensitivity(), null, Formats::percent), null);
        page.raw(t.html());
        page.paragraph("HD95 is infinite for a volume where exactly one of prediction and mask is empty (a missed or"
                + " a false structure), and then so is the mean; volumes where both are empty have no HD95 or surface"
                + " Dice and are left out of their means.", "muted");
        page.heading(3, null, "Per volume (" + (shown == s ? selName : lastName) + ")");
        HtmlTable v = new HtmlTable("volumes", null).header("volume", false).header("Dice", true).header("PPV", true)
                .header("sensitivity", true).header("HD95", true).header("surface Dice" + tolerance, true);
        shown.volumes().forEach((id, o) -> {
            Surface f = shown.surfaces().get(id);
            v.row(List.of(HtmlTable.Cell.text(id), HtmlTable.Cell.num(Formats.percent(o.dice())),
                    HtmlTable.Cell.num(Formats.percent(o.ppv())), HtmlTable.Cell.num(Formats.percent(o.sensitivity())),
                    HtmlTable.Cell.num(f == null ? Formats.NONE : Formats.millimetres(f.hd95())),
                    HtmlTable.Cell.num(f == null ? Formats.NONE : Formats.percent(f.surfaceDice()))), null);
        });
        page.raw(v.html());
    }

    /** {@code 95% interval}, or {@code interval} when there is none to tell the level from. */
    private static String level(Interval any) {
        return any == null ? "interval" : Charts.number(100 * any.level()) + "% interval";
    }

    /**
     * One figure's row: its name, then for the selected and the last model the value and its interval
     * ({@code interval} null for a figure without one; it gives null for a model without intervals).
     */
    private static <M extends EvaluationMetrics> List<HtmlTable.Cell> figureRow(String name, M s, M l,
            ToDoubleFunction<M> value, Function<M, Interval> interval, DoubleFunction<String> format) {
        List<HtmlTable.Cell> row = new ArrayList<>();
        row.add(HtmlTable.Cell.text(name));
        for (M m : Arrays.asList(s, l)) {
            row.add(HtmlTable.Cell.num(m == null ? Formats.NONE : format.apply(value.applyAsDouble(m))));
            Interval i = m == null || interval == null ? null : interval.apply(m);
            row.add(HtmlTable.Cell.num(i == null ? "" : Formats.interval(i, format)));
        }
        return row;
    }

    /** A classification interval, null for figures without intervals. */
    private static Function<ClassificationMetrics, Interval> ci(Function<ClassificationMetrics.Intervals, Interval> f) {
        return c -> c.intervals() == null ? null : f.apply(c.intervals());
    }

    /** A segmentation interval, null for figures without intervals. */
    private static Function<SegmentationMetrics, Interval> si(Function<SegmentationMetrics.Intervals, Interval> f) {
        return x -> x.intervals() == null ? null : f.apply(x.intervals());
    }

    private static List<List<Long>> rows(long[][] confusion) {
        List<List<Long>> out = new ArrayList<>();
        for (long[] row : confusion) {
            out.add(Arrays.stream(row).boxed().toList());
        }
        return out;
    }

    private static HtmlTable perClassTable(List<String> classes, ClassificationMetrics s, ClassificationMetrics l,
            String selName, String lastName) {
        HtmlTable t = new HtmlTable("per-class", null).group("", 1);
        List<ClassificationMetrics> models = new ArrayList<>();
        if (s != null) {
            t.group(selName, 5);
            models.add(s);
        }
        if (l != null) {
            t.group(lastName, 5);
            models.add(l);
        }
        t.header("class", false);
        for (int i = 0; i < models.size(); i++) {
            t.header("sensitivity", true).header("specificity", true).header("precision", true).header("F1", true)
                    .header("ROC AUC", true);
        }
        for (int c = 0; c < classes.size(); c++) {
            List<HtmlTable.Cell> row = new ArrayList<>();
            row.add(HtmlTable.Cell.text(classes.get(c)));
            for (ClassificationMetrics r : models) {
                row.add(HtmlTable.Cell.num(Formats.percent(r.sensitivity()[c])));
                row.add(HtmlTable.Cell.num(Formats.percent(r.specificity()[c])));
                row.add(HtmlTable.Cell.num(Formats.percent(r.precision()[c])));
                row.add(HtmlTable.Cell.num(Formats.percent(r.f1()[c])));
                row.add(HtmlTable.Cell.num(Formats.score(r.auc()[c])));
            }
            t.row(row, null);
        }
        return t;
    }

    private static HtmlTable confusionTable(String id, List<String> classes, ClassificationMetrics r, String name) {
        HtmlTable t = new HtmlTable(id, "confusion").group("", 1).group("predicted, " + name, classes.size());
        t.header("true class", false);
        for (String c : classes) {
            t.header(c, true);
        }
        long[][] confusion = r.confusion();
        for (int i = 0; i < classes.size(); i++) {
            List<HtmlTable.Cell> row = new ArrayList<>();
            row.add(HtmlTable.Cell.text(classes.get(i)));
            for (int j = 0; j < classes.size(); j++) {
                row.add(new HtmlTable.Cell(Long.toString(confusion[i][j]), true, i == j ? "diag" : null));
            }
            t.row(row, null);
        }
        return t;
    }

    private static HtmlTable rateTable(RunFolder run, List<Boolean> frozen) {
        HtmlTable t = new HtmlTable("learning-rates-table", null).header("group", false).header("frozen", false);
        LrTrajectoryCsv.Trajectory tr = run.trajectory();
        if (tr != null) {
            t.header("initial", true).header("final", true).header("final / initial", true);
            double[] first = tr.initialRates();
            double[] last = tr.finalRates();
            for (int g = 0; g < tr.groups().size(); g++) {
                t.row(List.of(HtmlTable.Cell.text(tr.groups().get(g)), HtmlTable.Cell.text(frozenText(frozen, g)),
                        HtmlTable.Cell.num(Formats.rate(first[g])), HtmlTable.Cell.num(Formats.rate(last[g])),
                        HtmlTable.Cell.num(Formats.loss(last[g] / first[g]))), null);
            }
            return t;
        }
        RunReport m = run.metrics();
        if (m != null && !m.learningRates().isEmpty()) {
            t.header("final", true);
            int g = 0;
            for (Map.Entry<String, Double> e : m.learningRates().entrySet()) {
                t.row(List.of(HtmlTable.Cell.text(e.getKey()), HtmlTable.Cell.text(frozenText(frozen, g++)),
                        HtmlTable.Cell.num(Formats.rate(e.getValue()))), null);
            }
        }
        return t;
    }

    private static String frozenText(List<Boolean> frozen, int g) {
        return g < frozen.size() ? (frozen.get(g) ? "yes" : "no") : Formats.NONE;
    }

    private static HtmlTable epochTable(RunReport m) {
        boolean passes = m.epochs().stream().anyMatch(e -> e.passes() > 0);
        String headline = m.epochs().stream().map(EpochRecord::validation).filter(Objects::nonNull)
                .map(EvaluationMetrics::headlineName).findFirst().orElse("accuracy");
        HtmlTable t = new HtmlTable("epochs", null).header("epoch", true);
        if (passes) {
            t.header("passes", true);
        }
        t.header("iteration", true).header("train loss", true).header("validation loss", true)
                .header("validation " + headline, true).header("", false);
        for (EpochRecord e : m.epochs()) {
            boolean selected = m.selectedEpoch() != null && e.epoch() == m.selectedEpoch();
            List<HtmlTable.Cell> row = new ArrayList<>();
            row.add(HtmlTable.Cell.num(Integer.toString(e.epoch())));
            if (passes) {
                row.add(HtmlTable.Cell.num(e.passes() > 0 ? Integer.toString(e.passes()) : Formats.NONE));
            }
            row.add(HtmlTable.Cell.num(Long.toString(e.iteration())));
            row.add(HtmlTable.Cell.num(Formats.loss(e.trainLoss())));
            row.add(HtmlTable.Cell.num(Formats.loss(e.validationLoss())));
            row.add(HtmlTable.Cell.num(e.validation() == null ? Formats.NONE : Formats.percent(e.validation().headline())));
            row.add(HtmlTable.Cell.text(selected ? "selected" : ""));
            t.row(row, selected ? "selected" : null);
        }
        return t;
    }

    static HtmlTable keyValues(String id, Map<String, String> entries) {
        HtmlTable t = new HtmlTable(id, null).header("key", false).header("value", false);
        entries.forEach((k, v) -> t.row(List.of(new HtmlTable.Cell(k, false, "key"), new HtmlTable.Cell(v, false, "value")),
                null));
        return t;
    }
}
