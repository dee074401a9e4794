package org.metalr.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.metalr.api.Backend;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.HostTensor;
import org.metalr.api.ParamGroup;
import org.metalr.api.StepReport;
import org.metalr.api.net.Network;
import org.metalr.backends.Backends;
import org.metalr.core.MetaLrStep;
import org.metalr.models.SmallCnn;

/**
 * MetaLR trajectories against golden values from an independent PyTorch implementation
 * ({@code src/test/python/make_golden.py}), which differentiates the validation loss with respect to
 * the learning rates by autograd and steps with {@code torch.optim}. For every fixture and backend,
 * a float64 {@link SmallCnn} starts from the fixture's state and runs {@link MetaLrStep} over the
 * fixture's batches (the options beyond the paper's rules too: the optimizer's look-ahead, the cosine
 * signal, the log update, relative bounds, hypergradient steps every K iterations); each iteration's training loss, validation loss, hypergradient and learning
 * rates, and at the end every parameter and buffer, must agree to a relative 1e-9
 * ({@code num_batches_tracked} exactly).
 */
class GoldenTrajectoryTest {

    private static final List<String> FIXTURES =
            List.of("official_adam.json", "paper_sgd.json", "multiplicative_adam.json",
                    "optimizer_cosine_log_adam.json", "optimizer_every2_sgd.json");

    /** Relative tolerance, and the absolute floor for values that are (close to) zero. */
    static final double RELATIVE = 1e-9;
    static final double ABSOLUTE = 1e-12;

    static Stream<Arguments> cases() {
        return FIXTURES.stream().flatMap(f -> Cases.backends().map(b -> Arguments.of(f, b)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void trajectoryMatchesPyTorch(String fixtureName, String backendName) {
        GoldenFixture fixture = GoldenFixture.load("/golden/" + fixtureName);
        assertThat(List.of(fixture.inChannels(), fixture.width(), fixture.classes()))
                .as("network size of %s", fixtureName).containsExactly(3, 4, 3);
        Network network = SmallCnn.network(3, 4, 3);
        List<ParamGroup> groups = network.groups();
        assertThat(fixture.initialLrs()).as("initial learning rates, one per group").hasSize(groups.size());
        assertThat(fixture.state().keySet())
                .as("tensor names of %s", fixtureName)
                .containsExactlyInAnyOrderElementsOf(names(network))
                .containsExactlyInAnyOrderElementsOf(fixture.finalState().keySet());

        String context = fixtureName + " on " + backendName;
        Backend backend = Backends.named(backendName);
        try (Differentiable model = backend.create(network, fixture.state(), DType.FLOAT64);
                MetaLrStep step = new MetaLrStep(model, groups, fixture.initialLrs(), fixture.rule(),
                        fixture.optimizer())) {
            assertStateMatches(context + ", initial state as loaded", groups, fixture.state(), model.state());

            int t = 0;
            for (GoldenFixture.Iteration expected : fixture.iterations()) {
                t++;
                StepReport report = step.step(expected.train(), expected.validation(), expected.epoch());
                Mismatches m = new Mismatches(context + ", iteration " + t + " (epoch " + expected.epoch() + ")");
                m.check("train loss", expected.trainLoss(), report.trainLoss());
                if (Double.isNaN(expected.validationLoss())) {   // a plain step between hypergradient steps
                    assertThat(report.validationLoss()).as("%s: no look-ahead", m.context).isNaN();
                } else {
                    m.check("validation loss", expected.validationLoss(), report.validationLoss());
                }
                double[] hg = report.hypergradient();
                double[] lrs = report.learningRates();
                assertThat(hg).as("%s: hypergradient per group", m.context).hasSize(groups.size());
                assertThat(lrs).as("%s: learning rates per group", m.context).hasSize(groups.size());
                for (int j = 0; j < groups.size(); j++) {
                    String group = "group " + groups.get(j).name();
                    m.check(group + " hypergradient", expected.hypergradient()[j], hg[j]);
                    m.check(group + " learning rate", expected.learningRates()[j], lrs[j]);
                }
                m.assertNone();
            }
            assertStateMatches(context + ", final state after " + t + " iterations", groups,
                    fixture.finalState(), model.state());
        }
    }

    /** Guards the fixtures themselves: a trajectory in which the rates do not move tests nothing. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void fixtureMovesEveryLearningRate(String fixtureName) {
        GoldenFixture fixture = GoldenFixture.load("/golden/" + fixtureName);
        double[] initial = fixture.initialLrs();
        List<GoldenFixture.Iteration> iterations = fixture.iterations();
        assertThat(iterations).as("iterations of %s", fixtureName).hasSizeGreaterThanOrEqualTo(2);
        double[] last = iterations.get(iterations.size() - 1).learningRates();
        for (int j = 0; j < initial.length; j++) {
            assertThat(Math.abs(last[j] - initial[j]))
                    .as("%s: group %d's learning rate moves", fixtureName, j)
                    .isGreaterThan(1e-3 * initial[j]);
        }
        int lastGroup = initial.length - 1;
        for (GoldenFixture.Iteration it : iterations) {
            if (fixture.rule().holdsLast(it.epoch())) {
                assertThat(it.learningRates()[lastGroup]).as("%s: held last group in epoch %d", fixtureName,
                        it.epoch()).isEqualTo(initial[lastGroup]);
            }
        }
    }

    static Stream<String> fixtures() {
        return FIXTURES.stream();
    }

    private static List<String> names(Network network) {
        List<String> out = new ArrayList<>();
        network.parameters().forEach(p -> out.add(p.name()));
        network.buffers().forEach(b -> out.add(b.name()));
        return out;
    }

    private static void assertStateMatches(String context, List<ParamGroup> groups, Map<String, HostTensor> expected,
            Map<String, HostTensor> actual) {
        assertThat(actual.keySet()).as("%s: tensor names", context)
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        Mismatches m = new Mismatches(context);
        for (Map.Entry<String, HostTensor> e : expected.entrySet()) {
            String name = e.getKey();
            HostTensor want = e.getValue();
            HostTensor got = actual.get(name);
            String label = groupOf(groups, name) + " " + name;
            assertThat(got.shape()).as("%s: shape of %s", context, label).containsExactly(want.shape());
            if (want.kind() == HostTensor.Kind.INT64) {
                assertThat(got.kind()).as("%s: element type of %s", context, label).isEqualTo(HostTensor.Kind.INT64);
                assertThat(got.toLongArray()).as("%s: %s", context, label).containsExactly(want.toLongArray());
            } else {
                m.checkAll(label, want.toDoubleArray(), got.toDoubleArray());
            }
        }
        m.assertNone();
    }

    private static String groupOf(List<ParamGroup> groups, String tensor) {
        for (ParamGroup g : groups) {
            if (g.contains(tensor)) {
                return "[" + g.name() + "]";
            }
        }
        // Buffers carry their layer's prefix: "block1.bn1.running_mean" belongs with block1's parameters.
        for (ParamGroup g : groups) {
            for (String prefix : g.prefixes()) {
                if (tensor.startsWith(prefix + ".")) {
                    return "[" + g.name() + "]";
                }
            }
        }
        return "[no group]";
    }

    /** Whether {@code |a - b| <= 1e-9 * max(|a|, |b|) + 1e-12}; false when either is NaN. */
    static boolean close(double expected, double actual) {
        double tolerance = RELATIVE * Math.max(Math.abs(expected), Math.abs(actual)) + ABSOLUTE;
        return Math.abs(expected - actual) <= tolerance;
    }

    /** Collects every value outside the tolerance in one step of the comparison, then fails once with all of them. */
    private static final class Mismatches {
        private final String context;
        private final List<String> lines = new ArrayList<>();

        Mismatches(String context) {
            this.context = context;
        }

        void check(String what, double expected, double actual) {
            if (!close(expected, actual)) {
                lines.add(String.format("%s: expected %s, got %s (relative difference %.3e)", what,
                        expected, actual, relative(expected, actual)));
            }
        }

        void checkAll(String what, double[] expected, double[] actual) {
            assertThat(actual).as("%s: number of elements of %s", context, what).hasSize(expected.length);
            int bad = 0;
            int worst = -1;
            double worstRelative = 0;
            for (int i = 0; i < expected.length; i++) {
                if (!close(expected[i], actual[i])) {
                    bad++;
                    double r = relative(expected[i], actual[i]);
                    if (worst < 0 || !(r <= worstRelative)) {
                        worst = i;
                        worstRelative = r;
                    }
                }
            }
            if (bad > 0) {
                lines.add(String.format("%s: %d of %d elements differ; worst at flat index %d: expected %s, got %s"
                        + " (relative difference %.3e)", what, bad, expected.length, worst, expected[worst],
                        actual[worst], worstRelative));
            }
        }

        void assertNone() {
            assertThat(lines)
                    .withFailMessage(() -> context + ": " + lines.size() + " value(s) differ from PyTorch beyond "
                            + RELATIVE + " relative:\n  " + String.join("\n  ", lines))
                    .isEmpty();
        }

        private static double relative(double expected, double actual) {
            double scale = Math.max(Math.abs(expected), Math.abs(actual));
            return scale == 0 ? 0 : Math.abs(expected - actual) / scale;
        }
    }
}
