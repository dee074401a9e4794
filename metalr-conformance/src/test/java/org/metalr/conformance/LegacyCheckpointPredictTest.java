package org.metalr.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.HostTensor;
import org.metalr.api.net.Network;
import org.metalr.models.Initializers;
import org.metalr.models.ResNet18;
import org.metalr.models.Weights;
import org.metalr.models.checkpoint.KeyMapping;

/**
 * A torchvision ResNet-18 (base width 1) saved by {@code torch.save} in the legacy format of PyTorch
 * before 1.6 (plain, nested under {@code state_dict}, {@code module.}-prefixed, half precision) predicts
 * exactly what the same weights saved in the zip format predict: the same state tensor for tensor, and,
 * in evaluation mode as {@code metalr predict} runs it, logits equal bit for bit (so the same classes) on
 * both backends and in both element types.
 */
class LegacyCheckpointPredictTest {

    static final Network NETWORK = ResNet18.network(3, 3, 1);

    static Stream<Arguments> twins() {
        KeyMapping identity = KeyMapping.identity();
        return Stream.of(
                Arguments.of("resnet18_w1_legacy.pth", "resnet18_w1.pth", identity),
                Arguments.of("resnet18_w1_legacy_nested.pth", "resnet18_w1.pth", identity),
                Arguments.of("resnet18_w1_legacy_module.pth", "resnet18_w1.pth", identity.stripPrefix("module.")),
                Arguments.of("resnet18_w1_legacy_fp16.pth", "resnet18_w1_fp16.pth", identity));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("twins")
    void predictsWhatItsZipTwinPredicts(String legacyFile, String zipFile, KeyMapping mapping) throws Exception {
        Map<String, HostTensor> initial = Initializers.kaiming(NETWORK, 0);
        Weights.Loaded legacy = Weights.load(ModelFixtures.path(legacyFile), NETWORK, mapping, initial);
        Weights.Loaded zip = Weights.load(ModelFixtures.path(zipFile), NETWORK, KeyMapping.identity(), initial);
        assertThat(legacy.report().leftAtInitialisation()).isEmpty();
        assertThat(legacy.report().loaded()).hasSize(NETWORK.parameters().size() + NETWORK.buffers().size());
        zip.state().forEach((name, t) -> assertSameTensor(legacyFile + " " + name, legacy.state().get(name), t));

        HostTensor images = images(4, 3, 32, 32);
        for (String backend : new String[] {"djl", "javacpp"}) {
            for (DType dtype : DType.values()) {
                try (Differentiable a = Cases.backend(backend).create(NETWORK, legacy.state(), dtype);
                        Differentiable b = Cases.backend(backend).create(NETWORK, zip.state(), dtype)) {
                    HostTensor logits = a.forward(images, false);
                    assertSameTensor(backend + " " + dtype + " logits", logits, b.forward(images, false));
                    assertThat(spread(logits)).as("logits that tell classes apart").isGreaterThan(1e-3);
                }
            }
        }
    }

    /** Seeded standard-normal pixels, as normalised images would be. */
    private static HostTensor images(int n, int channels, int height, int width) {
        SplittableRandom random = new SplittableRandom(42);
        float[] x = new float[n * channels * height * width];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) gaussian(random);
        }
        return HostTensor.of(x, n, channels, height, width);
    }

    private static double gaussian(SplittableRandom random) {
        double u = random.nextDouble(Double.MIN_VALUE, 1.0);
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private static double spread(HostTensor logits) {
        double[] v = logits.toDoubleArray();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        return max - min;
    }

    /** Same kind, shape and bit-identical values. */
    private static void assertSameTensor(String what, HostTensor actual, HostTensor expected) {
        assertThat(actual).as(what).isNotNull();
        assertThat(actual.kind()).as(what + " kind").isEqualTo(expected.kind());
        assertThat(actual.shape()).as(what + " shape").containsExactly(expected.shape());
        if (expected.kind() == HostTensor.Kind.INT64) {
            assertThat(actual.toLongArray()).as(what).containsExactly(expected.toLongArray());
        } else {
            double[] a = actual.toDoubleArray();
            double[] e = expected.toDoubleArray();
            assertThat(a).as(what).hasSameSizeAs(e);
            for (int i = 0; i < e.length; i++) {
                assertThat(Double.doubleToRawLongBits(a[i])).as(what + "[" + i + "] = " + a[i] + ", expected " + e[i])
                        .isEqualTo(Double.doubleToRawLongBits(e[i]));
            }
        }
    }
}
