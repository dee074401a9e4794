package org.metalr.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoundsTest {

    private static ConfigResult run(String engine, double median, double peak, Double growth) {
        return new ConfigResult(engine, "d", "resnet18", "w", "metalr-official", "s", 2, 1, 3, median, median - 1,
                median + 1, List.of(median), 400.0, peak, growth == null ? 0 : 1000, growth == null ? null : 500.0,
                growth == null ? null : 510.0, growth, growth == null ? List.of() : List.of(List.of(1.0, 500.0)),
                1.0, 1.0, growth == null ? Map.of("minorFaultsPerIteration", median) : Map.of("soakMedianMs", median,
                        "settleGrowthPercent", growth / 2, "settleIterations", 100.0, "minorFaultsPerIteration", median), null);
    }

    @Test
    void reportsTheLeastDisturbedRoundWithTheGrowthOfTheRoundThatFollowedMemory() {
        List<ConfigResult> first = List.of(run("javacpp", 500, 900, 2.0), run("djl", 300, 950, 1.0));
        List<ConfigResult> second = List.of(run("javacpp", 420, 880, null), run("djl", 310, 940, null));
        List<ConfigResult> best = Rounds.best(List.of(first, second));

        assertThat(best).hasSize(2);
        ConfigResult cpp = best.get(0);
        assertThat(cpp.engine()).isEqualTo("javacpp");
        assertThat(cpp.medianMs()).isEqualTo(420.0);
        assertThat(cpp.peakRssMiB()).isEqualTo(880.0);
        assertThat(cpp.growthPercent()).isEqualTo(2.0);
        assertThat(cpp.soakIterations()).isEqualTo(1000);
        assertThat(cpp.extras()).containsEntry("roundMedianMs.1", 500.0).containsEntry("roundMedianMs.2", 420.0)
                .containsEntry("soakMedianMs", 500.0).containsEntry("settleGrowthPercent", 1.0).containsEntry("settleIterations", 100.0)
                .containsEntry("minorFaultsPerIteration", 420.0);
        ConfigResult djl = best.get(1);
        assertThat(djl.medianMs()).isEqualTo(300.0);
        assertThat(djl.growthPercent()).isEqualTo(1.0);
    }

    @Test
    void aFailedRoundIsSkippedAndAnAllFailedConfigurationStaysFailed() {
        ConfigResult failed = ConfigResult.failed("javacpp", "resnet18", "metalr-official", 2, "boom");
        assertThat(Rounds.best(List.of(List.of(failed), List.of(run("javacpp", 450, 900, null)))).get(0).medianMs())
                .isEqualTo(450.0);
        assertThat(Rounds.best(List.of(List.of(failed), List.of(failed))).get(0).error()).isEqualTo("boom");
    }

    @Test
    void oneRoundIsReportedAsItIs() {
        List<ConfigResult> only = List.of(run("javacpp", 500, 900, 2.0));
        assertThat(Rounds.best(List.of(only))).isEqualTo(only);
    }
}
