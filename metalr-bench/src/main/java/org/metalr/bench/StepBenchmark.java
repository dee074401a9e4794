package org.metalr.bench;

import java.util.concurrent.TimeUnit;
import org.metalr.backends.Backends;
import org.metalr.libtorch.SharedLibTorch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH timing of one training iteration per backend and {@link StepKind}: plain SGD and Adam, MetaLR
 * under each rule, and the released code's three-pass structure, on a {@link Workload} (ResNet-18,
 * 3 classes, 64x64, batch 32 by default). The same iterations {@link BenchMain} tabulates; JMH adds
 * forked, warmed-up, statistically summarised measurements of a chosen few. Threads come from
 * {@code -Dmetalr.threads} (default 2) and should be reported with the figures.
 *
 * <pre>
 * java -Dmetalr.threads=2 -cp "metalr-bench/target/classes:$(cat metalr-bench/target/classpath.txt)" \
 *     org.openjdk.jmh.Main StepBenchmark -f 1 -wi 3 -i 10 -p step=plain-adam,metalr-official
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StepBenchmark {

    @Param({"javacpp", "djl"})
    public String backend;

    /** For {@code metalr-every-K} one operation is K iterations (one phase). */
    @Param({"plain-sgd", "plain-adam", "metalr-paper", "metalr-official", "metalr-multiplicative", "metalr-optimizer",
        "metalr-every-2", "metalr-every-4", "metalr-every-8", "released-structure"})
    public String step;

    @Param({"resnet18"})
    public String workload;

    /** 0: the workload's own batch size. */
    @Param({"0"})
    public int batchSize;

    /** 0: the workload's default base width. */
    @Param({"0"})
    public int width;

    private BenchIteration iteration;

    @Setup(Level.Trial)
    public void setUp() {
        SharedLibTorch.setThreads(Integer.getInteger(SharedLibTorch.THREADS_PROPERTY, 2));
        iteration = StepKind.of(step).open(Backends.named(backend), Workload.named(workload, batchSize, width));
    }

    @Benchmark
    public double iteration() {
        return iteration.run();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        iteration.close();
    }
}
