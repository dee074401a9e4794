package org.metalr.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.metalr.backends.Backends;

class ConfigRunTest {

    @Test
    void measuresTimesMemoryAndGrowthOfOneConfiguration() throws Exception {
        Workload tiny = Workload.named(Workload.SMALLCNN, 4, 4);
        ConfigResult r = ConfigRun.measure(Backends.named("javacpp"), tiny, StepKind.METALR_OFFICIAL,
                new ConfigRun.Settings(1, 1, 3, 40));
        assertThat(r.ok()).isTrue();
        assertThat(r.engine()).isEqualTo("javacpp");
        assertThat(r.engineDescription()).contains("LibTorch");
        assertThat(r.step()).isEqualTo("metalr-official");
        assertThat(r.samplesMs()).hasSize(3).allMatch(v -> v > 0);
        assertThat(r.medianMs()).isBetween(r.minMs(), r.maxMs());
        assertThat(r.peakRssMiB()).isGreaterThanOrEqualTo(r.startRssMiB());
        assertThat(r.soakIterations()).isEqualTo(40);
        assertThat(r.growthPercent()).isNotNull();
        // after warm-up, then every 2 iterations (a twentieth) past the timed ones, the tenth (4) among them
        assertThat(r.rssSamples()).extracting(s -> s.get(0)).startsWith(1.0, 5.0, 7.0).endsWith(41.0).hasSize(20);
        assertThat(r.soakEndRssMiB()).isEqualTo(r.rssSamples().get(19).get(1), org.assertj.core.api.Assertions.within(1.0));
        assertThat(r.extras()).containsKeys("soakMedianMs", "growthLastNineTenthsPercent");

        String json = ConfigRun.toJson(r);
        assertThat(new ObjectMapper().readValue(json, ConfigResult.class)).isEqualTo(r);
    }

    @Test
    void withoutASoakThereIsNoGrowthFigure() {
        Workload tiny = Workload.named(Workload.SMALLCNN, 2, 2);
        ConfigResult r = ConfigRun.measure(Backends.named("djl"), tiny, StepKind.PLAIN_SGD,
                new ConfigRun.Settings(1, 0, 2, 0));
        assertThat(r.ok()).isTrue();
        assertThat(r.growthPercent()).isNull();
        assertThat(r.soakStartRssMiB()).isNull();
        assertThat(r.rssSamples()).isEmpty();
    }

    @Test
    void everyStepRunsOnBothBackends() {
        Workload tiny = Workload.named(Workload.SMALLCNN, 2, 2);
        for (String backend : Backends.available()) {
            for (StepKind kind : StepKind.values()) {
                try (BenchIteration it = kind.open(Backends.named(backend), tiny)) {
                    assertThat(it.run()).as(backend + " " + kind.id()).isPositive();
                }
            }
        }
    }
}
