package org.metalr.javacpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.HostTensor;
import org.metalr.api.LrRule;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.StepReport;
import org.metalr.api.net.Network;
import org.metalr.core.MetaLrStep;

/**
 * A module built from LibTorch's own layers with a Java forward and the same architecture as
 * {@code net.Layer}s on this backend, loaded with the same weights, learn the same rates and end with
 * the same tensors after five MetaLR iterations (float64, 1e-9 relative). The module pools with
 * {@code adaptive_avg_pool2d}, the layer description with a mean: the tolerance leaves room for their
 * summation orders.
 */
class CppModuleEquivalenceTest {

    private static final double[] LRS = {1e-3, 2e-3, 1e-2};
    private static final int ITERATIONS = 5;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(LrRule.official(), OptimizerConfig.Adam.withWeightDecay(1e-4)),
                Arguments.of(LrRule.paper(1e-3), new OptimizerConfig.Sgd(0.9, 0.0, true, 5e-4)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cases")
    void moduleAndLayersLearnTheSameRatesAndWeights(LrRule rule, OptimizerConfig optimizer) {
        Network network = CppModuleFixtures.network();
        try (CppModuleFixtures.ConvNet net = CppModuleFixtures.net(DType.FLOAT64);
                Differentiable module = CppModuleFixtures.model(net, DType.FLOAT64, CppModuleFixtures.groups(), 11);
                Differentiable layers = CppFixtures.backend().create(network, CppModuleFixtures.weights(11), DType.FLOAT64);
                MetaLrStep moduleStep = new MetaLrStep(module, module.defaultGroups(), LRS, rule, optimizer);
                MetaLrStep layerStep = new MetaLrStep(layers, network.groups(), LRS, rule, optimizer)) {
            HostTensor x = CppFixtures.batch(70).inputs();
            assertClose(module.forward(x, false).toDoubleArray(), layers.forward(x, false).toDoubleArray(), "eval logits");
            for (int t = 1; t <= ITERATIONS; t++) {
                StepReport a = moduleStep.step(CppFixtures.batch(70 + t), CppFixtures.batch(80 + t), 1);
                StepReport b = layerStep.step(CppFixtures.batch(70 + t), CppFixtures.batch(80 + t), 1);
                assertClose(new double[] {a.trainLoss(), a.validationLoss()},
                        new double[] {b.trainLoss(), b.validationLoss()}, "losses of iteration " + t);
                assertClose(a.hypergradient(), b.hypergradient(), "hypergradient of iteration " + t);
                assertClose(a.learningRates(), b.learningRates(), "learning rates after iteration " + t);
            }
            Map<String, HostTensor> moduleState = module.state();
            Map<String, HostTensor> layerState = layers.state();
            assertThat(moduleState.keySet()).isEqualTo(layerState.keySet());
            moduleState.forEach((name, value) -> assertClose(value.toDoubleArray(),
                    layerState.get(name).toDoubleArray(), name));
        }
    }

    private static void assertClose(double[] actual, double[] expected, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            double scale = Math.max(Math.abs(actual[i]), Math.abs(expected[i]));
            assertThat(Math.abs(actual[i] - expected[i])).as("%s[%d]: %s vs %s", what, i, actual[i], expected[i])
                    .isLessThanOrEqualTo(1e-9 * scale + 1e-15);
        }
    }
}
