package org.metalr.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.util.Map;
import org.metalr.runs.metrics.Overlap;
import org.metalr.runs.metrics.SegmentationMetrics;
import org.metalr.train.metrics.Spread;
import org.metalr.runs.RunReport;
import org.metalr.runs.RunFiles;

/** Seeds and folds run into their own folders once; the summary is the median over seeds of fold means. */
class RepetitionsTest {

    @TempDir
    Path out;

    @Test
    void runsEachSeedAndFoldOnceAndSummarisesTheMedian() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Repetitions.RunFactory factory = (seed, fold, dir) -> {
            calls.incrementAndGet();
            TrainConfig config = Fixtures.config("last").epochs(1).seed(seed * 10 + fold).build();
            try (TrainingData data = Fixtures.data(config, true)) {
                return new Trainer(config, Fixtures.JAVACPP, Fixtures.model(), data, dir).run();
            }
        };
        Repetitions.Summary summary = Repetitions.run(List.of(1L, 2L, 3L), 2, out, factory);
        assertThat(calls.get()).isEqualTo(6);
        assertThat(Files.exists(out.resolve("seed-2").resolve("fold-1").resolve("metrics.json"))).isTrue();
        assertThat(Files.exists(out.resolve("summary.json"))).isTrue();

        double[] perSeed = new double[3];
        for (int s = 0; s < 3; s++) {
            perSeed[s] = (summary.runs().get(2 * s).testSelected().classification().accuracy()
                    + summary.runs().get(2 * s + 1).testSelected().classification().accuracy()) / 2;
        }
        assertThat(summary.selected().entry("accuracy").spread()).isEqualTo(Spread.of(perSeed));
        assertThat(summary.selected().entry("accuracy").count()).isEqualTo(3);
        assertThat(summary.selected().entries()).containsKeys("macroF1", "sensitivity/a", "precision/c");

        Repetitions.Summary again = Repetitions.run(List.of(1L, 2L, 3L), 2, out, factory);
        assertThat(calls.get()).as("finished runs are not run again").isEqualTo(6);
        assertThat(again.selected().entries()).isEqualTo(summary.selected().entries());
        assertThatThrownBy(() -> Repetitions.run(List.of(1L, 1L), 1, out, factory)).hasMessageContaining("distinct seeds");
    }

    @Test
    void segmentationRunsAreSummarisedByDicePpvAndSensitivity() throws Exception {
        Repetitions.RunFactory factory = (seed, fold, dir) -> {
            // a finished report as the trainer writes it, without training: TP 10, 20, 30 and FP 20, 10, 0
            // by seed, so Dice 2TP / (2TP + FP + FN) is 0.5, 0.8, 1
            long tp = 10 * seed;
            SegmentationMetrics test = new SegmentationMetrics(0.5, Map.of("volume-1",
                    new Overlap(1000, tp, 30 - tp, 0)));
            RunReport r = new RunReport(RunReport.FINISHED, null, "all", List.of("liver"), List.of("g"),
                    new boolean[] {false}, 1, 1, 1, List.of(), test, test, null, Map.of("g", 0.01), null, 1);
            org.metalr.runs.RunFiles.write(dir.resolve("metrics.json"), r);
            return r;
        };
        Repetitions.Summary summary = Repetitions.run(List.of(1L, 2L, 3L), 1, out, factory);
        double[] dice = {0.5, 0.8, 1.0};
        assertThat(summary.selected().entry("meanDice").spread()).isEqualTo(Spread.of(dice));
        assertThat(summary.selected().entry("meanDice").spread().median()).isEqualTo(0.8);
        assertThat(summary.selected().entries()).containsOnlyKeys("meanDice", "meanPpv", "meanSensitivity",
                "globalDice", "globalPpv", "globalSensitivity");
        assertThat(summary.last().entry("globalDice").spread()).isEqualTo(Spread.of(dice));
        // the finished runs were read back from metrics.json, segmentation figures included
        Repetitions.Summary again = Repetitions.run(List.of(1L, 2L, 3L), 1, out, (seed, fold, dir) -> {
            throw new AssertionError("finished runs are not run again");
        });
        assertThat(again.selected().entries()).isEqualTo(summary.selected().entries());
    }
}
