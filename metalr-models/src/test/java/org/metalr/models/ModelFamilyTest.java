package org.metalr.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.metalr.api.HostTensor;
import org.metalr.api.UserInputException;
import org.metalr.api.net.Network;
import org.metalr.models.checkpoint.KeyMapping;

/** The model families the registry finds, and what each says of its networks. */
class ModelFamilyTest {

    private static ModelFamily family(String name) {
        return ModelFamilies.registry().named(name);
    }

    @Test
    void theBuiltInFamiliesAreRegisteredUnderTheNamesTheCommandUses() {
        assertThat(ModelFamilies.registry().names()).containsExactly("resnet18", "small-cnn", "unet3d");
        assertThatThrownBy(() -> ModelFamilies.registry().named("vgg16")).isInstanceOf(UserInputException.class)
                .hasMessage("unknown model 'vgg16'; expected one of resnet18, small-cnn, unet3d");
        for (ModelFamily f : ModelFamilies.registry().all()) {
            Network net = f.network(new ModelFamily.Options(3, 1, 2));
            assertThat(net.name()).as("the network names its family").isEqualTo(f.name());
            assertThat(f.summary()).isNotBlank();
        }
    }

    @Test
    void optionsBuildTheSameNetworksAsTheFactories() {
        assertThat(family("resnet18").network(new ModelFamily.Options(5, 1, 8)))
                .isEqualTo(ResNet18.network(5, 1, 8));
        assertThat(family("small-cnn").network(new ModelFamily.Options(3, 3, 4))).isEqualTo(SmallCnn.network(3, 4, 3));
        // the U-Net reads one channel whatever the options say
        assertThat(family("unet3d").network(new ModelFamily.Options(2, 3, 4))).isEqualTo(UNet3D.network(2, 4));
        assertThat(family("resnet18").defaultWidth()).isEqualTo(64);
        assertThat(family("small-cnn").defaultWidth()).isEqualTo(8);
        assertThat(family("unet3d").defaultWidth()).isEqualTo(32);
        assertThatThrownBy(() -> new ModelFamily.Options(0, 3, 8)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theUNetSegmentsAndReadsItsDepthTwiceTheSequentialModelsOnce() {
        assertThat(family("unet3d").segmentation()).isTrue();
        assertThat(family("resnet18").segmentation()).isFalse();
        assertThat(family("small-cnn").segmentation()).isFalse();
        Network unet = UNet3D.network(1, 2);
        assertThat(family("unet3d").depthReadings(unet)).containsExactly(UNet3D.I1, UNet3D.I2);
        Network cnn = SmallCnn.network(3, 4, 3);
        assertThat(family("small-cnn").depthReadings(cnn)).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("I1");
            assertThat(r.levels()).containsExactly(List.of("stem"), List.of("block1"), List.of("block2"), List.of("fc"));
        });
        assertThat(family("resnet18").depthReadings(ResNet18.network(3)).get(0).depth()).isEqualTo(10);
    }

    @Test
    void initialWeightsAreTheReferenceCodesInitialisation() {
        Network unet = UNet3D.network(1, 2);
        assertSame(family("unet3d").initialState(unet, 7), Initializers.torchDefault(unet, 7));
        Network resnet = ResNet18.network(3, 3, 4);
        assertSame(family("resnet18").initialState(resnet, 7), Initializers.kaiming(resnet, 7));
        Network cnn = SmallCnn.network(3, 4, 3);
        assertSame(family("small-cnn").initialState(cnn, 7), Initializers.kaiming(cnn, 7));
    }

    @Test
    void onlyTheUNetAdvisesAKeyMapping() {
        assertThat(family("unet3d").checkpointMapping()).isSameAs(UNet3D.CHECKPOINT_MAPPING);
        assertThat(family("resnet18").checkpointMapping()).isSameAs(KeyMapping.identity());
    }

    private static void assertSame(Map<String, HostTensor> actual, Map<String, HostTensor> expected) {
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((k, v) -> {
            if (v.kind() == HostTensor.Kind.INT64) {
                assertThat(actual.get(k).toLongArray()).as(k).containsExactly(v.toLongArray());
            } else {
                assertThat(actual.get(k).toDoubleArray()).as(k).containsExactly(v.toDoubleArray());
            }
        });
    }
}
