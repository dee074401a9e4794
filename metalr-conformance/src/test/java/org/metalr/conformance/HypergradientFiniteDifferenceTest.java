package org.metalr.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.metalr.conformance.Close.assertClose;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.GroupLayout;
import org.metalr.api.HostTensor;
import org.metalr.api.LrRule;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.StepReport;
import org.metalr.core.MetaLrStep;

/**
 * The hypergradient the step reports equals the central finite difference of the validation loss at
 * the look-ahead, L_val(theta + s*lr*g), in each group's learning rate: float64, every group, both
 * look-ahead directions, both backends.
 */
class HypergradientFiniteDifferenceTest {

    private static final double EPS = 1e-5;

    static Stream<Arguments> cases() {
        return Cases.backends().flatMap(b -> Stream.of(
                Arguments.of(b, LrRule.paper(1e-3)),
                Arguments.of(b, LrRule.official())));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cases")
    void hypergradientMatchesFiniteDifferences(String backend, LrRule rule) {
        double[] lrs = Cases.initialLrs();
        try (Differentiable model = Cases.model(backend, DType.FLOAT64)) {
            Map<String, HostTensor> theta = model.state();
            StepReport report;
            try (MetaLrStep step = new MetaLrStep(model, Cases.NETWORK.groups(), lrs, rule,
                    OptimizerConfig.Sgd.plain())) {
                report = step.step(Cases.trainBatch(1), Cases.validationBatch(1), 1);
            }
            model.loadState(theta);

            GroupLayout layout = GroupLayout.resolve(Cases.NETWORK.groups(), model.parameters());
            boolean[] all = layout.trainableMask();
            double s = rule.lookAhead().sign();
            double[] hyper = report.hypergradient();
            try (Gradients g = model.gradients(Cases.trainBatch(1), all)) {
                for (int j = 0; j < lrs.length; j++) {
                    double up = lossAt(model, layout, Cases.validationBatch(1), g, all, s, lrs, j, +EPS);
                    double down = lossAt(model, layout, Cases.validationBatch(1), g, all, s, lrs, j, -EPS);
                    double fd = (up - down) / (2 * EPS);
                    assertThat(Math.abs(fd)).as("finite difference of group %d is informative", j).isGreaterThan(1e-6);
                    assertClose(hyper[j], fd, 1e-6, 0, backend + " " + rule.name() + " hypergradient of group "
                            + Cases.NETWORK.groups().get(j).name());
                }
            }
        }
    }

    /** The validation loss at {@code theta + sign * lr * direction} with group {@code group}'s rate moved by {@code delta}. */
    static double lossAt(Differentiable model, GroupLayout layout, Batch validation, Gradients direction, boolean[] all,
            double sign, double[] lrs, int group, double delta) {
        double[] shifted = Arrays.copyOf(lrs, lrs.length);
        shifted[group] += delta;
        for (int j = 0; j < shifted.length; j++) {
            shifted[j] *= sign;
        }
        try (Gradients h = model.gradientsAt(validation, direction, layout.perParameter(shifted), all)) {
            return h.loss();
        }
    }
}
