package org.metalr.conformance;

import static org.metalr.conformance.Close.assertClose;

import java.util.ArrayList;
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
import org.metalr.api.OptimizerConfig;
import org.metalr.core.PlainStep;

/**
 * Each backend's SGD and Adam follow torch.optim exactly: three steps with per-group learning rates
 * against {@link ReferenceOptimizer}, float64, the gradients taken from the same backend at the same
 * parameters.
 */
class OptimizerSemanticsTest {

    private static final double[] LRS = {1e-3, 3e-3, 1e-2, 3e-2};

    static Stream<Arguments> cases() {
        List<OptimizerConfig> configs = List.of(
                OptimizerConfig.Sgd.plain(),
                new OptimizerConfig.Sgd(0.9, 0.0, false, 0.0),
                new OptimizerConfig.Sgd(0.9, 0.3, false, 1e-2),
                new OptimizerConfig.Sgd(0.8, 0.0, true, 5e-4),
                OptimizerConfig.Adam.withWeightDecay(0.0),
                new OptimizerConfig.Adam(0.8, 0.99, 1e-6, 1e-2));
        return Cases.backends().flatMap(b -> configs.stream().map(c -> Arguments.of(b, c)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void threeStepsFollowTorchOptim(String backend, OptimizerConfig config) {
        try (Differentiable model = Cases.model(backend, DType.FLOAT64);
                Differentiable probe = Cases.model(backend, DType.FLOAT64);
                PlainStep step = new PlainStep(model, Cases.NETWORK.groups(), LRS, config)) {
            GroupLayout layout = GroupLayout.resolve(Cases.NETWORK.groups(), model.parameters());
            List<ReferenceOptimizer> reference = new ArrayList<>();
            for (int p = 0; p < model.parameters().size(); p++) {
                reference.add(new ReferenceOptimizer(config));
            }
            for (int t = 1; t <= 3; t++) {
                Map<String, HostTensor> before = model.state();
                probe.loadState(before);
                List<double[]> grads = new ArrayList<>();
                try (Gradients g = probe.gradients(Cases.trainBatch(t), layout.trainableMask())) {
                    for (int p = 0; p < model.parameters().size(); p++) {
                        grads.add(g.get(p).toDoubleArray());
                    }
                }
                step.step(Cases.trainBatch(t));
                Map<String, HostTensor> after = model.state();
                for (int p = 0; p < model.parameters().size(); p++) {
                    String name = model.parameters().get(p).name();
                    double[] expected = before.get(name).toDoubleArray();
                    reference.get(p).step(expected, grads.get(p), LRS[layout.groupOf(p)]);
                    assertClose(after.get(name).toDoubleArray(), expected, 1e-11, 1e-15,
                            config + " step " + t + " " + name);
                }
            }
        }
    }
}
