package org.metalr.stats.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.metalr.stats.Fixtures.assertClose;
import static org.metalr.stats.Fixtures.ints;
import static org.metalr.stats.Fixtures.numbers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.metalr.stats.Fixtures;

class DistanceTransformTest {

    /** scipy.ndimage.distance_transform_edt(~features, sampling) on random anisotropic grids, to 1e-12. */
    @Test
    void matchesScipy() {
        for (JsonNode c : Fixtures.load("surface.json").get("edt")) {
            int[] size = ints(c.get("size"));
            Spacing spacing = Spacing.of(numbers(c.get("spacing")));
            boolean[] features = new boolean[size[0] * size[1] * size[2]];
            for (int i : ints(c.get("features"))) {
                features[i] = true;
            }
            double[] squared = DistanceTransform.squared(features, size[0], size[1], size[2], spacing);
            double[] expected = numbers(c.get("distances"));
            for (int i = 0; i < expected.length; i++) {
                assertClose(Math.sqrt(squared[i]), expected[i], 1e-12, 0, spacing + " voxel " + i);
            }
        }
    }

    /** Against the definition (minimum over every feature) on random grids, some lines without features. */
    @Test
    void matchesBruteForce() {
        SplittableRandom random = new SplittableRandom(17);
        for (int trial = 0; trial < 30; trial++) {
            int nx = 1 + random.nextInt(12);
            int ny = 1 + random.nextInt(9);
            int nz = 1 + random.nextInt(7);
            Spacing spacing = new Spacing(0.3 + random.nextDouble() * 2, 0.3 + random.nextDouble() * 2,
                    0.3 + random.nextDouble() * 3);
            boolean[] features = new boolean[nx * ny * nz];
            double density = random.nextDouble() * 0.2;
            for (int i = 0; i < features.length; i++) {
                features[i] = random.nextDouble() < density;
            }
            features[random.nextInt(features.length)] = true;
            double[] squared = DistanceTransform.squared(features, nx, ny, nz, spacing);
            for (int z = 0; z < nz; z++) {
                for (int y = 0; y < ny; y++) {
                    for (int x = 0; x < nx; x++) {
                        double best = Double.POSITIVE_INFINITY;
                        for (int i = 0; i < features.length; i++) {
                            if (features[i]) {
                                double dx = (x - i % nx) * spacing.x();
                                double dy = (y - i / nx % ny) * spacing.y();
                                double dz = (z - i / (nx * ny)) * spacing.z();
                                best = Math.min(best, dx * dx + dy * dy + dz * dz);
                            }
                        }
                        assertClose(squared[x + nx * (y + ny * z)], best, 1e-12, spacing.z() * spacing.z(),
                                "trial " + trial + " at " + x + "," + y + "," + z);
                    }
                }
            }
        }
    }

    @Test
    void noFeatureLeavesEverythingInfinite() {
        double[] d = DistanceTransform.squared(new boolean[24], 2, 3, 4, Spacing.UNIT);
        assertThat(d).containsOnly(Double.POSITIVE_INFINITY);
    }

    @Test
    void refusesAMismatchedGrid() {
        assertThatThrownBy(() -> DistanceTransform.squared(new boolean[10], 2, 3, 2, Spacing.UNIT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2x3x2");
        assertThatThrownBy(() -> new Spacing(1, 0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("along y");
    }
}
