package org.metalr.stats.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.metalr.stats.Fixtures.assertAllClose;
import static org.metalr.stats.Fixtures.assertClose;
import static org.metalr.stats.Fixtures.ints;
import static org.metalr.stats.Fixtures.number;
import static org.metalr.stats.Fixtures.numbers;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.metalr.stats.Fixtures;

class SurfaceDistancesTest {

    /**
     * surface.json applies MONAI's definitions with NumPy/SciPy (edges by erosion over the whole grid,
     * distance_transform_edt with sampling, directed 95th percentiles): ellipsoids, noise, disjoint
     * boxes, masks on the grid's border, a single voxel, the whole grid, empty masks, a 2D mask; unit,
     * dyadic and CT-like spacings.
     */
    @Test
    void matchesTheNumpyReference() {
        int cases = 0;
        for (JsonNode c : Fixtures.load("surface.json").get("cases")) {
            String what = c.get("name").asText();
            int[] size = ints(c.get("size"));
            Mask prediction = mask(size, c.get("prediction"));
            Mask reference = mask(size, c.get("reference"));
            SurfaceDistances d = SurfaceDistances.between(prediction, reference, Spacing.of(numbers(c.get("spacing"))));

            assertAllClose(d.predictionToReference(), numbers(c.get("prediction_to_reference")), 1e-12, 0,
                    what + " prediction to reference");
            assertAllClose(d.referenceToPrediction(), numbers(c.get("reference_to_prediction")), 1e-12, 0,
                    what + " reference to prediction");
            assertClose(d.hd95(), number(c.get("hd95")), 1e-12, 0, what + " HD95");
            assertClose(d.hausdorff(1), number(c.get("hausdorff")), 1e-12, 0, what + " Hausdorff");
            double[] tolerances = numbers(c.get("tolerances"));
            double[] nsd = numbers(c.get("nsd"));
            for (int t = 0; t < tolerances.length; t++) {
                assertClose(d.surfaceDice(tolerances[t]), nsd[t], 1e-15, 0, what + " NSD at " + tolerances[t] + " mm");
            }
            cases++;
        }
        assertThat(cases).isGreaterThanOrEqualTo(15);
    }

    @Test
    void emptyMasksFollowMonaiConventions() {
        Mask empty = new Mask(4, 4, 4, new boolean[64]);
        boolean[] one = new boolean[64];
        one[21] = true;
        Mask voxel = new Mask(4, 4, 4, one);

        SurfaceDistances both = SurfaceDistances.between(empty, empty, Spacing.UNIT);
        assertThat(both.hd95()).isNaN();
        assertThat(both.surfaceDice(1)).isNaN();

        SurfaceDistances missed = SurfaceDistances.between(empty, voxel, Spacing.UNIT);
        assertThat(missed.hd95()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(missed.surfaceDice(1)).isZero();
        SurfaceDistances falseAlarm = SurfaceDistances.between(voxel, empty, Spacing.UNIT);
        assertThat(falseAlarm.hd95()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(falseAlarm.surfaceDice(1)).isZero();
        assertThat(falseAlarm.predictionToReference()).containsExactly(Double.POSITIVE_INFINITY);
        assertThat(falseAlarm.referenceToPrediction()).isEmpty();

        SurfaceDistances same = SurfaceDistances.between(voxel, voxel, Spacing.UNIT);
        assertThat(same.hd95()).isZero();
        assertThat(same.surfaceDice(0)).isEqualTo(1.0);
    }

    /** Two single voxels 3 apart along z with 2.5 mm slices: 7.5 mm, within a 7.5 mm tolerance, not 7.4. */
    @Test
    void spacingIsInMillimetres() {
        boolean[] a = new boolean[5 * 5 * 8];
        boolean[] b = new boolean[5 * 5 * 8];
        a[2 + 5 * (2 + 5 * 1)] = true;
        b[2 + 5 * (2 + 5 * 4)] = true;
        SurfaceDistances d = SurfaceDistances.between(new Mask(5, 5, 8, a), new Mask(5, 5, 8, b),
                new Spacing(0.8, 0.8, 2.5));
        assertThat(d.hd95()).isEqualTo(7.5);
        assertThat(d.surfaceDice(7.5)).isEqualTo(1.0);
        assertThat(d.surfaceDice(7.4)).isZero();
    }

    @Test
    void thresholdingFollowsTheTrainersRule() {
        Mask m = Mask.atLeast(3, 1, 1, new float[] {0.2f, 0.5f, 0.9f}, 0.5);
        assertThat(new boolean[] {m.get(0, 0, 0), m.get(1, 0, 0), m.get(2, 0, 0)}).containsExactly(false, true, true);
    }

    @Test
    void refusesMismatchedMasksAndBadTolerances() {
        Mask a = new Mask(2, 2, 2, new boolean[8]);
        Mask b = new Mask(2, 4, 1, new boolean[8]);
        assertThatThrownBy(() -> SurfaceDistances.between(a, b, Spacing.UNIT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ in shape");
        assertThatThrownBy(() -> SurfaceDistances.between(a, a, Spacing.UNIT).surfaceDice(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tolerance");
        assertThatThrownBy(() -> new Mask(2, 2, 2, new boolean[7]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 8 voxels");
    }

    private static Mask mask(int[] size, JsonNode indices) {
        boolean[] voxels = new boolean[size[0] * size[1] * size[2]];
        for (int i : ints(indices)) {
            voxels[i] = true;
        }
        return new Mask(size[0], size[1], size[2], voxels);
    }
}
