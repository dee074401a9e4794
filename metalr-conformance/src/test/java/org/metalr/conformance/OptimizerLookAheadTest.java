package org.metalr.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.metalr.conformance.Close.assertClose;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.GroupLayout;
import org.metalr.api.HostTensor;
import org.metalr.api.LrRule;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.ParameterUpdater;
import org.metalr.api.StepReport;
import org.metalr.core.MetaLrStep;

/**
 * The optimizer-consistent look-ahead, float64, both backends: {@link ParameterUpdater#direction} is
 * torch.optim's update per unit rate ({@link ReferenceOptimizer#direction}, written from the formulas)
 * and leaves the state alone; the real step then moves every parameter by exactly {@code -lr * d}; the
 * reported hypergradient is the central finite difference of the validation loss at
 * {@code theta + s lr d} in each group's rate; and the cosine signal moves the rates by the cosine of
 * {@code h} and {@code d} computed on the host.
 */
class OptimizerLookAheadTest {

    private static final double EPS = 1e-5;
    private static final OptimizerConfig.Adam ADAM = OptimizerConfig.Adam.withWeightDecay(1e-4);

    static Stream<Arguments> backendsAndOptimizers() {
        List<OptimizerConfig> optimizers = List.of(ADAM, new OptimizerConfig.Sgd(0.9, 0, true, 5e-4),
                new OptimizerConfig.Sgd(0.9, 0.1, false, 0), OptimizerConfig.Sgd.plain());
        return Cases.backends().flatMap(b -> optimizers.stream().map(o -> Arguments.of(b, o)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("backendsAndOptimizers")
    void theDirectionIsTheRealStepsUpdatePerUnitRateAndLeavesTheStateAlone(String backend, OptimizerConfig config) {
        double lr = 1e-2;
        try (Differentiable model = Cases.model(backend, DType.FLOAT64);
                ParameterUpdater updater = model.newUpdater(config)) {
            boolean[] all = Cases.all(model, true);
            double[] rates = new double[model.parameters().size()];
            Arrays.fill(rates, lr);
            ReferenceOptimizer reference = new ReferenceOptimizer(config);
            for (int t = 1; t <= 3; t++) {           // a fresh optimizer, then warm moments and buffers
                try (Gradients g = model.gradients(Cases.trainBatch(t), all)) {
                    double[] theta = parameters(model);
                    double[] grad = flat(g, model);
                    Map<String, HostTensor> before = updater.state();
                    double[] d;
                    try (Gradients direction = updater.direction(g)) {
                        assertThat(direction.loss()).isEqualTo(g.loss());
                        d = flat(direction, model);
                    }
                    String at = backend + " " + config + " step " + t;
                    assertClose(d, reference.direction(theta, grad), 1e-10, 1e-15, at + " direction");
                    assertSameState(updater.state(), before, at);

                    updater.step(g, rates);
                    reference.step(theta.clone(), grad, lr);
                    double[] moved = parameters(model);
                    double[] taken = new double[theta.length];
                    double[] expected = new double[theta.length];
                    for (int i = 0; i < theta.length; i++) {
                        taken[i] = theta[i] - moved[i];
                        expected[i] = lr * d[i];
                    }
                    assertClose(taken, expected, 1e-10, 1e-16, at + ": the real step moves by lr * direction");
                }
            }
        }
    }

    static Stream<Arguments> rules() {
        LrRule optimizer = LrRule.multiplicative(0.1).withDirection(LrRule.Direction.OPTIMIZER);
        return Cases.backends().flatMap(b -> Stream.of(
                Arguments.of(b, LrRule.paper(1e-3).withDirection(LrRule.Direction.OPTIMIZER)),
                Arguments.of(b, LrRule.official().withDirection(LrRule.Direction.OPTIMIZER)),
                Arguments.of(b, optimizer.withNormalize(LrRule.Normalize.COSINE)),
                Arguments.of(b, LrRule.multiplicative(0.1).withNormalize(LrRule.Normalize.COSINE)),
                Arguments.of(b, optimizer.withNormalize(LrRule.Normalize.COSINE).withUpdate(LrRule.Update.LOG)
                        .withBounds(0.5, true, 2, true))));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("rules")
    void theHypergradientIsTheFiniteDifferenceAndTheRatesMoveByTheRulesSignal(String backend, LrRule rule) {
        double[] lrs = Cases.initialLrs();
        try (Differentiable model = Cases.model(backend, DType.FLOAT64)) {
            boolean[] all = Cases.all(model, true);
            Map<String, HostTensor> warm;
            try (ParameterUpdater updater = model.newUpdater(ADAM)) {  // moments of two earlier steps
                for (int t = 1; t <= 2; t++) {
                    try (Gradients g = model.gradients(Cases.trainBatch(t), all)) {
                        updater.step(g, GroupLayout.resolve(Cases.NETWORK.groups(), model.parameters()).perParameter(lrs));
                    }
                }
                warm = updater.state();
            }
            Map<String, HostTensor> theta = model.state();
            StepReport report;
            try (MetaLrStep step = new MetaLrStep(model, Cases.NETWORK.groups(), lrs, rule, ADAM)) {
                step.loadOptimizerState(warm);
                report = step.step(Cases.trainBatch(3), Cases.validationBatch(3), 6);
            }
            model.loadState(theta);

            GroupLayout layout = GroupLayout.resolve(Cases.NETWORK.groups(), model.parameters());
            double s = rule.lookAhead().sign();
            double[] hyper = report.hypergradient();
            try (ParameterUpdater updater = model.newUpdater(ADAM); Gradients g = model.gradients(Cases.trainBatch(3), all)) {
                updater.loadState(warm);
                try (Gradients d = rule.direction() == LrRule.Direction.OPTIMIZER ? updater.direction(g) : null) {
                    Gradients dir = d != null ? d : g;
                    for (int j = 0; j < lrs.length; j++) {
                        double fd = (HypergradientFiniteDifferenceTest.lossAt(model, layout, Cases.validationBatch(3), dir,
                                all, s, lrs, j, +EPS) - HypergradientFiniteDifferenceTest.lossAt(model, layout,
                                Cases.validationBatch(3), dir, all, s, lrs, j, -EPS)) / (2 * EPS);
                        assertThat(Math.abs(fd)).as("finite difference of group %d is informative", j).isGreaterThan(1e-6);
                        assertClose(hyper[j], fd, 1e-6, 0, backend + " " + rule + " hypergradient of group " + j);
                    }
                    double[] signal = hyper;
                    if (rule.normalize() == LrRule.Normalize.COSINE) {
                        signal = hostCosine(model, layout, dir, all, s, lrs);
                    }
                    double[] expected = new double[lrs.length];
                    for (int j = 0; j < lrs.length; j++) {
                        expected[j] = rule.next(lrs[j], signal[j], lrs[j]);
                    }
                    assertClose(report.learningRates(), expected, 1e-9, 0, backend + " " + rule + " rates");
                    assertThat(report.learningRates()).as("the rates moved").isNotEqualTo(lrs);
                }
            }
        }
    }

    /** Per group, s * sum <h, d> / (|h| |d|) from host copies of h (at the look-ahead) and d. */
    private static double[] hostCosine(Differentiable model, GroupLayout layout, Gradients d, boolean[] all, double s,
            double[] lrs) {
        double[] coefficient = new double[lrs.length];
        for (int j = 0; j < lrs.length; j++) {
            coefficient[j] = s * lrs[j];
        }
        int n = model.parameters().size();
        double[] hd = new double[n];
        double[] hh = new double[n];
        double[] dd = new double[n];
        try (Gradients h = model.gradientsAt(Cases.validationBatch(3), d, layout.perParameter(coefficient), all)) {
            for (int p = 0; p < n; p++) {
                double[] hp = h.get(p).toDoubleArray();
                double[] dp = d.get(p).toDoubleArray();
                for (int i = 0; i < hp.length; i++) {
                    hd[p] += hp[i] * dp[i];
                    hh[p] += hp[i] * hp[i];
                    dd[p] += dp[i] * dp[i];
                }
            }
        }
        double[] dot = layout.sumPerGroup(hd);
        double[] hn = layout.sumPerGroup(hh);
        double[] dn = layout.sumPerGroup(dd);
        double[] out = new double[dot.length];
        for (int j = 0; j < out.length; j++) {
            out[j] = s * dot[j] / (Math.sqrt(hn[j]) * Math.sqrt(dn[j]));
            assertThat(Math.abs(out[j])).isLessThanOrEqualTo(1.0);
        }
        return out;
    }

    private static double[] parameters(Differentiable model) {
        Map<String, HostTensor> state = model.state();
        return concat(model.parameters().stream().map(p -> state.get(p.name()).toDoubleArray()).toList());
    }

    private static double[] flat(Gradients g, Differentiable model) {
        return concat(java.util.stream.IntStream.range(0, model.parameters().size())
                .mapToObj(p -> g.get(p).toDoubleArray()).toList());
    }

    private static double[] concat(List<double[]> parts) {
        return parts.stream().flatMapToDouble(Arrays::stream).toArray();
    }

    private static void assertSameState(Map<String, HostTensor> actual, Map<String, HostTensor> expected, String at) {
        assertThat(actual.keySet()).as(at + " state keys").isEqualTo(expected.keySet());
        for (String key : expected.keySet()) {
            HostTensor e = expected.get(key);
            HostTensor a = actual.get(key);
            if (e.kind() == HostTensor.Kind.INT64) {
                assertThat(a.toLongArray()).as(at + " " + key).containsExactly(e.toLongArray());
            } else {
                assertThat(a.toDoubleArray()).as(at + " " + key).containsExactly(e.toDoubleArray());
            }
        }
    }
}
