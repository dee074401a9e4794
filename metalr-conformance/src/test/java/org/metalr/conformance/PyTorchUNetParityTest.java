package org.metalr.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.metalr.conformance.Close.assertClose;
import static org.metalr.conformance.PyTorchResNetParityTest.assertBackendsAgree;
import static org.metalr.conformance.PyTorchResNetParityTest.assertPyTorch;
import static org.metalr.conformance.PyTorchResNetParityTest.suffix;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.HostTensor;
import org.metalr.api.TensorInfo;
import org.metalr.api.net.Network;
import org.metalr.models.Initializers;
import org.metalr.models.UNet3D;
import org.metalr.models.Weights;

/**
 * Models Genesis' 3D U-Net (base width 2) written in PyTorch from its description and saved as their
 * checkpoints are ({@code state_dict} inside a dict, {@code module.} prefixes), loaded through the
 * checkpoint reader and {@link Weights} with {@link UNet3D#CHECKPOINT_MAPPING}: both backends give
 * PyTorch's probabilities in evaluation and training mode (with Models Genesis' batch-statistics
 * BatchNorm, and with the usual running statistics), PyTorch's Dice loss and its gradient, and the same
 * numbers as each other.
 */
class PyTorchUNetParityTest {

    static final String CHECKPOINT = "unet3d_w2.pt";
    static final Network NETWORK = UNet3D.network(1, 2);
    static final Network RUNNING_STATS = UNet3D.network(1, 2, false);

    private static Map<String, HostTensor> expected;
    private static Weights.Loaded weights;

    @BeforeAll
    static void load() throws Exception {
        expected = ModelFixtures.expected("unet3d_w2_expected.pth");
        weights = Weights.load(ModelFixtures.path(CHECKPOINT), NETWORK, UNet3D.CHECKPOINT_MAPPING,
                Initializers.torchDefault(NETWORK, 0));
    }

    @Test
    void everyTensorComesFromTheCheckpointUnderItsPrefixedKey() {
        int tensors = NETWORK.parameters().size() + NETWORK.buffers().size();
        assertThat(weights.report().loaded()).hasSize(tensors);
        assertThat(weights.report().renamed()).hasSize(tensors)
                .containsEntry("up_tr256.up_conv.weight", "module.up_tr256.up_conv.weight");
        assertThat(weights.report().leftAtInitialisation()).isEmpty();
        assertThat(weights.report().ignored()).isEmpty();
    }

    static Object[][] backendsAndTypes() {
        return PyTorchResNetParityTest.backendsAndTypes();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("backendsAndTypes")
    void probabilitiesMatchPyTorchWithBatchStatisticsInBothModes(String backend, DType dtype) {
        HostTensor input = ModelFixtures.get(expected, "input");
        try (Differentiable model = Cases.backend(backend).create(NETWORK, weights.state(), dtype)) {
            for (boolean training : new boolean[] {false, true}) {
                String key = (training ? "train_" : "eval_") + suffix(dtype);
                assertPyTorch(model.forward(input, training), ModelFixtures.get(expected, key), dtype,
                        backend + " " + key);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("backendsAndTypes")
    void withoutTheOptionEvaluationUsesTheRunningStatistics(String backend, DType dtype) {
        HostTensor input = ModelFixtures.get(expected, "input");
        try (Differentiable model = Cases.backend(backend).create(RUNNING_STATS, weights.state(), dtype)) {
            String key = "eval_running_" + suffix(dtype);
            assertPyTorch(model.forward(input, false), ModelFixtures.get(expected, key), dtype, backend + " " + key);
            assertPyTorch(model.forward(input, true), ModelFixtures.get(expected, "train_" + suffix(dtype)), dtype,
                    backend + " training mode without the option");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("backendsAndTypes")
    void diceLossAndItsGradientMatchPyTorch(String backend, DType dtype) {
        Batch batch = Batch.segmentation(ModelFixtures.get(expected, "input"), ModelFixtures.get(expected, "masks"));
        try (Differentiable model = Cases.backend(backend).create(NETWORK, weights.state(), dtype)) {
            List<TensorInfo> params = model.parameters();
            boolean[] all = new boolean[params.size()];
            Arrays.fill(all, true);
            try (Gradients g = model.gradients(batch, all)) {
                double want = ModelFixtures.get(expected, "dice_" + suffix(dtype)).toDoubleArray()[0];
                if (dtype == DType.FLOAT64) {
                    assertClose(g.loss(), want, 1e-9, 1e-12, backend + " dice loss");
                    for (int p = 0; p < params.size(); p++) {
                        HostTensor grad = expected.get("grad." + params.get(p).name());
                        if (grad != null) {
                            double scale = Arrays.stream(grad.toDoubleArray()).map(Math::abs).max().orElse(0);
                            assertClose(g.get(p), grad, 1e-9, 1e-9 * scale, backend + " gradient of "
                                    + params.get(p).name());
                        }
                    }
                } else {
                    assertClose(g.loss(), want, 0, 1e-5, backend + " float32 dice loss");
                }
            }
        }
        assertThat(expected.keySet().stream().filter(k -> k.startsWith("grad."))).hasSize(3);
    }

    @Test
    void bothBackendsGiveTheSameProbabilities() {
        HostTensor input = ModelFixtures.get(expected, "input");
        for (Network network : List.of(NETWORK, RUNNING_STATS)) {
            for (DType dtype : DType.values()) {
                try (Differentiable djl = Cases.backend("djl").create(network, weights.state(), dtype);
                        Differentiable cpp = Cases.backend("javacpp").create(network, weights.state(), dtype)) {
                    for (boolean training : new boolean[] {false, true}) {
                        assertBackendsAgree(djl.forward(input, training), cpp.forward(input, training), dtype,
                                dtype + " training=" + training);
                    }
                }
            }
        }
    }
}
