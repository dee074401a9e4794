package org.metalr.data.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.api.HostTensor;
import org.metalr.data.SeededRandom;

class CropSamplerTest {

    @TempDir
    static Path root;

    static List<LitsCase> cases;
    static LitsLoader loader;

    @BeforeAll
    static void writeCases() throws IOException {
        LitsFixture.writeCase(root, 0, 96, 80, 40, ".nii");
        LitsFixture.writeCase(root, 1, 70, 66, 34, ".nii.gz");
        cases = LitsLayout.scan(root);
        loader = LitsLoader.modelsGenesis();
    }

    /** Value of an {@code [1, X, Y, Z]} crop at (x, y, z). */
    private static float at(float[] crop, CropSampler s, int x, int y, int z) {
        return crop[(x * s.sizeY() + y) * s.sizeZ() + z];
    }

    private static float max(float[] values) {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    @Test
    void cropsAreChannelXYZWithZFastestAndMatchTheVolume() throws IOException {
        LitsVolume v = loader.load(cases.get(0));
        CropSampler sampler = new CropSampler(64, 64, 32, 0.5, 0);
        for (long seed = 0; seed < 8; seed++) {
            VolumeSample s = sampler.sample(v, new SplittableRandom(seed));
            assertThat(s.image().shape()).containsExactly(1, 64, 64, 32);
            assertThat(s.label().shape()).containsExactly(1, 64, 64, 32);
            assertThat(s.image().kind()).isEqualTo(HostTensor.Kind.FLOAT32);
            assertThat(s.flips()).isEqualTo(Flips.NONE);
            CropBox b = s.box();
            assertThat(b.x()).isBetween(0, 96 - 64);
            assertThat(b.z()).isBetween(0, 40 - 32);
            float[] image = s.image().toFloatArray();
            float[] label = s.label().toFloatArray();
            for (int[] p : new int[][] {{0, 0, 0}, {63, 63, 31}, {1, 2, 3}, {40, 7, 30}, {63, 0, 31}}) {
                int x = b.x() + p[0];
                int y = b.y() + p[1];
                int z = b.z() + p[2];
                assertThat(at(image, sampler, p[0], p[1], p[2])).isEqualTo(v.image().get(x, y, z));
                assertThat(at(label, sampler, p[0], p[1], p[2])).isEqualTo(v.isForeground(x, y, z) ? 1f : 0f);
            }
        }
    }

    @Test
    void flipsMirrorImageAndLabelTogether() throws IOException {
        LitsVolume v = loader.load(cases.get(0));
        // One box inside across the liver's edge, one hanging over three borders (padding flips too).
        for (CropBox box : new CropBox[] {new CropBox(30, 30, 12, 16, 12, 8), new CropBox(-4, 74, 36, 16, 12, 8)}) {
            float[] plain = VolumeCrops.extract(v.image(), box, Flips.NONE, 0f);
            float[] plainLabel = VolumeCrops.extractMask(v.mask(), v.image(), box, Flips.NONE);
            int mismatches = 0;
            for (int mask = 0; mask < 8; mask++) {
                Flips flips = new Flips((mask & 1) != 0, (mask & 2) != 0, (mask & 4) != 0);
                float[] flipped = VolumeCrops.extract(v.image(), box, flips, 0f);
                float[] flippedLabel = VolumeCrops.extractMask(v.mask(), v.image(), box, flips);
                for (int x = 0; x < 16; x++) {
                    for (int y = 0; y < 12; y++) {
                        for (int z = 0; z < 8; z++) {
                            int src = (x * 12 + y) * 8 + z;
                            int dst = ((flips.x() ? 15 - x : x) * 12 + (flips.y() ? 11 - y : y)) * 8
                                    + (flips.z() ? 7 - z : z);
                            mismatches += flipped[dst] == plain[src] && flippedLabel[dst] == plainLabel[src] ? 0 : 1;
                        }
                    }
                }
            }
            assertThat(mismatches).as(box.toString()).isZero();
        }
        float[] edge = VolumeCrops.extractMask(v.mask(), v.image(), new CropBox(30, 30, 12, 16, 12, 8), Flips.NONE);
        assertThat(edge).contains(1f).contains(0f);
        float[] over = VolumeCrops.extract(v.image(), new CropBox(-4, 74, 36, 16, 12, 8), Flips.NONE, -1f);
        assertThat(over[0]).isEqualTo(-1f); // x = -4: padding
        assertThat(over[(4 * 12) * 8]).isEqualTo(v.image().get(0, 74, 36));
        assertThat(over[((4 * 12) + 6) * 8]).isEqualTo(-1f); // y = 80: padding
        assertThat(over[(4 * 12) * 8 + 4]).isEqualTo(-1f); // z = 40: padding
    }

    @Test
    void foregroundShareIsHonoured() throws IOException {
        LitsVolume v = loader.load(cases.get(1));
        for (double share : new double[] {0, 0.3, 1}) {
            // Small crops: the share does not depend on the crop size.
            CropSampler sampler = new CropSampler(24, 24, 12, share, 0.5);
            SplittableRandom rng = new SplittableRandom(7);
            int centred = 0;
            int n = 300;
            for (int i = 0; i < n; i++) {
                VolumeSample s = sampler.sample(v, rng);
                if (s.foregroundCentred()) {
                    centred++;
                    // A centred crop always holds liver.
                    assertThat(max(s.label().toFloatArray())).isEqualTo(1f);
                }
            }
            assertThat((double) centred / n).as("share " + share).isCloseTo(share, within(0.08));
        }
    }

    @Test
    void caseWithoutForegroundFallsBackToUniformCrops() {
        Volume image = new Volume(70, 70, 40, new float[70 * 70 * 40]);
        LitsVolume empty = new LitsVolume(cases.get(0), image, new byte[image.voxelCount()]);
        VolumeSample s = CropSampler.modelsGenesis(1).sample(empty, new SplittableRandom(1));
        assertThat(s.foregroundCentred()).isFalse();
        assertThat(max(s.label().toFloatArray())).isZero();
    }

    @Test
    void volumeSmallerThanTheCropIsCentredAndPadded() {
        float[] data = new float[10 * 70 * 20];
        java.util.Arrays.fill(data, 0.5f);
        Volume image = new Volume(10, 70, 20, data);
        byte[] mask = new byte[data.length];
        mask[image.index(5, 35, 10)] = 1;
        LitsVolume small = new LitsVolume(cases.get(0), image, mask);
        CropSampler sampler = new CropSampler(16, 64, 32, 1, 0);
        VolumeSample s = sampler.sample(small, new SplittableRandom(3));
        assertThat(s.box().x()).isEqualTo(-3);
        assertThat(s.box().z()).isEqualTo(-6);
        float[] crop = s.image().toFloatArray();
        assertThat(at(crop, sampler, 0, 0, 0)).isZero(); // padding
        assertThat(at(crop, sampler, 3, 0, 6)).isEqualTo(0.5f); // first real voxel
        assertThat(at(crop, sampler, 12, 0, 25)).isEqualTo(0.5f); // last real voxel along x and z
        assertThat(at(crop, sampler, 13, 0, 25)).isZero();
        assertThat(at(crop, sampler, 12, 0, 26)).isZero();
        assertThat(max(s.label().toFloatArray())).isEqualTo(1f);
    }

    @Test
    void sourceIsDeterministicPerGeneratorAndIndexWhateverTheThreads() throws Exception {
        LitsCropSource a = new LitsCropSource(cases, loader, CropSampler.modelsGenesis(0.5), 12);
        LitsCropSource b = new LitsCropSource(cases, LitsLoader.modelsGenesis(), CropSampler.modelsGenesis(0.5), 12);

        int n = a.size();
        assertThat(n).isEqualTo(24);
        List<VolumeSample> serial = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            serial.add(a.sample(i, SeededRandom.derive(123, i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<VolumeSample>> parallel = new ArrayList<>();
            for (int i = n - 1; i >= 0; i--) { // reverse order, several threads
                int index = i;
                parallel.add(pool.submit(() -> b.sample(index, SeededRandom.derive(123, index))));
            }
            for (int i = 0; i < n; i++) {
                VolumeSample x = serial.get(i);
                VolumeSample y = parallel.get(n - 1 - i).get();
                assertThat(y.caseId()).isEqualTo(cases.get(i % 2).id());
                assertThat(y.box()).isEqualTo(x.box());
                assertThat(y.flips()).isEqualTo(x.flips());
                assertThat(y.image().toFloatArray()).isEqualTo(x.image().toFloatArray());
                assertThat(y.label().toFloatArray()).isEqualTo(x.label().toFloatArray());
            }
        } finally {
            pool.shutdownNow();
        }
        int differing = 0;
        for (int i = 0; i < n; i++) {
            differing += a.sample(i, SeededRandom.derive(124, i)).box().equals(serial.get(i).box()) ? 0 : 1;
        }
        assertThat(differing).isGreaterThan(n / 2);
    }

    @Test
    void rejectsBadSettings() {
        assertThatThrownBy(() -> new CropSampler(64, 64, 32, 1.5, 0)).hasMessageContaining("foreground share");
        assertThatThrownBy(() -> new CropSampler(64, 0, 32, 0.5, 0)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new CropSampler(64, 64, 32, 0.5, -1)).hasMessageContaining("flip probability");
        assertThatThrownBy(() -> new LitsCropSource(List.of(), loader, CropSampler.modelsGenesis(0), 1))
                .hasMessageContaining("no cases");
        assertThatThrownBy(() -> new LitsCropSource(cases, loader, CropSampler.modelsGenesis(0), 0))
                .hasMessageContaining("crops per case must be at least 1");
    }
}
