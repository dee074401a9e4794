package org.metalr.djl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.LrRule;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.StepReport;
import org.metalr.core.MetaLrStep;

/**
 * Hundreds of MetaLR iterations leave no native tensors behind and do not grow the process. The
 * array count is the exact check (it sees one leaked tensor); the resident-set check catches native
 * memory that no manager tracks. The collector runs every {@value #GC_EVERY} iterations so that a
 * growing Java heap does not pass for a native leak.
 */
class DjlMemoryTest {

    private static final int WARMUP = 150;
    private static final int ITERATIONS = 300;
    private static final int GC_EVERY = 50;

    @Test
    void iterationsReleaseEverything() throws IOException {
        Batch[] batches = new Batch[8];
        for (int i = 0; i < batches.length; i++) {
            batches[i] = DjlFixtures.batch(500 + i);
        }
        try (DjlModel model = (DjlModel) DjlFixtures.smallCnn(DType.FLOAT32);
                MetaLrStep step = new MetaLrStep(model, model.defaultGroups(), new double[] {1e-3, 1e-3, 1e-3, 1e-2},
                        LrRule.official(), OptimizerConfig.Adam.withWeightDecay(1e-4))) {
            int arraysAfterFirst = -1;
            long rssAfterWarmup = 0;
            long rssAfterFirstWindow = 0;
            for (int i = 0; i < WARMUP + 2 * ITERATIONS; i++) {
                StepReport report = step.step(batches[i % batches.length], batches[(i + 3) % batches.length], 1 + i / 50);
                assertThat(report.trainLoss()).isFinite();
                if (i == 0) {
                    arraysAfterFirst = model.liveArrays();
                } else {
                    // parameters, buffers and the optimizer's moments: nothing else survives a step
                    assertThat(model.liveArrays()).as("arrays after iteration %d", i).isEqualTo(arraysAfterFirst);
                }
                if ((i + 1) % GC_EVERY == 0) {
                    System.gc();
                }
                if (i == WARMUP - 1) {
                    rssAfterWarmup = residentKib();
                }
                if (i == WARMUP + ITERATIONS - 1) {
                    rssAfterFirstWindow = residentKib();
                }
            }
            // a leak grows memory in both windows; a one-off step (a new allocator arena, the heap) in one
            long growth = Math.min(rssAfterFirstWindow - rssAfterWarmup, residentKib() - rssAfterFirstWindow);
            assertThat(growth).as("VmRSS growth over %d iterations, KiB", ITERATIONS).isLessThan(16 * 1024);
        }
    }

    /** The process's resident set in KiB, or 0 where /proc is not available. */
    private static long residentKib() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return 0;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }
}
