package org.metalr.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static ConfigResult result(String engine, String step, double median, double peak, Double growth) {
        return new ConfigResult(engine, engine + " 1.0", "resnet18", "ResNet-18", step, step, 2, 1, 3, median,
                median - 1, median + 1, List.of(median - 1, median, median + 1), 400.0, peak, growth == null ? 0 : 1000,
                growth == null ? null : 500.0, growth == null ? null : 500.0 * (1 + growth / 100), growth, List.of(),
                0.5, 0.6, step.equals("released-code") ? Map.of("medianMsExcludingRebuild", 600.0) : Map.of(), null);
    }

    private static final List<ConfigResult> RESULTS = List.of(
            result("djl", "metalr-official", 420, 900, 1.0),
            result("javacpp", "plain-adam", 200, 800, null),
            result("djl", "plain-adam", 210, 820, null),
            result("javacpp", "metalr-official", 400, 880, 6.5),
            result("javacpp", "released-structure", 600, 950, null),
            result("pytorch", "plain-adam", 220, 500, null),
            result("pytorch", "released-code", 650, 950, null),
            ConfigResult.failed("djl", "resnet18", "metalr-paper", 2, "exited with status 134 | abort"));

    @Test
    void tableListsEveryConfigurationInStepThenEngineOrder() {
        String table = new Report(RESULTS).table();
        List<String> rows = table.lines().skip(2).toList();
        assertThat(rows).hasSize(RESULTS.size());
        assertThat(rows.get(0)).startsWith("| resnet18 | javacpp | plain-adam | 200.0 | 199.0 | 201.0 | 1.00 | — | 800 | 1.00 | 400 | — |");
        assertThat(rows.get(1)).startsWith("| resnet18 | djl | plain-adam | 210.0 |").contains("| 1.05 |");
        assertThat(rows.get(2)).startsWith("| resnet18 | pytorch | plain-adam |");
        assertThat(rows.get(3)).startsWith("| resnet18 | djl | metalr-paper | failed: exited with status 134 / abort");
        assertThat(rows.get(4)).isEqualTo("| resnet18 | javacpp | metalr-official | 400.0 | 399.0 | 401.0 | 2.00 | — "
                + "| 880 | 1.10 | 480 | +6.5% in 1000 it. |");
        assertThat(rows.get(5)).startsWith("| resnet18 | djl | metalr-official | 420.0 | 419.0 | 421.0 | 2.00 | 1.05 |");
        assertThat(rows.get(6)).startsWith("| resnet18 | javacpp | released-structure | 600.0 |").contains("| 3.00 |");
        assertThat(rows.get(7)).startsWith("| resnet18 | pytorch | released-code | 650.0 |").contains("| 2.95 |");
    }

    @Test
    void checksEachTargetAgainstTheFigures() {
        List<Report.Check> checks = new Report(RESULTS).checks();
        assertThat(checks).extracting(Report.Check::met).containsExactly(true, true, true, false, true, null);
        assertThat(checks.get(0).detail()).contains("javacpp metalr-official 2.00", "djl metalr-official 2.00");
        assertThat(checks.get(1).detail()).contains("djl plain-adam 1.05", "djl metalr-official 1.05");
        assertThat(checks.get(3).detail()).contains("javacpp metalr-official 6.50 ✗", "djl metalr-official 1.00");
        assertThat(checks.get(4).detail()).contains("javacpp metalr-official 1.63", "djl metalr-official 1.55");
    }

    @Test
    void theAmortisedModeIsCheckedAgainstPlainAdam() {
        List<ConfigResult> rows = List.of(result("javacpp", "plain-adam", 200, 800, null),
                result("javacpp", "metalr-every-4", 250, 820, null), result("djl", "plain-adam", 200, 800, null),
                result("djl", "metalr-every-4", 280, 820, null));
        Report.Check every4 = new Report(rows).checks().get(5);
        assertThat(every4.target()).contains("--meta-every 4", "at most 1.3");
        assertThat(every4.met()).isFalse();
        assertThat(every4.detail()).contains("javacpp metalr-every-4 1.25", "djl metalr-every-4 1.40 ✗");
    }

    @Test
    void growthShowsTheSettledFigureWhereMeasured() {
        ConfigResult soaked = result("javacpp", "metalr-official", 400, 880, 6.5);
        ConfigResult settled = new ConfigResult(soaked.engine(), soaked.engineDescription(), soaked.workload(),
                soaked.workloadDescription(), soaked.step(), soaked.stepDescription(), 2, 1, 3, 400.0, 399.0, 401.0,
                soaked.samplesMs(), 400.0, 880.0, 1000, 500.0, 532.5, 6.5, List.of(), 0.5, 0.6,
                Map.of("settleIterations", 100.0, "settleGrowthPercent", 9.44), null);
        assertThat(Report.growth(soaked)).isEqualTo("+6.5% in 1000 it.");
        assertThat(Report.growth(settled)).isEqualTo("+6.5% in 1000 it. (+9.4% in 100)");
        assertThat(Report.growth(result("javacpp", "plain-adam", 200, 800, null))).isEqualTo("—");
    }

    @Test
    void aTargetWithoutFiguresIsNotMeasured() {
        List<Report.Check> checks = new Report(List.of(result("javacpp", "plain-adam", 200, 800, null))).checks();
        assertThat(checks).allSatisfy(c -> assertThat(c.met()).isNull());
        assertThat(checks.get(0).verdict()).isEqualTo("not measured");
    }

    @Test
    void markdownAddsTargetsAndContext() {
        String md = new Report(RESULTS).markdown();
        assertThat(md).contains("Targets:", "**met**", "**missed**", "Context:",
                "resnet18, javacpp: the released code's 3-pass structure takes 3.00x plain Adam; "
                        + "MetaLR's two-pass step takes 0.67x its time",
                "resnet18, PyTorch: the released code's iteration takes 650.0 ms, 2.95x its plain Adam step, with "
                        + "1.90x its peak memory; 600.0 ms without rebuilding the look-ahead model");
    }
}
