package org.metalr.train.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.runs.RunFiles;

class SeedSummaryTest {

    private static Map<String, Double> run(double accuracy, Double auc) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("accuracy", accuracy);
        m.put("auc/2", auc);
        return m;
    }

    @Test
    void summarisesEachFigureOverRunsIgnoringNaN() {
        SeedSummary s = new SeedSummary()
                .addRun(run(0.80, 0.9))
                .addRun(run(0.90, Double.NaN))
                .addRun(run(0.70, null))
                .addRun(run(0.85, 0.7));
        assertThat(s.entries().keySet()).containsExactly("accuracy", "auc/2");
        SeedSummary.Entry accuracy = s.entry("accuracy");
        assertThat(accuracy.spread()).isEqualTo(Spread.of(new double[] {0.8, 0.9, 0.7, 0.85}));
        assertThat(accuracy.count()).isEqualTo(4);
        assertThat(accuracy.ignored()).isZero();
        SeedSummary.Entry auc = s.entry("auc/2");
        assertThat(auc.spread()).isEqualTo(new Spread(0.8, 0.7, 0.9));
        assertThat(auc.count()).isEqualTo(2);
        assertThat(auc.ignored()).isEqualTo(2);
    }

    @Test
    void aFigureWithoutDefinedValuesHasAnUndefinedSpread() {
        SeedSummary s = new SeedSummary().add("f1", Double.NaN).add("f1", Double.NaN);
        assertThat(s.entry("f1")).isEqualTo(new SeedSummary.Entry(Spread.UNDEFINED, 0, 2));
    }

    @Test
    void unknownFigureIsAnError() {
        Map<String, Integer> counts = new HashMap<>();
        counts.put("epochs", 3);
        SeedSummary s = new SeedSummary().addRun(counts);
        assertThat(s.entry("epochs").spread().median()).isEqualTo(3.0);
        assertThatThrownBy(() -> s.entry("dice")).hasMessageContaining("no values of 'dice'; known: [epochs]");
    }

    @Test
    void summaryAndSpreadRoundTripAsJson(@TempDir Path dir) throws IOException {
        Spread spread = Spread.of(new double[] {0.5, 0.7});
        RunFiles.write(dir.resolve("spread.json"), spread);
        assertThat(RunFiles.read(dir.resolve("spread.json"), Spread.class)).isEqualTo(spread);

        SeedSummary summary = new SeedSummary().add("accuracy", 0.8).add("accuracy", Double.NaN);
        RunFiles.write(dir.resolve("summary.json"), summary);
        JsonNode sum = RunFiles.readTree(dir.resolve("summary.json"));
        assertThat(sum.get("accuracy").get("spread").get("median").asDouble()).isEqualTo(0.8);
        assertThat(sum.get("accuracy").get("ignored").asInt()).isEqualTo(1);
    }
}
