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
        Profile profile = profile(backend, workload, f.integer("--warmup", 3, 0), f.integer("--iterations", 20, 1));
        System.out.println(backend.describe() + "; " + workload.description() + "; " + threads + " threads");
        System.out.println();
        System.out.println("| phase | median ms | min ms | max ms | median page faults |");
        System.out.println("|---|--:|--:|--:|--:|");
        profile.phases().forEach((name, values) -> {
            Stats s = Stats.of(values);
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.0f |%n", name, s.median(), s.min(), s.max(),
                    Stats.of(profile.faults().get(name)).median());
        });
        System.out.printf(Locale.ROOT, "%nminor page faults per iteration: %.0f (%.0f MiB of pages faulted in)%n",
                profile.minorFaultsPerIteration(), profile.minorFaultsPerIteration() * 4 / 1024);
        System.exit(0);
    }

    /**
     * What {@link #profile} measured.
     *
     * @param phases milliseconds of each phase, one value per measured iteration, in call order
     * @param faults minor page faults (4 KiB pages the kernel mapped and zeroed) of each phase, one
     *               value per measured iteration: many mean memory returned to the system and faulted
     *               in again every iteration
     */
    record Profile(Map<String, double[]> phases, Map<String, double[]> faults) {

        /** Minor page faults per measured iteration, all phases together. */
        double minorFaultsPerIteration() {
            double sum = 0;
            int n = 0;
            for (double[] v : faults.values()) {
                for (double x : v) {
                    sum += x;
                }
                n = v.length;
            }
            return n == 0 ? 0 : sum / n;
        }
    }

    /** Times each phase of {@code iterations} MetaLR iterations (official rule, Adam) after {@code warmup}. */
    static Profile profile(Backend backend, Workload workload, int warmup, int iterations) {
        Laps laps = new Laps();
        Batch train = workload.batch(1);
        Batch validation = workload.batch(2);
        LrRule rule = LrRule.official();
        try (Differentiable model = backend.create(workload.network(), workload.initialState(), DType.FLOAT32);
                ParameterUpdater adam = model.newUpdater(StepKind.ADAM)) {
            GroupLayout layout = GroupLayout.resolve(workload.network().groups(), model.parameters());
            boolean[] trainable = layout.trainableMask();
            double[] lrs = StepKind.initialRates(layout.groups().size());
            for (int i = 0; i < warmup + iterations; i++) {
                laps.start(i >= warmup);
                HostTensor out = model.forward(train.inputs(), true);
                laps.lap("forward only (training mode, no autograd)");
                if (out.numel() == 0) {
                    throw new IllegalStateException("empty output");
                }
                Gradients g = model.gradients(train, trainable);
                laps.lap("training pass: gradients()");
                double[] coefficient = layout.perParameter(lrs);
                Gradients h = model.gradientsAt(validation, g, coefficient, trainable);
                laps.lap("look-ahead pass: gradientsAt()");
                double[] hyper = layout.sumPerGroup(g.dotPerParameter(h));
                laps.lap("hypergradient: dotPerParameter()");
                for (int j = 0; j < lrs.length - 1; j++) {
                    lrs[j] = rule.next(lrs[j], hyper[j]);
                }
                adam.step(g, layout.perParameter(lrs));
                laps.lap("Adam step: updater.step()");
                h.close();
                g.close();
                laps.lap("closing both gradients");
                model.state();
                laps.lap("host copy of the model: state()");
            }
        }
        return new Profile(Laps.arrays(laps.times), Laps.arrays(laps.faults));
    }

    /** Time and page faults since the previous lap, recorded by phase name while recording is on. */
    private static final class Laps {
        final Map<String, List<Double>> times = new LinkedHashMap<>();
        final Map<String, List<Double>> faults = new LinkedHashMap<>();
        private boolean record;
        private long since;
        private long faultsSince;

        void start(boolean recordThisIteration) {
            record = recordThisIteration;
            faultsSince = ProcMemory.minorFaults();
            since = System.nanoTime();
        }

        void lap(String phase) {
            long now = System.nanoTime();
            long f = ProcMemory.minorFaults();
            if (record) {
                times.computeIfAbsent(phase, k -> new ArrayList<>()).add((now - since) / 1e6);
                faults.computeIfAbsent(phase, k -> new ArrayList<>()).add((double) (f - faultsSince));
            }
            faultsSince = f;
            since = System.nanoTime();
        }

        static Map<String, double[]> arrays(Map<String, List<Double>> lists) {
            Map<String, double[]> out = new LinkedHashMap<>();
            lists.forEach((name, list) -> out.put(name, list.stream().mapToDouble(Double::doubleValue).toArray()));
            return out;
        }
    }
}
