package org.metalr.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.metalr.conformance.Close.assertClose;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.HostTensor;
import org.metalr.api.net.Network;
import org.metalr.models.Initializers;
import org.metalr.models.ResNet18;
import org.metalr.models.Weights;
import org.metalr.models.checkpoint.KeyMapping;
import org.metalr.models.checkpoint.StateDictMismatchException;

/**
 * A torchvision ResNet-18 (base width 2) saved by {@code torch.save}, loaded through the checkpoint
 * reader and {@link Weights}, gives PyTorch's logits on both backends, in evaluation and training
 * mode: float32 within 1e-4 absolute, float64 within 1e-9 relative; and both backends agree.
 */
class PyTorchResNetParityTest {

    static final String CHECKPOINT = "resnet18_w2.pth";
    static final Network NETWORK = ResNet18.network(3, 3, 2);

    private static Map<String, HostTensor> expected;
    private static Weights.Loaded weights;

    @BeforeAll
    static void load() throws Exception {
        expected = ModelFixtures.expected("resnet18_w2_expected.pth");
        weights = Weights.load(ModelFixtures.path(CHECKPOINT), NETWORK, KeyMapping.identity(),
                Initializers.kaiming(NETWORK, 0));
    }

    @Test
    void everyTensorComesFromTheCheckpoint() {
        int tensors = NETWORK.parameters().size() + NETWORK.buffers().size();
        assertThat(weights.report().loaded()).hasSize(tensors);
        assertThat(weights.report().leftAtInitialisation()).isEmpty();
        assertThat(weights.report().ignored()).isEmpty();
        // torchvision's counters arrive as they were saved (the generator draws them at random)
        assertThat(weights.state().get("bn1.num_batches_tracked").kind()).isEqualTo(HostTensor.Kind.INT64);
    }

    static Object[][] backendsAndTypes() {
        return new Object[][] {
            {"djl", DType.FLOAT32}, {"djl", DType.FLOAT64}, {"javacpp", DType.FLOAT32}, {"javacpp", DType.FLOAT64}};
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("backendsAndTypes")
    void logitsMatchPyTorch(String backend, DType dtype) {
        HostTensor input = ModelFixtures.get(expected, "input");
        try (Differentiable model = Cases.backend(backend).create(NETWORK, weights.state(), dtype)) {
            for (boolean training : new boolean[] {false, true}) {
                String key = (training ? "train_" : "eval_") + suffix(dtype);
                assertPyTorch(model.forward(input, training), ModelFixtures.get(expected, key), dtype,
                        backend + " " + key);
            }
            assertThat(model.state().get("bn1.running_mean").toDoubleArray())
                    .as("forward passes leave the running statistics alone")
                    .containsExactly(weights.state().get("bn1.running_mean").toDoubleArray());
        }
    }

    @Test
    void bothBackendsGiveTheSameLogits() {
        HostTensor input = ModelFixtures.get(expected, "input");
        for (DType dtype : DType.values()) {
            try (Differentiable djl = Cases.backend("djl").create(NETWORK, weights.state(), dtype);
                    Differentiable cpp = Cases.backend("javacpp").create(NETWORK, weights.state(), dtype)) {
                for (boolean training : new boolean[] {false, true}) {
                    assertBackendsAgree(djl.forward(input, training), cpp.forward(input, training), dtype,
                            dtype + " training=" + training);
                }
            }
        }
    }

    @Test
    void aCheckpointOfAnotherWidthFailsNamingTheKeyAndBothShapes() {
        Network wider = ResNet18.network(3, 3, 4);
        assertThatThrownBy(() -> Weights.load(ModelFixtures.path(CHECKPOINT), wider, KeyMapping.identity(),
                Initializers.kaiming(wider, 0)))
                .isInstanceOf(StateDictMismatchException.class)
                .hasMessageContaining(CHECKPOINT)
                .hasMessageContaining("shape mismatch: conv1.weight: the model expects [4, 3, 7, 7], "
                        + "the checkpoint has [2, 3, 7, 7]")
                .satisfies(e -> {
                    StateDictMismatchException m = (StateDictMismatchException) e;
                    assertThat(m.key()).isEqualTo("conv1.weight");
                    assertThat(m.problems()).contains(
                            "shape mismatch: fc.weight: the model expects [3, 32], the checkpoint has [3, 16]");
                });
    }

    static String suffix(DType dtype) {
        return dtype == DType.FLOAT64 ? "float64" : "float32";
    }

    /** PyTorch's values: float32 within 1e-4 absolute, float64 within 1e-9 relative. */
    static void assertPyTorch(HostTensor actual, HostTensor expected, DType dtype, String what) {
        if (dtype == DType.FLOAT64) {
            assertClose(actual, expected, 1e-9, 1e-12, what);
        } else {
            assertClose(actual, expected, 0, 1e-4, what);
        }
    }

    /** The other backend's values, as the parity suite compares them. */
    static void assertBackendsAgree(HostTensor djl, HostTensor cpp, DType dtype, String what) {
        if (dtype == DType.FLOAT64) {
            assertClose(djl, cpp, 1e-9, 1e-13, "DJL vs JavaCPP " + what);
        } else {
            assertClose(djl, cpp, 1e-5, 1e-6, "DJL vs JavaCPP " + what);
        }
    }
}
