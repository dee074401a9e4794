package org.metalr.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.metalr.runs.RunFiles;
import org.metalr.runs.RunReport;
import org.metalr.runs.metrics.ClassificationMetrics;
import org.metalr.runs.metrics.EvaluationMetrics;
import org.metalr.runs.metrics.SegmentationMetrics;
import org.metalr.train.metrics.SeedSummary;

/**
 * Repeats a run over seeds, and over the folds of a dataset that has them, and summarises the test
 * figures (a validation-only run's: its validation figures, {@link RunReport#selectedFigures()}) as the
 * paper reports them: per seed the mean over its folds, then the median over seeds
 * with the minimum and maximum beside it ({@link SeedSummary}). Runs go to
 * {@code out/seed-<s>} (or {@code out/seed-<s>/fold-<k>}, folds from 0); a run whose
 * {@code metrics.json} says it finished is not run again, so a killed repetition resumes where it
 * stopped. The summary is written to {@code out/summary.json}.
 */
public final class Repetitions {

    /** Runs (or resumes) one repetition into {@code runDir} and returns its report. */
    @FunctionalInterface
    public interface RunFactory {
        RunReport run(long seed, int fold, Path runDir) throws IOException;
    }

    /**
     * The summary of a repetition.
     *
     * @param seeds    the seeds, in order
     * @param folds    folds per seed
     * @param selected figures of the selected models on test: accuracy, macro F1, macro AUC, and per
     *                 class {@code sensitivity/<class>} and {@code precision/<class>}; for segmentation
     *                 {@code meanDice}, {@code meanPpv}, {@code meanSensitivity} (over volumes) and
     *                 {@code globalDice}, {@code globalPpv}, {@code globalSensitivity} (over all voxels)
     * @param last     the same figures of the last epochs' models
     * @param runs     every run's report, seed by seed, fold by fold
     */
    public record Summary(List<Long> seeds, int folds, SeedSummary selected, SeedSummary last, List<RunReport> runs) {}

    private Repetitions() {}

    /**
     * Runs every (seed, fold) not finished yet, then writes and returns the summary.
     *
     * @param folds folds per seed, at least 1 (1: no cross-validation)
     * @throws IllegalArgumentException if there is no seed, a seed repeats, or {@code folds < 1}
     * @throws IllegalStateException if a run does not finish (it stopped at an iteration limit)
     * @throws IOException if a run or the summary cannot be written
     */
    public static Summary run(List<Long> seeds, int folds, Path out, RunFactory factory) throws IOException {
        Objects.requireNonNull(factory, "factory");
        if (seeds.isEmpty() || seeds.stream().distinct().count() != seeds.size()) {
            throw new IllegalArgumentException("need distinct seeds, got " + seeds);
        }
        if (folds < 1) {
            throw new IllegalArgumentException("folds must be at least 1, got " + folds);
        }
        SeedSummary selected = new SeedSummary();
        SeedSummary last = new SeedSummary();
        List<RunReport> runs = new ArrayList<>();
        for (long seed : seeds) {
            List<RunReport> ofSeed = new ArrayList<>();
            for (int fold = 0; fold < folds; fold++) {
                Path dir = out.resolve("seed-" + seed);
                if (folds > 1) {
                    dir = dir.resolve("fold-" + fold);
                }
                RunReport report = finishedReport(dir);
                if (report == null) {
                    Files.createDirectories(dir);
                    report = factory.run(seed, fold, dir);
                }
                if (!report.finished()) {
                    throw new IllegalStateException("the run in " + dir + " did not finish (status " + report.status()
                            + "); repetitions need finished runs");
                }
                ofSeed.add(report);
            }
            runs.addAll(ofSeed);
            selected.addRun(meanOverFolds(ofSeed, true));
            last.addRun(meanOverFolds(ofSeed, false));
        }
        Summary summary = new Summary(List.copyOf(seeds), folds, selected, last, runs);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("seeds", summary.seeds());
        json.put("folds", folds);
        json.put("aggregation", "mean over a seed's folds, then median (min, max) over seeds");
        json.put("figures", runs.stream().map(RunReport::figuresSet).distinct().sorted().toList());
        json.put("selected", selected);
        json.put("last", last);
        RunFiles.write(out.resolve("summary.json"), json);
        return summary;
    }

    private static RunReport finishedReport(Path dir) throws IOException {
        Path metrics = dir.resolve(RunFiles.METRICS);
        if (!Files.exists(metrics)) {
            return null;
        }
        RunReport r = RunFiles.read(metrics, RunReport.class);
        return r.finished() ? r : null;
    }

    /** The figures of a seed's runs, each the mean over its folds (NaNs left out). */
    private static Map<String, Double> meanOverFolds(List<RunReport> runs, boolean selectedModel) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (RunReport r : runs) {
            EvaluationMetrics figures = selectedModel ? r.selectedFigures() : r.lastFigures();
            Map<String, Double> f = new LinkedHashMap<>();
            if (figures instanceof SegmentationMetrics m) {
                f.put("meanDice", m.meanDice());
                f.put("meanPpv", m.meanPpv());
                f.put("meanSensitivity", m.meanSensitivity());
                f.put("globalDice", m.global().dice());
                f.put("globalPpv", m.global().ppv());
                f.put("globalSensitivity", m.global().sensitivity());
            } else {
                ClassificationMetrics m = figures.classification();
                f.put("accuracy", m.accuracy());
                f.put("macroF1", m.macroF1());
                f.put("macroAuc", m.macroAuc());
                double[] sens = m.sensitivity();
                double[] prec = m.precision();
                for (int c = 0; c < sens.length; c++) {
                    f.put("sensitivity/" + r.classes().get(c), sens[c]);
                    f.put("precision/" + r.classes().get(c), prec[c]);
                }
            }
            f.forEach((k, v) -> {
                double[] s = sums.computeIfAbsent(k, x -> new double[2]);
                if (!Double.isNaN(v)) {
                    s[0] += v;
                    s[1]++;
                }
            });
        }
        Map<String, Double> out = new LinkedHashMap<>();
        sums.forEach((k, s) -> out.put(k, s[1] == 0 ? Double.NaN : s[0] / s[1]));
        return out;
    }
}
