package org.metalr.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.HostTensor;
import org.metalr.api.LrRule;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.StepReport;
import org.metalr.core.MetaLrStep;

/**
 * One MetaLR iteration on every backend, checked against the passes it is made of, taken on a twin
 * model: the losses, the hypergradient (minus the per-group sums of the dot products, the paper's rule),
 * the SGD step with the updated rates, and the buffers as one training pass leaves them.
 */
class MetaLrIterationTest {

    @EveryBackend
    void oneIterationIsTwoPassesAndAnSgdStep(String backend) {
        Batch train = Cases.batch(1);
        Batch validation = Cases.batch(2);
        double[] lrs = {0.01, 0.02, 0.03, 0.1};
        LrRule rule = LrRule.paper(0.5);
        try (Differentiable m = Cases.model(backend, DType.FLOAT64, 4);
                Differentiable twin = Cases.model(backend, DType.FLOAT64, 4);
                MetaLrStep step = new MetaLrStep(m, m.defaultGroups(), lrs, rule, OptimizerConfig.Sgd.plain())) {
            Map<String, HostTensor> theta = twin.state();
            StepReport report = step.step(train, validation, 1);

            int n = twin.parameters().size();
            int[] group = {0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3};
            double[] coefficient = new double[n];
            for (int p = 0; p < n; p++) {
                coefficient[p] = -lrs[group[p]];
            }
            try (Gradients g = twin.gradients(train, Cases.all(twin, true));
                    Gradients h = twin.gradientsAt(validation, g, coefficient, Cases.all(twin, true))) {
                assertThat(report.trainLoss()).isEqualTo(g.loss());
                assertThat(report.validationLoss()).isEqualTo(h.loss());
                double[] dots = g.dotPerParameter(h);
                double[] hyper = new double[4];
                for (int p = 0; p < n; p++) {
                    hyper[group[p]] -= dots[p];
                }
                assertThat(Close.maxRelDiff(report.hypergradient(), hyper)).isLessThan(1e-12);
                Map<String, HostTensor> after = m.state();
                for (int p = 0; p < n; p++) {
                    String name = twin.parameters().get(p).name();
                    double lr = rule.next(lrs[group[p]], hyper[group[p]]);
                    double[] expected = theta.get(name).toDoubleArray();
                    double[] grad = g.get(p).toDoubleArray();
                    for (int i = 0; i < expected.length; i++) {
                        expected[i] -= lr * grad[i];
                    }
                    assertThat(Close.maxRelDiff(after.get(name).toDoubleArray(), expected)).as(name)
                            .isLessThan(1e-12);
                }
                // buffers as one training pass leaves them: the twin ran exactly one
                for (var b : twin.buffers()) {
                    assertThat(after.get(b.name()).toDoubleArray()).as(b.name())
                            .containsExactly(twin.state().get(b.name()).toDoubleArray());
                }
            }
        }
    }
}
