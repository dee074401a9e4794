package org.metalr.app;

import java.io.PrintWriter;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.metalr.api.UserInputException;
import org.metalr.api.Backend;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.HostTensor;
import org.metalr.api.LrRule;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.StepReport;
import org.metalr.api.net.Network;
import org.metalr.backends.Backends;
import org.metalr.core.MetaLrStep;
import org.metalr.libtorch.SharedLibTorch;
import org.metalr.models.Initializers;
import org.metalr.models.SmallCnn;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs the MetaLR step on a small CNN and a learnable synthetic task with every backend, from the
 * same weights and batches, and prints the learning rates each one learned side by side.
 */
@Command(name = "smoke", mixinStandardHelpOptions = true,
        description = "Runs MetaLR on a small CNN with each backend and prints the learned learning rates.")
final class SmokeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--backend", description = "djl, javacpp or all (default: ${DEFAULT-VALUE})", defaultValue = "all")
    private String backend;

    @Option(names = "--rule", description = "paper, official, multiplicative or cosine (default: ${DEFAULT-VALUE},"
            + " as every command's)", defaultValue = TrainOptions.DEFAULT_RULE)
    private String rule;

    @Option(names = "--hyper-lr", description = "hyper step size eta (default: ${DEFAULT-VALUE})", defaultValue = "0.1")
    private double hyperLr;

    @Option(names = "--iterations", description = "iterations to run (default: ${DEFAULT-VALUE})", defaultValue = "60")
    private int iterations;

    @Option(names = "--dtype", description = "float32 or float64 (default: ${DEFAULT-VALUE})", defaultValue = "float64")
    private String dtype;

    @Option(names = "--threads", description = "LibTorch intra-op threads (default: ${DEFAULT-VALUE})", defaultValue = "2")
    private int threads;

    private static final int CLASSES = 3;
    private static final int SIZE = 16;
    private static final int BATCH = 16;

    @Override
    public Integer call() {
        if (iterations < 1) {
            throw new UserInputException("--iterations must be >= 1, got " + iterations);
        }
        DType type = switch (dtype) {
            case "float32" -> DType.FLOAT32;
            case "float64" -> DType.FLOAT64;
            default -> throw new UserInputException("--dtype must be float32 or float64, got '" + dtype + "'");
        };
        if (!LrRule.NAMES.contains(rule)) {
            throw new UserInputException("--rule must be one of " + String.join(", ", LrRule.NAMES) + ", got '" + rule
                    + "'");
        }
        if (!(hyperLr > 0 && Double.isFinite(hyperLr))) {
            throw new UserInputException("--hyper-lr must be positive and finite, got " + hyperLr);
        }
        LrRule lrRule = LrRule.named(rule, hyperLr).withHoldLastEpochs(0);
        List<String> names = backend.equals("all") ? Backends.available() : List.of(backend);
        List<Backend> backends = names.stream().map(Backends::named).toList();
        SharedLibTorch.setThreads(threads);

        Network network = SmallCnn.network(3, 8, CLASSES);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("MetaLR smoke run: %s, rule %s (eta %s), Adam, %d iterations, %s, %d threads%n",
                network.name(), lrRule.name(), lrRule.hyperLr(), iterations, dtype, SharedLibTorch.threads());
        out.printf("%-10s %10s %10s  %s%n", "backend", "train", "val", String.join(" ", padded(SmallCnn.GROUPS)));
        double[] initial = {1e-3, 1e-3, 1e-3, 1e-2};
        out.printf("%-10s %10s %10s  %s%n", "initial", "", "", format(initial));
        for (Backend b : backends) {
            try (Differentiable model = b.create(network, Initializers.kaiming(network, 42), type);
                    MetaLrStep step = new MetaLrStep(model, network.groups(), initial, lrRule,
                            OptimizerConfig.Adam.withWeightDecay(1e-4))) {
                StepReport last = null;
                for (int t = 0; t < iterations; t++) {
                    last = step.step(batch(2L * t), batch(2L * t + 1), 1);
                }
                out.printf("%-10s %10.4f %10.4f  %s%n", b.name(), last.trainLoss(), last.validationLoss(),
                        format(last.learningRates()));
            }
        }
        out.flush();
        return 0;
    }

    private static List<String> padded(List<String> names) {
        return names.stream().map(n -> String.format("%11s", n)).toList();
    }

    private static String format(double[] lrs) {
        StringBuilder sb = new StringBuilder();
        for (double lr : lrs) {
            sb.append(String.format(" %10.3e", lr));
        }
        return sb.toString().substring(1);
    }

    /** A learnable task: each class brightens one colour channel in one image quadrant, under noise. */
    static Batch batch(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[BATCH * 3 * SIZE * SIZE];
        long[] labels = new long[BATCH];
        int plane = SIZE * SIZE;
        for (int n = 0; n < BATCH; n++) {
            int label = rnd.nextInt(CLASSES);
            labels[n] = label;
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < plane; i++) {
                    int row = i / SIZE;
                    int col = i % SIZE;
                    boolean inQuadrant = (row < SIZE / 2) == (label % 2 == 0) && (col < SIZE / 2) == (label < 2);
                    float signal = c == label && inQuadrant ? 1.0f : 0.0f;
                    x[(n * 3 + c) * plane + i] = signal + (float) (0.5 * rnd.nextGaussian());
                }
            }
        }
        return new Batch(HostTensor.of(x, BATCH, 3, SIZE, SIZE), labels);
    }
}
