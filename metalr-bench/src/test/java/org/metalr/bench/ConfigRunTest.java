package org.metalr.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.metalr.backends.Backends;

class ConfigRunTest {

    @Test
    void measuresTimesMemoryAndGrowthOverTheSoakAfterSettling() throws Exception {
        Workload tiny = Workload.named(Workload.SMALLCNN, 4, 4);
        ConfigResult r = ConfigRun.measure(Backends.named("javacpp"), tiny, StepKind.METALR_OFFICIAL,
                new ConfigRun.Settings(1, 1, 3, 40, 6));
        assertThat(r.ok()).isTrue();
        assertThat(r.engine()).isEqualTo("javacpp");
        assertThat(r.engineDescription()).contains("LibTorch");
        assertThat(r.step()).isEqualTo("metalr-official");
        assertThat(r.samplesMs()).hasSize(3).allMatch(v -> v > 0);
        assertThat(r.medianMs()).isBetween(r.minMs(), r.maxMs());
        assertThat(r.peakRssMiB()).isGreaterThanOrEqualTo(r.startRssMiB());
        assertThat(r.soakIterations()).isEqualTo(40);
        assertThat(r.growthPercent()).isNotNull();
        // after warm-up (1), every 2 iterations (a twentieth of the soak) while settling (iterations 5-10),
        // at the soak's start (10), then every 2 iterations of the soak up to iteration 50
        assertThat(r.rssSamples()).extracting(s -> s.get(0)).startsWith(1.0, 6.0, 8.0, 10.0, 12.0).endsWith(50.0)
                .hasSize(24);
        assertThat(r.soakStartRssMiB()).isEqualTo(r.rssSamples().get(3).get(1));
        assertThat(r.soakEndRssMiB()).isEqualTo(r.rssSamples().get(23).get(1), within(1.0));
        assertThat(r.growthPercent()).isEqualTo(100 * (r.soakEndRssMiB() - r.soakStartRssMiB()) / r.soakStartRssMiB(),
                within(0.01));
        assertThat(r.extras()).containsKeys("soakMedianMs", "settleGrowthPercent").containsEntry("settleIterations", 6.0);
        assertThat(r.extras().get("settleGrowthPercent")).isEqualTo(
                100 * (r.soakStartRssMiB() - r.rssSamples().get(0).get(1)) / r.rssSamples().get(0).get(1), within(0.01));

        String json = ConfigRun.toJson(r);
        assertThat(new ObjectMapper().readValue(json, ConfigResult.class)).isEqualTo(r);
    }

    @Test
    void withoutASoakThereIsNoGrowthFigure() {
        Workload tiny = Workload.named(Workload.SMALLCNN, 2, 2);
        ConfigResult r = ConfigRun.measure(Backends.named("djl"), tiny, StepKind.PLAIN_SGD,
                new ConfigRun.Settings(1, 0, 2, 0, 0));
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
                    // a run of the amortised mode is one phase; its time is divided by the phase's length
                    assertThat(it.stepsPerRun()).isEqualTo(kind.learnsRates() ? kind.rule().metaEvery() : 1);
                }
            }
        }
    }
}
