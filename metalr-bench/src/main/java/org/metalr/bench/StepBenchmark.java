package org.metalr.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.HostTensor;
import org.metalr.api.LrRule;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.net.Network;
import org.metalr.backends.Backends;
import org.metalr.core.MetaLrStep;
import org.metalr.core.PlainStep;
import org.metalr.libtorch.SharedLibTorch;
import org.metalr.models.Initializers;
import org.metalr.models.ResNet18;
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
 * Milliseconds per iteration of plain fine-tuning and of MetaLR, per backend, on ResNet-18 (3 classes,
 * 64x64 inputs, the paper's POCUS setting; batch and width configurable for a CPU). The ratio
 * MetaLR / plain with the same optimizer is what the two-pass design is judged by (floor about 2.0).
 * Threads come from {@code -Dmetalr.threads} (default 2) and should be reported with the figures.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StepBenchmark {

    @Param({"javacpp", "djl"})
    public String backend;

    @Param({"plain-adam", "metalr-official"})
    public String step;

    @Param({"32"})
    public int batchSize;

    @Param({"64"})
    public int width;

    private Differentiable model;
    private PlainStep plain;
    private MetaLrStep meta;
    private Batch train;
    private Batch validation;

    @Setup(Level.Trial)
    public void setUp() {
        SharedLibTorch.setThreads(Integer.getInteger(SharedLibTorch.THREADS_PROPERTY, 2));
        Network net = ResNet18.network(3, 3, width);
        model = Backends.named(backend).create(net, Initializers.kaiming(net, 1), DType.FLOAT32);
        train = batch(1);
        validation = batch(2);
        double[] lrs = new double[net.groups().size()];
        java.util.Arrays.fill(lrs, 1e-3);
        lrs[lrs.length - 1] = 1e-2;
        OptimizerConfig adam = OptimizerConfig.Adam.withWeightDecay(1e-4);
        switch (step) {
            case "plain-adam" -> plain = new PlainStep(model, net.groups(), lrs, adam);
            case "plain-sgd" -> plain = new PlainStep(model, net.groups(), lrs, OptimizerConfig.Sgd.plain());
            case "metalr-official" -> meta = new MetaLrStep(model, net.groups(), lrs, LrRule.official(), adam);
            case "metalr-paper" -> meta = new MetaLrStep(model, net.groups(), lrs, LrRule.paper(1e-5), adam);
            case "metalr-multiplicative" ->
                    meta = new MetaLrStep(model, net.groups(), lrs, LrRule.multiplicative(0.1), adam);
            default -> throw new IllegalArgumentException("unknown step '" + step + "'");
        }
    }

    @Benchmark
    public double iteration() {
        return plain != null ? plain.step(train) : meta.step(train, validation, 1).validationLoss();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (plain != null) {
            plain.close();
        }
        if (meta != null) {
            meta.close();
        }
        model.close();
    }

    private Batch batch(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[batchSize * 3 * 64 * 64];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        long[] labels = new long[batchSize];
        for (int i = 0; i < batchSize; i++) {
            labels[i] = rnd.nextInt(3);
        }
        return new Batch(HostTensor.of(x, batchSize, 3, 64, 64), labels);
    }
}
