package org.metalr.data.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.metalr.api.HostTensor;

class SlidingWindowTest {

    private static Volume ramp(int nx, int ny, int nz) {
        float[] data = new float[nx * ny * nz];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) Math.sin(i * 0.37) * 100 + i * 0.01f;
        }
        return new Volume(nx, ny, nz, data, new double[] {0.8, 0.9, 3});
    }

    @ParameterizedTest(name = "{0}x{1}x{2} overlap {3}")
    @CsvSource({"130,64,70,0.5", "64,64,32,0.5", "150,100,33,0.25", "40,100,20,0", "129,65,31,0.75"})
    void tilesCoverEveryVoxelAndStitchingTheIdentityGivesTheVolumeBack(int nx, int ny, int nz, double overlap) {
        Volume volume = ramp(nx, ny, nz);
        SlidingWindow window = SlidingWindow.modelsGenesis(overlap);
        List<CropBox> tiles = window.tiles(volume);
        int[] cover = new int[volume.voxelCount()];
        int uncovered = cover.length;
        Stitcher stitcher = new Stitcher(volume, 1);
        for (CropBox t : tiles) {
            assertThat(t.sizeX()).isEqualTo(64);
            assertThat(t.sizeZ()).isEqualTo(32);
            for (int z = Math.max(0, t.z()); z < Math.min(nz, t.z() + 32); z++) {
                for (int y = Math.max(0, t.y()); y < Math.min(ny, t.y() + 64); y++) {
                    for (int x = Math.max(0, t.x()); x < Math.min(nx, t.x() + 64); x++) {
                        if (cover[volume.index(x, y, z)]++ == 0) {
                            uncovered--;
                        }
                    }
                }
            }
            HostTensor tile = VolumeCrops.tensor(volume, t);
            assertThat(tile.shape()).containsExactly(1, 64, 64, 32);
            stitcher.add(t, tile); // the identity "prediction"
        }
        assertThat(uncovered).isZero();
        assertThat(stitcher.uncovered()).isZero();
        Volume back = stitcher.result(0);
        assertThat(back.shape()).containsExactly(nx, ny, nz);
        assertThat(back.spacing()).containsExactly(volume.spacing());
        // Averaging k equal floats may differ from the value in the last bit.
        float[] expected = volume.toArray();
        float[] actual = back.toArray();
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / (Math.abs(expected[i]) + 1e-6));
        }
        assertThat(worst).isLessThan(1e-6);
    }

    @Test
    void tileStartsStepBySizeTimesOneMinusOverlapAndEndAtTheBorder() {
        SlidingWindow w = SlidingWindow.modelsGenesis(0.5);
        assertThat(w.starts(130, 64)).containsExactly(0, 32, 64, 66);
        assertThat(w.starts(64, 64)).containsExactly(0);
        assertThat(w.starts(20, 32)).containsExactly(0);
        assertThat(SlidingWindow.modelsGenesis(0).starts(128, 64)).containsExactly(0, 64);
        assertThat(w.tiles(130, 64, 70)).hasSize(4 * 1 * 4);
    }

    @Test
    void averagesOverlapsPerChannel() {
        Volume volume = new Volume(3, 1, 1, new float[3]);
        Stitcher s = new Stitcher(volume, 2);
        // Two 2x1x1 tiles overlapping at x = 1; channel 1 is ten times channel 0.
        s.add(new CropBox(0, 0, 0, 2, 1, 1), new float[] {1, 3, 10, 30});
        s.add(new CropBox(1, 0, 0, 2, 1, 1), HostTensor.of(new float[] {5, 7, 50, 70}, 1, 2, 2, 1, 1));
        assertThat(s.result(0).toArray()).containsExactly(1f, 4f, 7f);
        assertThat(s.result(1).toArray()).containsExactly(10f, 40f, 70f);
    }

    @Test
    void rejectsMisfitPredictionsAndReportsGaps() {
        Volume volume = new Volume(4, 4, 4, new float[64]);
        Stitcher s = new Stitcher(volume, 1);
        CropBox box = new CropBox(0, 0, 0, 2, 2, 2);
        assertThatThrownBy(() -> s.add(box, HostTensor.of(new float[16], 2, 2, 2, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit tile");
        s.add(box, new float[8]);
        assertThat(s.uncovered()).isEqualTo(56);
        assertThatThrownBy(() -> s.result(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("(2, 0, 0) is covered by no tile");
        assertThatThrownBy(() -> new SlidingWindow(64, 64, 32, 1.0)).hasMessageContaining("overlap");
    }

    @ParameterizedTest(name = "{0}x{1}x{2}")
    @CsvSource({"24,24,16", "24,20,13", "10,40,5"})
    void predictionRunsEveryTileAloneThroughTheNetworkAndCoversEveryVoxel(int nx, int ny, int nz) {
        Volume volume = ramp(nx, ny, nz);
        SlidingWindow window = new SlidingWindow(16, 16, 8, 0.25);
        List<CropBox> tiles = window.tiles(volume);
        int[] calls = {0};
        // The "network": two channels, the tile itself and a constant 1.
        Stitcher s = window.predict(volume, tile -> {
            assertThat(tile.shape()).containsExactly(1, 1, 16, 16, 8);
            float[] in = tile.toFloatArray();
            float[] out = new float[2 * in.length];
            System.arraycopy(in, 0, out, 0, in.length);
            java.util.Arrays.fill(out, in.length, out.length, 1f);
            calls[0]++;
            return HostTensor.of(out, 1, 2, 16, 16, 8);
        });
        assertThat(calls[0]).isEqualTo(tiles.size());
        assertThat(s.uncovered()).isZero();
        assertThat(s.result(1).toArray()).containsOnly(1f);
        float[] expected = volume.toArray();
        float[] actual = s.result(0).toArray();
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).isCloseTo(expected[i], org.assertj.core.api.Assertions.within(1e-6 * (Math.abs(expected[i]) + 1)));
        }
    }

    @Test
    void aPredictionOfTheWrongShapeIsRejected() {
        SlidingWindow window = new SlidingWindow(16, 16, 8, 0);
        Volume volume = ramp(16, 16, 8);
        assertThatThrownBy(() -> window.predict(volume, tile -> HostTensor.of(new float[16 * 16 * 8], 16, 16, 8)))
                .hasMessageContaining("a tile's prediction has shape [16, 16, 8]");
        assertThatThrownBy(() -> window.predict(volume, tile -> HostTensor.of(new float[16 * 16 * 4], 1, 1, 16, 16, 4)))
                .hasMessageContaining("does not fit tile");
    }
}
