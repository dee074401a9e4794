package org.metalr.bench;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.metalr.stats.Bootstrap;
import org.metalr.stats.Interval;
import org.metalr.stats.classification.ClassificationStatistic;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The per-run intervals of a test set: the stratified percentile bootstrap of accuracy, balanced
 * accuracy, macro AUC and each class's sensitivity and specificity, 10,000 resamples over 5,000 test
 * samples of 3 classes by default. The target is under a second per evaluation on one core. Pure Java,
 * no LibTorch.
 *
 * <pre>
 * java -cp "metalr-bench/target/classes:$(cat metalr-bench/target/classpath.txt)" \
 *     org.openjdk.jmh.Main BootstrapBenchmark -f 1 -wi 2 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BootstrapBenchmark {

    @Param({"5000"})
    public int samples;

    @Param({"10000"})
    public int resamples;

    @Param({"3"})
    public int classes;

    private long[] labels;
    private double[][] probabilities;
    private List<String> names;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(7);
        labels = new long[samples];
        probabilities = new double[samples][classes];
        for (int i = 0; i < samples; i++) {
            labels[i] = random.nextInt(classes);
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                // scores leaning towards the label, so the figures are neither trivial nor chance
                probabilities[i][c] = random.nextDouble() + (c == labels[i] ? 0.6 : 0);
                sum += probabilities[i][c];
            }
            for (int c = 0; c < classes; c++) {
                probabilities[i][c] /= sum;
            }
        }
        names = java.util.stream.IntStream.range(0, classes).mapToObj(c -> "class " + c).toList();
    }

    @Benchmark
    public Map<String, Interval> intervals() {
        return ClassificationStatistic.intervals(labels, probabilities, names,
                new Bootstrap(resamples, Bootstrap.DEFAULT_LEVEL, 0));
    }
}
