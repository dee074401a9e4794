package org.metalr.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.data.BatchLoader;
import org.metalr.data.DecodePool;
import org.metalr.data.LoaderConfig;
import org.metalr.data.SeededRandom;
import org.metalr.runs.RunFiles;
import org.metalr.runs.RunReport;
import org.metalr.train.metrics.SeedSummary;

/**
 * A run of a training and a validation set without a test set: it finishes, reports the validation
 * figures of its selected and last models, says in {@code metrics.json} why there are no test figures,
 * and repeats over seeds like any run.
 */
class ValidationOnlyRunTest {

    @TempDir
    Path tmp;

    /** {@link Fixtures#data} without its test set. */
    private static TrainingData withoutTest(TrainConfig config) {
        DecodePool pool = new DecodePool(0);
        Fixtures.Images meta = new Fixtures.Images(12, 2);
        return new TrainingData(Fixtures.CLASS_NAMES,
                new BatchLoader(new Fixtures.Images(24, 1), new LoaderConfig(config.batchSize(), true, false,
                        config.seed(), 2), pool),
                new BatchLoader(meta, new LoaderConfig(config.batchSize(), true, false,
                        SeededRandom.mixKeys(config.seed(), 7), 2), pool),
                new BatchLoader(meta, LoaderConfig.inOrder(config.evalBatchSize()), pool), null, pool);
    }

    private static RunReport run(Path dir, long seed) throws java.io.IOException {
        TrainConfig config = Fixtures.config("metalr").seed(seed).build();
        try (TrainingData data = withoutTest(config)) {
            assertThat(data.hasTest()).isFalse();
            return new Trainer(config, Fixtures.JAVACPP, Fixtures.model(), data, dir).run();
        }
    }

    @Test
    void theRunFinishesWithValidationFiguresAndSaysWhy() throws Exception {
        Path dir = tmp.resolve("run");
        RunReport r = run(dir, 0);
        assertThat(r.finished()).isTrue();
        assertThat(r.testSelected()).isNull();
        assertThat(r.testLast()).isNull();
        assertThat(r.validationOnly()).isEqualTo(RunReport.NO_TEST_SET);
        assertThat(r.figuresSet()).isEqualTo("validation");
        assertThat(r.selectedFigures()).isEqualTo(r.selected().validation());
        assertThat(r.lastFigures()).isEqualTo(r.epochs().get(r.epochs().size() - 1).validation());
        assertThat(r.selectedFigures().classification().samples()).isEqualTo(12);

        JsonNode metrics = RunFiles.readTree(dir.resolve(RunFiles.METRICS));
        assertThat(metrics.get("status").asText()).isEqualTo("finished");
        assertThat(metrics.get("testSelected").isNull()).isTrue();
        assertThat(metrics.get("validationOnly").asText()).startsWith("the data has no test set");
        assertThat(RunFiles.read(dir.resolve(RunFiles.METRICS), RunReport.class).selectedFigures())
                .isEqualTo(r.selectedFigures());
        JsonNode config = RunFiles.readTree(dir.resolve(RunFiles.CONFIG));
        assertThat(config.at("/data/test").isNull()).isTrue();
        assertThat(config.at("/data/validation").asInt()).isEqualTo(12);
    }

    @Test
    void aRunWithATestSetReportsItsTestFigures() throws Exception {
        TrainConfig config = Fixtures.config("all").build();
        RunReport r;
        try (TrainingData data = Fixtures.data(config, true)) {
            r = new Trainer(config, Fixtures.JAVACPP, Fixtures.model(), data, tmp.resolve("tested")).run();
        }
        assertThat(r.validationOnly()).isNull();
        assertThat(r.figuresSet()).isEqualTo("test");
        assertThat(r.selectedFigures()).isSameAs(r.testSelected());
        assertThat(r.lastFigures()).isSameAs(r.testLast());
        assertThat(RunFiles.readTree(tmp.resolve("tested").resolve(RunFiles.METRICS)).get("validationOnly").isNull())
                .isTrue();
    }

    @Test
    void repetitionsSummariseTheValidationFigures() throws Exception {
        Repetitions.Summary s = Repetitions.run(List.of(0L, 1L), 1, tmp.resolve("reps"), (seed, fold, dir) -> run(dir, seed));
        SeedSummary.Entry accuracy = s.selected().entry("accuracy");
        assertThat(accuracy.count()).isEqualTo(2);
        double[] perSeed = s.runs().stream().mapToDouble(r -> r.selected().validation().headline()).toArray();
        assertThat(accuracy.spread().min()).isEqualTo(Math.min(perSeed[0], perSeed[1]));
        assertThat(accuracy.spread().max()).isEqualTo(Math.max(perSeed[0], perSeed[1]));
        assertThat(RunFiles.readTree(tmp.resolve("reps").resolve("summary.json")).get("figures").toString())
                .isEqualTo("[\"validation\"]");
    }
}
