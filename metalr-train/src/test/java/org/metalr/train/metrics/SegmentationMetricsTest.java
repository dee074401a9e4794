package org.metalr.train.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.metalr.data.volume.Volume;
import org.metalr.runs.metrics.SegmentationMetrics;
import org.metalr.runs.metrics.Overlap;

class SegmentationMetricsTest {

    @Test
    void countsAndFiguresMatchHandComputation() {
        // voxel:      0    1    2    3    4    5    6    7
        float[] p = {0.9f, 0.5f, 0.2f, 0.7f, 0.1f, 0.6f, 0.0f, 0.49f};
        float[] m = {1, 1, 1, 0, 0, 0, 0, 1};
        // predicted (>= 0.5): 0 1 3 5 ; mask: 0 1 2 7  -> TP {0,1}, FP {3,5}, FN {2,7}
        SegmentationAccumulator acc = new SegmentationAccumulator();
        acc.addVolume("a", p, line(m));
        Overlap o = acc.result().volumes().get("a");
        assertThat(o).isEqualTo(new Overlap(8, 2, 2, 2));
        assertThat(o.dice()).isEqualTo(4.0 / 8);
        assertThat(o.ppv()).isEqualTo(2.0 / 4);
        assertThat(o.sensitivity()).isEqualTo(2.0 / 4);
    }

    @Test
    void theThresholdIsInclusiveAndConfigurable() {
        float[] p = {0.5f, 0.3f};
        float[] m = {1, 1};
        SegmentationAccumulator half = new SegmentationAccumulator();
        half.addVolume("v", p, line(m));
        assertThat(half.result().volumes().get("v")).isEqualTo(new Overlap(2, 1, 0, 1));
        SegmentationAccumulator low = new SegmentationAccumulator(0.3, SegmentationAccumulator.DEFAULT_TOLERANCE_MM);
        low.addVolume("v", p, line(m));
        assertThat(low.result().volumes().get("v")).isEqualTo(new Overlap(2, 2, 0, 0));
        assertThat(low.result().threshold()).isEqualTo(0.3);
    }

    @Test
    void emptyMasksAndPredictionsHaveDefinedFigures() {
        Overlap bothEmpty = new Overlap(10, 0, 0, 0);
        assertThat(new double[] {bothEmpty.dice(), bothEmpty.ppv(), bothEmpty.sensitivity()}).containsExactly(1, 1, 1);
        Overlap missed = new Overlap(10, 0, 0, 3);
        assertThat(new double[] {missed.dice(), missed.ppv(), missed.sensitivity()}).containsExactly(0, 0, 0);
        Overlap falseAlarm = new Overlap(10, 0, 4, 0);
        assertThat(new double[] {falseAlarm.dice(), falseAlarm.ppv(), falseAlarm.sensitivity()})
                .containsExactly(0, 0, 0);
    }

    @Test
    void globalPoolsVoxelsWhileMeansAverageVolumes() {
        SegmentationAccumulator acc = new SegmentationAccumulator();
        acc.addVolume("big", new float[] {1, 1, 1, 1, 0, 0}, line(new float[] {1, 1, 1, 1, 0, 0})); // perfect
        acc.addVolume("small", new float[] {1, 0}, line(new float[] {0, 1}));                       // all wrong
        SegmentationMetrics m = acc.result();
        assertThat(m.volumes().keySet()).containsExactly("big", "small");
        assertThat(m.meanDice()).isEqualTo(0.5);
        assertThat(m.global()).isEqualTo(new Overlap(8, 4, 1, 1));
        assertThat(m.global().dice()).isEqualTo(8.0 / 10);
        assertThat(m.meanPpv()).isEqualTo(0.5);
        assertThat(m.meanSensitivity()).isEqualTo(0.5);
    }

    @Test
    void surfaceFiguresAreInMillimetresOfTheMasksSpacing() {
        // a 3x3x3 cube in a 7x7x7 volume of 0.8 x 0.8 x 2.5 mm voxels, predicted one voxel off along z, then along x
        double[] spacing = {0.8, 0.8, 2.5};
        Volume truth = new Volume(7, 7, 7, cube(2, 2, 2), spacing);
        SegmentationAccumulator acc = new SegmentationAccumulator(0.5, 1.0);
        acc.addVolume("z", cube(2, 2, 3), truth);
        acc.addVolume("x", cube(3, 2, 2), truth);
        acc.addVolume("same", cube(2, 2, 2), truth);
        SegmentationMetrics m = acc.result();
        assertThat(m.surfaces().get("z").hd95()).isEqualTo(2.5);
        assertThat(m.surfaces().get("x").hd95()).isCloseTo(0.8, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(m.surfaces().get("same").hd95()).isZero();
        assertThat(m.surfaces().get("same").surfaceDice()).isEqualTo(1.0);
        // within 1 mm the x-shifted surfaces all meet; the z-shifted caps are 2.5 mm apart
        assertThat(m.surfaces().get("x").surfaceDice()).isEqualTo(1.0);
        assertThat(m.surfaces().get("z").surfaceDice()).isLessThan(1.0);
        assertThat(m.surfaceToleranceMm()).isEqualTo(1.0);
    }

    @Test
    void aMissedLesionHasAnInfiniteHd95AndNoSurfaceDice() {
        Volume truth = new Volume(7, 7, 7, cube(2, 2, 2), new double[] {1, 1, 1});
        SegmentationAccumulator acc = new SegmentationAccumulator();
        acc.addVolume("missed", new float[7 * 7 * 7], truth);
        acc.addVolume("both-empty", new float[7 * 7 * 7], new Volume(7, 7, 7, new float[7 * 7 * 7]));
        SegmentationMetrics m = acc.result();
        assertThat(m.surfaces().get("missed").hd95()).isInfinite().isPositive();
        assertThat(m.surfaces().get("missed").surfaceDice()).isZero();
        assertThat(m.surfaces().get("both-empty").hd95()).isNaN();
        assertThat(m.surfaces().get("both-empty").surfaceDice()).isNaN();
    }

    /** A 7x7x7 volume with a 3x3x3 cube of ones from (x, y, z). */
    private static float[] cube(int x0, int y0, int z0) {
        float[] v = new float[7 * 7 * 7];
        for (int z = z0; z < z0 + 3; z++) {
            for (int y = y0; y < y0 + 3; y++) {
                for (int x = x0; x < x0 + 3; x++) {
                    v[(z * 7 + y) * 7 + x] = 1;
                }
            }
        }
        return v;
    }

    @Test
    void badVolumesAreRejectedByName() {
        SegmentationAccumulator acc = new SegmentationAccumulator();
        acc.addVolume("v1", new float[] {0.5f}, line(new float[] {1}));
        assertThatThrownBy(() -> acc.addVolume("v1", new float[] {0.5f}, line(new float[] {1})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("volume 'v1' was already added");
        assertThatThrownBy(() -> acc.addVolume("v2", new float[] {0.5f, 0.1f}, line(new float[] {1})))
                .hasMessageContaining("volume 'v2': 2 probabilities but 1 mask voxels");
        assertThatThrownBy(() -> acc.addVolume("v3", new float[] {0.5f, 2.5f}, line(new float[] {1, 0})))
                .hasMessageContaining("volume 'v3': probability of voxel 1 is 2.5");
        assertThatThrownBy(() -> acc.addVolume("v4", new float[] {Float.NaN}, line(new float[] {1})))
                .hasMessageContaining("probability of voxel 0 is NaN");
        assertThatThrownBy(() -> acc.addVolume("v5", new float[] {0.1f}, line(new float[] {2})))
                .hasMessageContaining("volume 'v5': mask voxel 0 is 2.0; expected 0 or 1");
        // a volume without voxels cannot be made (Volume needs positive sizes): no probabilities for one voxel
        assertThatThrownBy(() -> acc.addVolume("v6", new float[0], line(new float[] {0})))
                .hasMessageContaining("volume 'v6': 0 probabilities but 1 mask voxels");
        assertThat(acc.size()).isEqualTo(1);
        assertThatThrownBy(() -> new SegmentationAccumulator(1.0, SegmentationAccumulator.DEFAULT_TOLERANCE_MM)).hasMessageContaining("threshold");
        assertThatThrownBy(() -> new SegmentationAccumulator().result()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new SegmentationMetrics(0.5, Map.of())).hasMessageContaining("no volumes");
        assertThatThrownBy(() -> new Overlap(2, 1, 1, 1)).hasMessageContaining("counts exceed the voxels");
    }

    /** A mask of {@code values.length} voxels in a row, unit spacing. */
    private static Volume line(float[] values) {
        return new Volume(values.length, 1, 1, values);
    }
}
