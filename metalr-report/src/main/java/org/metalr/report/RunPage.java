package org.metalr.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The report of one run: its pictures ({@code lr_curves.png/.svg}, {@code lr_profile.png},
 * {@code confusion_matrix.png}, {@code loss_curve.png}, each when the run has what it needs) and
 * {@code report.html}, one self-contained page with the test results, learning rates, training
 * history, settings, and a list of what the run folder lacks. Rendering a run of 20 epochs takes
 * about a second; every file is written atomically.
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
     * @throws RunFileException naming the file when one is malformed
     * @throws IOException if the folder holds no run files or a file cannot be written
     */
    public static List<Path> write(Path runDir) throws IOException {
        return render(RunFolder.read(runDir)).writeTo(runDir);
    }

    /** Renders the report of {@code run} in memory. */
    public static Report render(RunFolder run) {
        Objects.requireNonNull(run, "run");
        RunMetrics m = run.metrics();
        String method = m != null && m.method() != null ? m.method()
                : run.config() != null && run.config().get("train.method") != null ? run.config().get("train.method")
                : null;
        String title = (method != null ? "Run: " + method : "Run") + " (" + run.name() + ")";
        List<Boolean> frozen = frozen(run);
        List<Picture> pictures = new ArrayList<>();
        Page page = new Page(title);
        List<String> lacks = new ArrayList<>(run.absent());

        page.heading(1, null, title);
        page.raw("<p class=\"sub\">" + summary(run, m) + "</p>\n");
        page.raw("<nav><a href=\"#results\">Test results</a><a href=\"#learning-rates\">Learning rates</a>"
                + "<a href=\"#training\">Training</a><a href=\"#settings\">Settings</a>"
                + "<a href=\"#lacks\">Not in this run</a></nav>\n");
        if (m != null && m.message() != null) {
            page.note(m.message(), "diverged".equals(m.status()) ? "error" : "warn");
        }

        // Test results.
        page.heading(2, "results", "Test results");
        String validationOnly = m == null ? null : m.other().get("validationOnly");
        if (validationOnly != null) {
            page.note("No test results: " + validationOnly + ". Every epoch's validation figures are under Training.",
                    "warn");
        } else if (m == null || (m.testSelected() == null && m.testLast() == null)) {
            page.note("No test results" + (m != null && m.status() != null ? " (the run is " + m.status() + ")" : "")
                    + ".", null);
        } else {
            results(page, m, pictures);
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
            page.note("No learning rates: the run has neither " + LrTrajectory.FILE_NAME + " nor learningRates in "
                    + RunMetrics.FILE_NAME + ".", null);
        } else {
            page.raw(rates.html());
        }

        // Training.
        page.heading(2, "training", "Training");
        List<RunMetrics.EpochSummary> epochs = m == null ? List.of() : m.epochs();
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
        }

        // Settings.
        page.heading(2, "settings", "Settings");
        if (run.config() == null) {
            page.note(RunConfig.FILE_NAME + " is absent.", null);
        } else {
            page.raw(keyValues("settings-table", run.config().settings()).html());
        }
        if (m != null && !m.other().isEmpty()) {
            page.heading(3, "other", "Other entries of " + RunMetrics.FILE_NAME);
            page.raw("<details><summary>" + m.other().size() + (m.other().size() == 1 ? " entry" : " entries")
                    + "</summary>\n"
                    + keyValues("other-table", m.other()).html() + "</details>\n");
        }

        // What is missing.
        if (m != null) {
            for (String key : m.missing()) {
                lacks.add(RunMetrics.FILE_NAME + " has no " + key + ".");
            }
        }
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

    private static String summary(RunFolder run, RunMetrics m) {
        List<String> parts = new ArrayList<>();
        if (m != null && m.status() != null) {
            parts.add("<span class=\"badge " + Html.escape(m.status()) + "\">" + Html.escape(m.status()) + "</span>");
        }
        if (m != null && m.iterations() >= 0) {
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
        if (run.config() != null && run.config().get("backend") != null) {
            parts.add("backend " + Html.escape(run.config().get("backend")));
        }
        parts.add("folder <code>" + Html.escape(run.name()) + "</code>");
        return String.join(" · ", parts);
    }

    private static List<Boolean> frozen(RunFolder run) {
        List<String> groups = run.trajectory() != null ? run.trajectory().groups()
                : run.metrics() != null ? run.metrics().groups() : List.of();
        if (run.metrics() != null && run.metrics().frozen().size() == groups.size()) {
            return run.metrics().frozen();
        }
        return List.of();
    }

    private static void results(Page page, RunMetrics m, List<Picture> pictures) {
        Evaluation sel = m.testSelected();
        Evaluation last = m.testLast();
        String selName = "selected model" + (m.selectedEpoch() != null ? " (epoch " + m.selectedEpoch() + ")" : "");
        String lastName = "last model"
                + (m.epochs().isEmpty() ? "" : " (epoch " + m.epochs().get(m.epochs().size() - 1).epoch() + ")");
        page.paragraph("The selected model is the epoch with the best validation figures; both models are tested on"
                + " the held-out test set.", "muted");
        if (sel instanceof ClassificationResult || last instanceof ClassificationResult) {
            ClassificationResult s = sel instanceof ClassificationResult c ? c : null;
            ClassificationResult l = last instanceof ClassificationResult c ? c : null;
            HtmlTable t = new HtmlTable("test-summary", null).header("figure", false).header(selName, true)
                    .header(lastName, true);
            t.row(List.of(HtmlTable.Cell.text("accuracy"), num(s, c -> Formats.percent(c.accuracy())),
                    num(l, c -> Formats.percent(c.accuracy()))), null);
            t.row(List.of(HtmlTable.Cell.text("macro F1"), num(s, c -> Formats.percent(c.macroF1())),
                    num(l, c -> Formats.percent(c.macroF1()))), null);
            t.row(List.of(HtmlTable.Cell.text("macro ROC AUC (one-vs-rest)"), num(s, c -> Formats.score(c.macroAuc())),
                    num(l, c -> Formats.score(c.macroAuc()))), null);
            t.row(List.of(HtmlTable.Cell.text("samples"), num(s, RunPage::samples), num(l, RunPage::samples)), null);
            page.raw(t.html());
            int k = Math.max(s == null ? 0 : s.classes(), l == null ? 0 : l.classes());
            List<String> classes = m.classNames(k);
            page.heading(3, null, "Per class");
            page.raw(perClassTable(classes, s, l, selName, lastName).html());
            ClassificationResult pictured = s != null && !s.confusion().isEmpty() ? s : l;
            if (pictured != null && !pictured.confusion().isEmpty()) {
                String which = pictured == s ? selName : lastName;
                Picture cm = ConfusionMatrixPicture.render(m.classNames(pictured.confusion().size()),
                        pictured.confusion(), "Test confusion matrix: " + which);
                pictures.add(cm);
                page.heading(3, null, "Confusion matrices");
                page.picture(cm);
            }
            if (s != null && !s.confusion().isEmpty()) {
                page.raw(confusionTable("confusion-selected", m.classNames(s.confusion().size()), s, selName).html());
            }
            if (l != null && !l.confusion().isEmpty()) {
                page.raw(confusionTable("confusion-last", m.classNames(l.confusion().size()), l, lastName).html());
            }
        }
        if (sel instanceof SegmentationResult || last instanceof SegmentationResult) {
            SegmentationResult s = sel instanceof SegmentationResult x ? x : null;
            SegmentationResult l = last instanceof SegmentationResult x ? x : null;
            HtmlTable t = new HtmlTable("test-summary-segmentation", null).header("figure", false)
                    .header(selName, true).header(lastName, true);
            t.row(List.of(HtmlTable.Cell.text("Dice, mean over volumes"), segNum(s, x -> x.meanDice()),
                    segNum(l, x -> x.meanDice())), null);
            t.row(List.of(HtmlTable.Cell.text("PPV, mean over volumes"), segNum(s, x -> x.meanPpv()),
                    segNum(l, x -> x.meanPpv())), null);
            t.row(List.of(HtmlTable.Cell.text("sensitivity, mean over volumes"), segNum(s, x -> x.meanSensitivity()),
                    segNum(l, x -> x.meanSensitivity())), null);
            t.row(List.of(HtmlTable.Cell.text("Dice, all voxels"), segNum(s, x -> global(x).dice()),
                    segNum(l, x -> global(x).dice())), null);
            t.row(List.of(HtmlTable.Cell.text("PPV, all voxels"), segNum(s, x -> global(x).ppv()),
                    segNum(l, x -> global(x).ppv())), null);
            t.row(List.of(HtmlTable.Cell.text("sensitivity, all voxels"), segNum(s, x -> global(x).sensitivity()),
                    segNum(l, x -> global(x).sensitivity())), null);
            page.raw(t.html());
            SegmentationResult shown = s != null ? s : l;
            if (!shown.volumes().isEmpty()) {
                page.heading(3, null, "Per volume (" + (shown == s ? selName : lastName) + ")");
                HtmlTable v = new HtmlTable("volumes", null).header("volume", false).header("Dice", true)
                        .header("PPV", true).header("sensitivity", true);
                shown.volumes().forEach((id, o) -> v.row(List.of(HtmlTable.Cell.text(id),
                        HtmlTable.Cell.num(Formats.percent(o.dice())), HtmlTable.Cell.num(Formats.percent(o.ppv())),
                        HtmlTable.Cell.num(Formats.percent(o.sensitivity()))), null));
                page.raw(v.html());
            }
        }
    }

    private static String samples(ClassificationResult c) {
        return c.samples() < 0 ? Formats.NONE : Long.toString(c.samples());
    }

    private static SegmentationResult.Overlap global(SegmentationResult s) {
        return s.global() != null ? s.global() : new SegmentationResult.Overlap(Double.NaN, Double.NaN, Double.NaN);
    }

    private static HtmlTable.Cell num(ClassificationResult c, java.util.function.Function<ClassificationResult, String> f) {
        return HtmlTable.Cell.num(c == null ? Formats.NONE : f.apply(c));
    }

    private static HtmlTable.Cell segNum(SegmentationResult s, java.util.function.ToDoubleFunction<SegmentationResult> f) {
        return HtmlTable.Cell.num(s == null ? Formats.NONE : Formats.percent(f.applyAsDouble(s)));
    }

    private static HtmlTable perClassTable(List<String> classes, ClassificationResult s, ClassificationResult l,
            String selName, String lastName) {
        HtmlTable t = new HtmlTable("per-class", null).group("", 1);
        List<ClassificationResult> models = new ArrayList<>();
        if (s != null) {
            t.group(selName, 4);
            models.add(s);
        }
        if (l != null) {
            t.group(lastName, 4);
            models.add(l);
        }
        t.header("class", false);
        for (int i = 0; i < models.size(); i++) {
            t.header("sensitivity", true).header("precision", true).header("F1", true).header("ROC AUC", true);
        }
        for (int c = 0; c < classes.size(); c++) {
            List<HtmlTable.Cell> row = new ArrayList<>();
            row.add(HtmlTable.Cell.text(classes.get(c)));
            for (ClassificationResult r : models) {
                row.add(HtmlTable.Cell.num(Formats.percent(at(r.sensitivity(), c))));
                row.add(HtmlTable.Cell.num(Formats.percent(at(r.precision(), c))));
                row.add(HtmlTable.Cell.num(Formats.percent(at(r.f1(), c))));
                row.add(HtmlTable.Cell.num(Formats.score(at(r.auc(), c))));
            }
            t.row(row, null);
        }
        return t;
    }

    private static double at(List<Double> values, int i) {
        return i < values.size() ? values.get(i) : Double.NaN;
    }

    private static HtmlTable confusionTable(String id, List<String> classes, ClassificationResult r, String name) {
        HtmlTable t = new HtmlTable(id, "confusion").group("", 1).group("predicted, " + name, classes.size());
        t.header("true class", false);
        for (String c : classes) {
            t.header(c, true);
        }
        for (int i = 0; i < classes.size(); i++) {
            List<HtmlTable.Cell> row = new ArrayList<>();
            row.add(HtmlTable.Cell.text(classes.get(i)));
            for (int j = 0; j < classes.size(); j++) {
                row.add(new HtmlTable.Cell(Long.toString(r.confusion().get(i).get(j)), true, i == j ? "diag" : null));
            }
            t.row(row, null);
        }
        return t;
    }

    private static HtmlTable rateTable(RunFolder run, List<Boolean> frozen) {
        HtmlTable t = new HtmlTable("learning-rates-table", null).header("group", false).header("frozen", false);
        LrTrajectory tr = run.trajectory();
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
        RunMetrics m = run.metrics();
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

    private static HtmlTable epochTable(RunMetrics m) {
        boolean passes = m.epochs().stream().anyMatch(e -> e.passes() > 0);
        String headline = m.epochs().stream().map(RunMetrics.EpochSummary::validation).filter(Objects::nonNull)
                .map(Evaluation::headlineName).findFirst().orElse("accuracy");
        HtmlTable t = new HtmlTable("epochs", null).header("epoch", true);
        if (passes) {
            t.header("passes", true);
        }
        t.header("iteration", true).header("train loss", true).header("validation loss", true)
                .header("validation " + headline, true).header("", false);
        for (RunMetrics.EpochSummary e : m.epochs()) {
            boolean selected = m.selectedEpoch() != null && e.epoch() == m.selectedEpoch();
            List<HtmlTable.Cell> row = new ArrayList<>();
            row.add(HtmlTable.Cell.num(Integer.toString(e.epoch())));
            if (passes) {
                row.add(HtmlTable.Cell.num(e.passes() > 0 ? Integer.toString(e.passes()) : Formats.NONE));
            }
            row.add(HtmlTable.Cell.num(e.iteration() >= 0 ? Long.toString(e.iteration()) : Formats.NONE));
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
