package org.metalr.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.train.metrics.Spread;

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
            perSeed[s] = (summary.runs().get(2 * s).testSelected().accuracy()
                    + summary.runs().get(2 * s + 1).testSelected().accuracy()) / 2;
        }
        assertThat(summary.selected().entry("accuracy").spread()).isEqualTo(Spread.of(perSeed));
        assertThat(summary.selected().entry("accuracy").count()).isEqualTo(3);
        assertThat(summary.selected().entries()).containsKeys("macroF1", "sensitivity/a", "precision/c");

        Repetitions.Summary again = Repetitions.run(List.of(1L, 2L, 3L), 2, out, factory);
        assertThat(calls.get()).as("finished runs are not run again").isEqualTo(6);
        assertThat(again.selected().entries()).isEqualTo(summary.selected().entries());
        assertThatThrownBy(() -> Repetitions.run(List.of(1L, 1L), 1, out, factory)).hasMessageContaining("distinct seeds");
    }
}
