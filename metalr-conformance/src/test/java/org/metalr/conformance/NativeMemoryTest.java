package org.metalr.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.LrRule;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.StepReport;
import org.metalr.api.net.Network;
import org.metalr.core.MetaLrStep;
import org.metalr.models.Initializers;
import org.metalr.models.SmallCnn;

/**
 * Every temporary tensor of an iteration is released: after a warm-up, hundreds of further
 * iterations leave the process's resident memory where it was.
 *
 * <p>Growth is measured over two consecutive windows and the smaller of the two must stay within the
 * slack: a leak grows memory in every window, while a one-off step (the allocator taking a new arena,
 * the JIT) shows in one window only.
 */
class NativeMemoryTest {

    private static final int WARM_UP = 100;
    private static final int WINDOW = 200;
    /**
     * Allowed growth within a window. The model is sized so that leaking one gradient set (about
     * 100 KiB) per iteration would exceed it in every window, and leaking one activation (512 KiB) far
     * more.
     */
    private static final long SLACK_BYTES = 12L << 20;
    private static final Network NETWORK = SmallCnn.network(Cases.CHANNELS, 16, Cases.CLASSES);

    @ParameterizedTest
    @MethodSource("org.metalr.conformance.Cases#backends")
    void residentMemoryDoesNotGrowOverIterations(String backend) throws IOException {
        try (Differentiable model = Cases.backend(backend).create(NETWORK, Initializers.kaiming(NETWORK, 1),
                        DType.FLOAT32);
                MetaLrStep step = new MetaLrStep(model, NETWORK.groups(), Cases.initialLrs(),
                        LrRule.official(), OptimizerConfig.Adam.withWeightDecay(1e-4))) {
            run(step, WARM_UP);
            long first = residentBytes();
            run(step, WINDOW);
            long second = residentBytes();
            run(step, WINDOW);
            long third = residentBytes();
            assertThat(Math.min(second - first, third - second))
                    .as("%s: resident memory growth per %d iterations (%d -> %d -> %d MiB)", backend, WINDOW,
                            first >> 20, second >> 20, third >> 20)
                    .isLessThan(SLACK_BYTES);
        }
    }

    private static void run(MetaLrStep step, int iterations) {
        for (int t = 0; t < iterations; t++) {
            StepReport r = step.step(Cases.batch(t % 7, 8, 32), Cases.batch(100 + t % 5, 8, 32), 1);
            assertThat(r.trainLoss()).isFinite();
        }
        System.gc();
    }

    /** VmRSS of this process, from /proc (Linux). */
    static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS line in /proc/self/status");
    }
}
