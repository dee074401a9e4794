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
import org.metalr.core.MetaLrStep;

/** Hundreds of MetaLR iterations over a user's module must not keep growing resident memory. */
class CppModuleMemoryTest {

    private static final int PHASE = 100;

    @Test
    void residentMemoryStaysFlatOverManyIterations() throws IOException {
        Batch train = CppFixtures.batch(13);
        Batch validation = CppFixtures.batch(14);
        try (CppModuleFixtures.ConvNet net = CppModuleFixtures.net(DType.FLOAT64);
                Differentiable model = CppModuleFixtures.model(net, DType.FLOAT64, CppModuleFixtures.groups(), 8);
                MetaLrStep step = new MetaLrStep(model, model.defaultGroups(), new double[] {1e-3, 1e-3, 1e-2},
                        LrRule.official(), OptimizerConfig.Adam.withWeightDecay(1e-4))) {
            run(step, train, validation, PHASE); // warm-up: allocator pools, JIT, heap sizing
            long afterWarmUp = residentKiB();
            run(step, train, validation, PHASE);
            long afterFirst = residentKiB();
            run(step, train, validation, PHASE);
            long afterSecond = residentKiB();
            assertThat(afterSecond - afterFirst).as("RSS growth over the last %d iterations (KiB)", PHASE)
                    .isLessThan(8 * 1024);
            assertThat(afterSecond - afterWarmUp).as("RSS growth over %d iterations (KiB)", 2 * PHASE)
                    .isLessThan(16 * 1024);
        }
    }

    private static void run(MetaLrStep step, Batch train, Batch validation, int iterations) {
        for (int i = 0; i < iterations; i++) {
            assertThat(step.step(train, validation, 1).trainLoss()).isFinite();
        }
        System.gc();
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
