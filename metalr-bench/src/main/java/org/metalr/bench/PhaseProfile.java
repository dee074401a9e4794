package org.metalr.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.metalr.api.Backend;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.GroupLayout;
import org.metalr.api.HostTensor;
import org.metalr.api.LrRule;
import org.metalr.api.ParameterUpdater;
import org.metalr.backends.Backends;
import org.metalr.libtorch.SharedLibTorch;

/**
 * Where a MetaLR iteration's time goes on one backend: the calls {@link org.metalr.core.MetaLrStep}
 * makes (training pass, look-ahead pass, per-parameter dot products, Adam step, releasing the
 * gradients), each timed on its own, next to a forward pass without autograd and the host copies of
 * the model's state. Prints one Markdown table of median milliseconds per phase.
 *
 * <pre>
 * metalr-bench/run profile --backend javacpp [--workload resnet18] [--threads 2] [--iterations 20]
 * </pre>
 */
public final class PhaseProfile {

    private PhaseProfile() {}

    public static void main(String[] args) {
        Flags f;
        try {
            f = Flags.parse(args, Set.of("--backend", "--workload", "--threads", "--iterations", "--warmup", "--batch",
                    "--width"),
                    Set.of());
        } catch (IllegalArgumentException e) {
            System.err.println("profile: " + e.getMessage());
            System.exit(2);
            return;
        }
        int threads = f.integer("--threads", 2, 1);
        SharedLibTorch.setThreads(threads);
        Backend backend = Backends.named(f.string("--backend", Backends.DEFAULT));
        Workload workload = Workload.named(f.string("--workload", Workload.RESNET18), f.integer("--batch", 0, 0),
                f.integer("--width", 0, 0));
        Map<String, double[]> phases = profile(backend, workload, f.integer("--warmup", 3, 0),
                f.integer("--iterations", 20, 1));
        System.out.println(backend.describe() + "; " + workload.description() + "; " + threads + " threads");
        System.out.println();
        System.out.println("| phase | median ms | min ms | max ms |");
        System.out.println("|---|--:|--:|--:|");
        phases.forEach((name, values) -> {
            Stats s = Stats.of(values);
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |%n", name, s.median(), s.min(), s.max());
        });
        System.exit(0);
    }

    /** Times each phase of {@code iterations} MetaLR iterations (official rule, Adam) after {@code warmup}. */
    static Map<String, double[]> profile(Backend backend, Workload workload, int warmup, int iterations) {
        Map<String, List<Double>> times = new LinkedHashMap<>();
        Batch train = workload.batch(1);
        Batch validation = workload.batch(2);
        LrRule rule = LrRule.official();
        try (Differentiable model = backend.create(workload.network(), workload.initialState(), DType.FLOAT32);
                ParameterUpdater adam = model.newUpdater(StepKind.ADAM)) {
            GroupLayout layout = GroupLayout.resolve(workload.network().groups(), model.parameters());
            boolean[] trainable = layout.trainableMask();
            double[] lrs = StepKind.initialRates(layout.groups().size());
            for (int i = 0; i < warmup + iterations; i++) {
                boolean record = i >= warmup;
                long t = System.nanoTime();
                HostTensor out = model.forward(train.inputs(), true);
                t = lap(times, "forward only (training mode, no autograd)", t, record);
                if (out.numel() == 0) {
                    throw new IllegalStateException("empty output");
                }
                Gradients g = model.gradients(train, trainable);
                t = lap(times, "training pass: gradients()", t, record);
                double[] coefficient = layout.perParameter(lrs);
                Gradients h = model.gradientsAt(validation, g, coefficient, trainable);
                t = lap(times, "look-ahead pass: gradientsAt()", t, record);
                double[] hyper = layout.sumPerGroup(g.dotPerParameter(h));
                t = lap(times, "hypergradient: dotPerParameter()", t, record);
                for (int j = 0; j < lrs.length - 1; j++) {
                    lrs[j] = rule.next(lrs[j], hyper[j]);
                }
                adam.step(g, layout.perParameter(lrs));
                t = lap(times, "Adam step: updater.step()", t, record);
                h.close();
                g.close();
                t = lap(times, "closing both gradients", t, record);
                model.state();
                lap(times, "host copy of the model: state()", t, record);
            }
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        times.forEach((name, list) -> out.put(name, list.stream().mapToDouble(Double::doubleValue).toArray()));
        return out;
    }

    private static long lap(Map<String, List<Double>> times, String phase, long since, boolean record) {
        long now = System.nanoTime();
        if (record) {
            times.computeIfAbsent(phase, k -> new ArrayList<>()).add((now - since) / 1e6);
        }
        return now;
    }
}
