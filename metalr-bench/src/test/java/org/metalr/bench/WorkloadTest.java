package org.metalr.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.metalr.api.Batch;
import org.metalr.api.HostTensor;
import org.metalr.models.ResNet18;
import org.metalr.models.UNet3D;

class WorkloadTest {

    @Test
    void resnet18IsThePaperSetting() {
        Workload w = Workload.named(Workload.RESNET18, 0, 0);
        assertThat(w.batchSize()).isEqualTo(32);
        assertThat(w.sampleShape()).containsExactly(3, 64, 64);
        assertThat(w.network().groups()).extracting(g -> g.name()).containsExactlyElementsOf(ResNet18.GROUPS);
        assertThat(w.description()).isEqualTo("ResNet-18, 3 classes, 3x64x64, batch 32");
        Batch b = Workload.named(Workload.RESNET18, 4, 8).batch(1);
        assertThat(b.inputs().shape()).containsExactly(4, 3, 64, 64);
        assertThat(b.labels()).hasSize(4);
        assertThat(java.util.Arrays.stream(b.labels())).allMatch(l -> l >= 0 && l < 3);
    }

    @Test
    void unetStatesItsReducedWidthAndTrainsOnMasks() {
        Workload w = Workload.named(Workload.UNET3D, 0, 0);
        assertThat(w.batchSize()).isEqualTo(2);
        assertThat(w.description()).contains("width " + Workload.UNET3D_CPU_WIDTH, "reduced from " + UNet3D.DEFAULT_WIDTH,
                "1x64x64x32", "batch 2");
        Workload small = Workload.named(Workload.UNET3D, 1, 2);
        Batch b = small.batch(3);
        assertThat(b.isSegmentation()).isTrue();
        assertThat(b.inputs().shape()).containsExactly(1, 1, 64, 64, 32);
        assertThat(b.masks().shape()).containsExactly(1, 1, 64, 64, 32);
        double foreground = mean(b.masks());
        assertThat(foreground).isBetween(0.28, 0.32);
        assertThat(Workload.named(Workload.UNET3D, 0, UNet3D.DEFAULT_WIDTH).description()).doesNotContain("reduced");
    }

    @Test
    void batchesAreSeeded() {
        Workload w = Workload.named(Workload.SMALLCNN, 0, 0);
        assertThat(w.batch(5).inputs().toFloatArray()).isEqualTo(w.batch(5).inputs().toFloatArray());
        assertThat(w.batch(5).labels()).isEqualTo(w.batch(5).labels());
        assertThat(w.batch(5).inputs().toFloatArray()).isNotEqualTo(w.batch(6).inputs().toFloatArray());
    }

    @Test
    void initialStateCoversEveryTensorOfTheNetwork() {
        Workload w = Workload.named(Workload.UNET3D, 0, 2);
        assertThat(w.initialState()).hasSize(w.network().parameters().size() + w.network().buffers().size());
    }

    @Test
    void unknownWorkloadIsNamed() {
        assertThatThrownBy(() -> Workload.named("vit", 0, 0))
                .hasMessage("unknown workload 'vit'; known: resnet18, unet3d, smallcnn");
    }

    private static double mean(HostTensor t) {
        double sum = 0;
        for (double v : t.toDoubleArray()) {
            sum += v;
        }
        return sum / t.numel();
    }
}
