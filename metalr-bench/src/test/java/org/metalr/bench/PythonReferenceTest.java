package org.metalr.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PyTorch reference script, where {@code /usr/bin/python3} has torch: its released-code step
 * computes MetaLR's hypergradient, and its output reads as the runner's {@link ConfigResult}.
 */
class PythonReferenceTest {

    private static final Path SCRIPT = Path.of(BenchOptions.SCRIPT);

    private static BenchOptions options;

    @BeforeAll
    static void needsTorch() {
        options = BenchOptions.parse(new String[] {"--python-script", SCRIPT.toString(), "--threads", "1",
            "--warmup", "0", "--iterations", "1", "--soak", "2", "--settle", "1", "--soak-steps", "plain-adam"});
        assumeTrue(PythonReference.unavailableReason(options).isEmpty(),
                () -> PythonReference.unavailableReason(options).orElse(""));
    }

    @Test
    void releasedCodeStepsHypergradientIsMetaLrsDotProduct() throws Exception {
        String line = run(List.of(options.python(), SCRIPT.toString(), "--self-check"), "SELFCHECK ");
        JsonNode check = new ObjectMapper().readTree(line);
        assertThat(check.get("groups")).hasSize(10);
        assertThat(check.get("maxRelativeError").asDouble()).isLessThan(1e-9);
    }

    @Test
    void resultsReadAsTheRunnersRecord() {
        Workload small = Workload.named(Workload.RESNET18, 2, 0);
        for (String step : PythonReference.steps(List.of(StepKind.PLAIN_ADAM, StepKind.METALR_OFFICIAL))) {
            ConfigResult r = PythonReference.run(options, small, step, true);
            assertThat(r.ok()).as(step + ": " + r.error()).isTrue();
            assertThat(r.engine()).isEqualTo("pytorch");
            assertThat(r.engineDescription()).startsWith("PyTorch ");
            assertThat(r.workloadDescription()).endsWith("batch 2");
            assertThat(r.samplesMs()).hasSize(1);
            assertThat(r.soakIterations()).isEqualTo(step.equals("plain-adam") ? 2 : 0);
            if (step.equals("plain-adam")) {
                assertThat(r.extras()).containsEntry("settleIterations", 1.0).containsKey("settleGrowthPercent");
                assertThat(r.rssSamples()).extracting(s -> s.get(0)).containsExactly(0.0, 2.0, 3.0, 4.0);
                assertThat(r.growthPercent()).isEqualTo(
                        100 * (r.soakEndRssMiB() - r.soakStartRssMiB()) / r.soakStartRssMiB(), within(1e-9));
            }
            if (step.equals(PythonReference.RELEASED_CODE)) {
                assertThat(r.extras()).containsKeys("phaseMs.rebuild", "phaseMs.lookahead_pass",
                        "phaseMs.validation_pass", "phaseMs.real_step", "medianMsExcludingRebuild");
                assertThat(r.extras().get("medianMsExcludingRebuild")).isLessThan(r.medianMs());
            }
        }
    }

    private static String run(List<String> command, String prefix) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + "line in: " + out)).substring(prefix.length());
    }
}
