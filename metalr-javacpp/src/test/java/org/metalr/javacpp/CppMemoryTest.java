package org.metalr.javacpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.LrRule;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.StepReport;
import org.metalr.core.MetaLrStep;

/** Hundreds of MetaLR iterations must not keep growing the process's resident memory. */
class CppMemoryTest {

    private static final int PHASE = 100;

    @Test
    void residentMemoryStaysFlatOverManyIterations() throws IOException {
        Batch train = CppFixtures.batch(11);
        Batch validation = CppFixtures.batch(12);
        try (Differentiable model = CppFixtures.smallCnn(DType.FLOAT64, 5);
                MetaLrStep step = new MetaLrStep(model, model.defaultGroups(), new double[] {1e-3, 1e-3, 1e-3, 1e-2},
                        LrRule.official(), OptimizerConfig.Adam.withWeightDecay(1e-4))) {
            run(step, train, validation, PHASE); // warm-up: allocator pools, JIT, heap sizing
            long afterWarmUp = residentKiB();
            run(step, train, validation, PHASE);
            long afterFirst = residentKiB();
            StepReport last = run(step, train, validation, PHASE);
            long afterSecond = residentKiB();
            System.out.printf("VmRSS KiB: %d -> %d -> %d%n", afterWarmUp, afterFirst, afterSecond);
            assertThat(last.trainLoss()).isFinite();
            // a leak of one pass's activations per iteration would add tens of MiB per phase
            assertThat(afterSecond - afterFirst).as("RSS growth over the last %d iterations (KiB)", PHASE)
                    .isLessThan(8 * 1024);
            assertThat(afterSecond - afterWarmUp).as("RSS growth over %d iterations (KiB)", 2 * PHASE)
                    .isLessThan(16 * 1024);
        }
    }

    private static StepReport run(MetaLrStep step, Batch train, Batch validation, int iterations) {
        StepReport report = null;
        for (int i = 0; i < iterations; i++) {
            report = step.step(train, validation, 1);
        }
        System.gc();
        return report;
    }

    private static long residentKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
