package org.metalr.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.LrRule;
import org.metalr.api.OptimizerConfig;
import org.metalr.core.MetaLrStep;

/**
 * MetaLR iterations over a user's block release everything they allocate: the model's managers and the
 * block's own manager hold the same arrays after every iteration, and resident memory stays flat.
 */
class DjlBlockMemoryTest {

    private static final int WARMUP = 300;
    private static final int ITERATIONS = 300;

    @Test
    void iterationsReleaseEverything() throws IOException {
        Batch[] batches = new Batch[6];
        for (int i = 0; i < batches.length; i++) {
            batches[i] = DjlFixtures.batch(600 + i);
        }
        try (NDManager manager = DjlBlocks.newManager();
                DjlBlockModel model = (DjlBlockModel) DjlBlockFixtures.model(manager, DjlBlockFixtures.block(),
                        DType.FLOAT32, DjlBlockFixtures.groups(), 9);
                MetaLrStep step = new MetaLrStep(model, model.defaultGroups(), new double[] {1e-3, 1e-3, 1e-2},
                        LrRule.official(), OptimizerConfig.Adam.withWeightDecay(1e-4))) {
            int modelArrays = -1;
            int blockArrays = -1;
            long rssAfterWarmup = 0;
            long rssAfterFirstWindow = 0;
            for (int i = 0; i < WARMUP + 2 * ITERATIONS; i++) {
                step.step(batches[i % batches.length], batches[(i + 2) % batches.length], 1);
                if (i == 0) {
                    modelArrays = model.liveArrays();
                    blockArrays = manager.getManagedArrays().size();
                } else {
                    assertThat(model.liveArrays()).as("model arrays after iteration %d", i).isEqualTo(modelArrays);
                    assertThat(manager.getManagedArrays()).as("block arrays after iteration %d", i)
                            .hasSize(blockArrays);
                }
                if ((i + 1) % 50 == 0) {
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

    private static long residentKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
