package org.metalr.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.metalr.api.Batch;
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
 * Every temporary tensor of an iteration is released, on every backend: after a warm-up, hundreds of
 * further MetaLR iterations leave the process's resident memory where it was.
 *
 * <p>Growth is measured over two consecutive windows and the smaller of the two must stay within the
 * slack: a leak grows memory in every window, while a one-off step (the allocator taking a new arena,
 * the JIT, another process's pressure on this shared machine) shows in one window only. The collector
 * runs between windows (and every {@value #GC_EVERY} iterations) so that a growing Java heap does not
 * pass for a native leak. The exact count of live tensors, where a binding can count them, is that
 * binding's own test.
 */
class NativeMemoryTest {

    private static final int GC_EVERY = 50;

    /**
     * A SmallCnn of width 16 on batches of 8 32x32 images, float32. Allowed growth within a window of
     * 200 iterations: 12 MiB. The model is sized so that leaking one gradient set (about 100 KiB) per
     * iteration would exceed it in every window, and leaking one activation (512 KiB) far more.
     */
    @EveryBackend
    void residentMemoryDoesNotGrowOverIterations(String backend) throws IOException {
        Network network = SmallCnn.network(Cases.CHANNELS, 16, Cases.CLASSES);
        try (Differentiable model = Cases.backend(backend).create(network, Initializers.kaiming(network, 1),
                        DType.FLOAT32)) {
            long growth = growth(backend, model, LrRule.official(), 100, 200,
                    t -> new Batch[] {Cases.batch(t % 7, 8, 32), Cases.batch(100 + t % 5, 8, 32)}, t -> 1);
            assertThat(growth).as("%s: resident memory growth per 200 iterations", backend).isLessThan(12L << 20);
        }
    }

    /**
     * The same with the optimizer's look-ahead (a set of direction tensors per iteration), the cosine
     * signal (two more dot products) and plain steps between hypergradient steps.
     */
    @EveryBackend
    void theOptionsBeyondThePaperLeakNothingEither(String backend) throws IOException {
        Network network = SmallCnn.network(Cases.CHANNELS, 16, Cases.CLASSES);
        LrRule rule = LrRule.official().withDirection(LrRule.Direction.OPTIMIZER)
                .withNormalize(LrRule.Normalize.COSINE).withMetaEvery(2);
        try (Differentiable model = Cases.backend(backend).create(network, Initializers.kaiming(network, 1),
                        DType.FLOAT32)) {
            long growth = growth(backend + " optimizer look-ahead", model, rule, 100, 200,
                    t -> new Batch[] {Cases.batch(t % 7, 8, 32), Cases.batch(100 + t % 5, 8, 32)}, t -> 1);
            assertThat(growth).as("%s: resident memory growth per 200 iterations", backend).isLessThan(12L << 20);
        }
    }

    static Stream<Arguments> backendsAndTypes() {
        return Cases.backends().flatMap(b -> Arrays.stream(DType.values()).map(d -> Arguments.of(b, d)));
    }

    /**
     * {@link Cases#NETWORK} on batches of 4 8x8 images cycling through eight, the epoch moving every 50
     * iterations (so the official rule's hold ends), in both element types. Allowed growth within a
     * window of 300 iterations: 16 MiB.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("backendsAndTypes")
    void residentMemoryOfTheSmallModelDoesNotGrow(String backend, DType dtype) throws IOException {
        Batch[] batches = new Batch[8];
        for (int i = 0; i < batches.length; i++) {
            batches[i] = Cases.batch(500 + i);
        }
        try (Differentiable model = Cases.model(backend, dtype)) {
            long growth = growth(backend + " " + dtype, model, LrRule.official(), 150, 300,
                    t -> new Batch[] {batches[t % batches.length], batches[(t + 3) % batches.length]}, t -> 1 + t / 50);
            assertThat(growth).as("%s %s: resident memory growth per 300 iterations", backend, dtype)
                    .isLessThan(16L << 20);
        }
    }

    /**
     * Runs {@code warmUp} MetaLR iterations ({@code rule}, Adam) on {@code model}, then two windows of
     * {@code window}, and returns the smaller growth of resident memory over a window, in bytes.
     *
     * @param batches the training and validation batch of iteration {@code t}
     * @param epoch   the epoch of iteration {@code t}
     */
    private static long growth(String what, Differentiable model, LrRule rule, int warmUp, int window,
            IntFunction<Batch[]> batches, IntUnaryOperator epoch) throws IOException {
        try (MetaLrStep step = new MetaLrStep(model, model.defaultGroups(), Cases.initialLrs(), rule,
                OptimizerConfig.Adam.withWeightDecay(1e-4))) {
            long[] resident = new long[3];
            int t = 0;
            for (int phase = 0; phase < 3; phase++) {
                for (int end = t + (phase == 0 ? warmUp : window); t < end; t++) {
                    Batch[] b = batches.apply(t);
                    StepReport r = step.step(b[0], b[1], epoch.applyAsInt(t));
                    assertThat(r.trainLoss()).isFinite();
                    if ((t + 1) % GC_EVERY == 0) {
                        System.gc();
                    }
                }
                System.gc();
                resident[phase] = residentBytes();
            }
            System.out.printf("%s: VmRSS %d -> %d -> %d MiB%n", what, resident[0] >> 20, resident[1] >> 20,
                    resident[2] >> 20);
            return Math.min(resident[1] - resident[0], resident[2] - resident[1]);
        }
    }

    /** VmRSS of this process, from /proc (Linux). */
    static long residentBytes() throws IOException {
        return statusBytes("VmRSS");
    }

    /** A memory field of this process's {@code /proc/self/status} ({@code VmRSS}, {@code VmHWM}, ...), in bytes. */
    static long statusBytes(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no " + field + " line in /proc/self/status");
    }
}
