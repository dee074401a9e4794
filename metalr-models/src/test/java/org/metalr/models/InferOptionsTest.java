package org.metalr.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.metalr.api.HostTensor;
import org.metalr.api.net.Network;

/** Each family reads back, from a state dict's shapes alone, the options its network was built with. */
class InferOptionsTest {

    @Test
    void everyFamilyReadsItsOptionsBackFromTheShapes() {
        for (ModelFamily family : ModelFamilies.registry().all()) {
            for (int width : new int[] {4, 6}) {
                Network net = family.network(new ModelFamily.Options(5, 1, width));
                ModelFamily.Inferred inferred = family.inferOptions(shapesOf(net));
                assertThat(inferred.width()).as(family.name()).isEqualTo(width);
                assertThat(inferred.classes()).as(family.name()).isEqualTo(5);
                assertThat(inferred.inChannels()).as(family.name()).isEqualTo(family.segmentation() ? null : 1);
            }
        }
    }

    @Test
    void aHeadlessOrForeignStateDictTellsOnlyWhatItHolds() {
        ModelFamily resnet = ModelFamilies.registry().named("resnet18");
        Map<String, HostTensor> state = new LinkedHashMap<>(shapesOf(ResNet18.network(10, 3, 16)));
        state.remove("fc.weight");
        assertThat(resnet.inferOptions(state)).isEqualTo(new ModelFamily.Inferred(null, 3, 16));
        assertThat(resnet.inferOptions(Map.of("conv1.weight", HostTensor.of(new float[6], 6)))).isEqualTo(
                ModelFamily.Inferred.NOTHING);
        assertThat(ModelFamilies.registry().named("unet3d").inferOptions(state)).isEqualTo(ModelFamily.Inferred.NOTHING);
    }

    /** Zero tensors of the network's parameter shapes. */
    private static Map<String, HostTensor> shapesOf(Network net) {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        net.parameters().forEach(t -> {
            long n = 1;
            for (long d : t.shape()) {
                n *= d;
            }
            out.put(t.name(), HostTensor.of(new float[(int) n], t.shape()));
        });
        return out;
    }
}
