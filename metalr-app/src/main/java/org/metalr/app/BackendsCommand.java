package org.metalr.app;

import java.io.PrintWriter;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
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
import org.metalr.libtorch.NativeEnvironment;
import org.metalr.libtorch.SharedLibTorch;
import org.metalr.models.Initializers;
import org.metalr.models.SmallCnn;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Lists the backends with the LibTorch they run on, and checks each with a few MetaLR iterations. */
@Command(name = "backends", mixinStandardHelpOptions = true,
        description = "Lists the backends, the LibTorch version, threads and devices, and self-checks each backend.")
final class BackendsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        SharedLibTorch.load();
        out.printf("LibTorch %s (%s build), %d intra-op threads, devices: cpu%s%n", SharedLibTorch.VERSION,
                SharedLibTorch.cudaBuild() ? "CUDA" : "CPU", SharedLibTorch.threads(), cudaDevices());
        out.printf("CPU convolutions: %s%n", SharedLibTorch.convolutions());
        out.printf("CPU tensors: %s%n", SharedLibTorch.cpuPages());
        out.printf("native environment: %s%n", NativeEnvironment.current());
        int failures = 0;
        for (String name : Backends.available()) {
            Backend backend = Backends.named(name);
            long start = System.nanoTime();
            String check;
            try {
                check = "ok, " + selfCheck(backend);
            } catch (RuntimeException e) {
                failures++;
                check = "FAILED: " + Failures.message(e);
            }
            out.printf("%-8s %s%n         self-check (%d ms): %s%n", name, backend.describe(),
                    (System.nanoTime() - start) / 1_000_000, check);
        }
        out.flush();
        return failures == 0 ? 0 : Main.FAILURE;
    }

    private static String cudaDevices() {
        int n = SharedLibTorch.cudaDevices();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(", cuda:").append(i);
        }
        return sb.toString();
    }

    /** Five MetaLR iterations on a tiny CNN in float64; the losses must be finite and the rates must move. */
    static String selfCheck(Backend backend) {
        Network net = SmallCnn.network(3, 4, 3);
        double[] initial = {1e-3, 1e-3, 1e-3, 1e-2};
        try (Differentiable model = backend.create(net, Initializers.kaiming(net, 1), DType.FLOAT64);
                MetaLrStep step = new MetaLrStep(model, net.groups(), initial, LrRule.multiplicative(0.1),
                        OptimizerConfig.Adam.withWeightDecay(1e-4))) {
            StepReport r = null;
            for (int t = 0; t < 5; t++) {
                r = step.step(batch(2L * t), batch(2L * t + 1), 1);
                if (!Double.isFinite(r.trainLoss()) || !Double.isFinite(r.validationLoss())) {
                    throw new IllegalStateException("non-finite loss at iteration " + (t + 1));
                }
            }
            if (java.util.Arrays.equals(r.learningRates(), initial)) {
                throw new IllegalStateException("learning rates did not move");
            }
            return String.format("5 MetaLR iterations, loss %.4f", r.trainLoss());
        }
    }

    private static Batch batch(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] x = new double[4 * 3 * 8 * 8];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextGaussian();
        }
        return new Batch(HostTensor.of(x, 4, 3, 8, 8), new long[] {0, 1, 2, rnd.nextInt(3)});
    }
}
