package org.metalr.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.metalr.api.Backend;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.LrRule;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.StepReport;
import org.metalr.api.net.Network;
import org.metalr.backends.Backends;
import org.metalr.core.MetaLrStep;
import org.metalr.models.Initializers;
import org.metalr.models.SmallCnn;

/**
 * The named rule {@code cosine} takes the steps of the combination it names,
 * {@code rule=multiplicative:normalize=cosine}, on both backends in float64.
 */
class CosineRuleTrajectoryTest {

    private static final int ITERATIONS = 4;

    /** Per iteration: training loss, validation loss, then every group's rate after the step. */
    private static List<double[]> trajectory(Backend backend, LrRule rule) {
        Network network = SmallCnn.network(3, 8, 3);
        List<double[]> out = new ArrayList<>();
        try (Differentiable model = backend.create(network, Initializers.kaiming(network, 42), DType.FLOAT64);
                MetaLrStep step = new MetaLrStep(model, network.groups(), new double[] {1e-3, 1e-3, 1e-3, 1e-2}, rule,
                        OptimizerConfig.Adam.withWeightDecay(1e-4))) {
            for (int t = 0; t < ITERATIONS; t++) {
                StepReport r = step.step(SmokeCommand.batch(2L * t), SmokeCommand.batch(2L * t + 1), 1);
                double[] row = new double[2 + r.learningRates().length];
                row[0] = r.trainLoss();
                row[1] = r.validationLoss();
                System.arraycopy(r.learningRates(), 0, row, 2, r.learningRates().length);
                out.add(row);
            }
        }
        return out;
    }

    @Test
    void cosineStepsAsMultiplicativeWithTheCosineSignalOnBothBackends() {
        LrRule spelled = LrRule.multiplicative(0.1).withNormalize(LrRule.Normalize.COSINE);
        List<List<double[]>> named = new ArrayList<>();
        for (String name : Backends.available()) {
            Backend b = Backends.named(name);
            List<double[]> cosine = trajectory(b, LrRule.cosine(0.1));
            List<double[]> combination = trajectory(b, spelled);
            for (int t = 0; t < ITERATIONS; t++) {
                assertThat(cosine.get(t)).as(name + " iteration " + (t + 1)).containsExactly(combination.get(t));
            }
            // the rates moved: the comparison is not of constants
            assertThat(cosine.get(ITERATIONS - 1)[2]).as(name).isNotEqualTo(1e-3);
            named.add(cosine);
        }
        assertThat(named).as("both backends").hasSize(2);
        for (int t = 0; t < ITERATIONS; t++) {
            double[] a = named.get(0).get(t);
            double[] b = named.get(1).get(t);
            for (int i = 0; i < a.length; i++) {
                assertThat(a[i]).as("iteration " + (t + 1) + " entry " + i).isCloseTo(b[i], within(1e-9 * Math.max(1, Math.abs(b[i]))));
            }
        }
    }
}
