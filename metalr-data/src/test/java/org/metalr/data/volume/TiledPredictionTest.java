package org.metalr.data.volume;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.metalr.api.HostTensor;

/**
 * Batched tile prediction against {@link SlidingWindow#predict}, the tile-by-tile path, with a stand-in
 * network whose output for a tile depends on the whole tile (so tiles mixed up within a batch would show),
 * and the skipping of tiles outside the body.
 */
class TiledPredictionTest {

    private static Volume volume(int nx, int ny, int nz) {
        float[] data = new float[nx * ny * nz];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) Math.abs(Math.sin(i * 0.37)) + i * 1e-4f;
        }
        return new Volume(nx, ny, nz, data);
    }

    /**
     * Per sample of {@code [B, 1, X, Y, Z]}: two channels, {@code x / 2 + mean / 4} and {@code x * x}, where
     * {@code mean} is the sample's mean: an output that depends on every voxel of its own tile only.
     */
    private static HostTensor net(HostTensor in) {
        long[] s = in.shape();
        int n = (int) s[0];
        int voxels = (int) (s[2] * s[3] * s[4]);
        float[] x = in.toFloatArray();
        float[] out = new float[n * 2 * voxels];
        for (int b = 0; b < n; b++) {
            float sum = 0;
            for (int v = 0; v < voxels; v++) {
                sum += x[b * voxels + v];
            }
            float mean = sum / voxels;
            for (int v = 0; v < voxels; v++) {
                float xv = x[b * voxels + v];
                out[(b * 2) * voxels + v] = xv / 2 + mean / 4;
                out[(b * 2 + 1) * voxels + v] = xv * xv;
            }
        }
        return HostTensor.of(out, n, 2, s[2], s[3], s[4]);
    }

    @ParameterizedTest(name = "batch {0}")
    @ValueSource(ints = {1, 3, 8, 100})
    void batchesGiveTheTileByTilePredictionExactly(int batch) {
        Volume image = volume(37, 29, 19);
        SlidingWindow window = new SlidingWindow(16, 16, 8, 0.25);
        Stitcher tileByTile = window.predict(image, tile -> net(HostTensor.of(tile.toFloatArray(), tile.shape())));
        List<Integer> batchSizes = new ArrayList<>();
        List<Integer> progress = new ArrayList<>();
        float[][] batched = new TiledPrediction(window, batch, Double.NaN).predict(image, t -> {
            batchSizes.add((int) t.shape()[0]);
            return net(t);
        }, (done, total) -> progress.add(done));
        int tiles = window.tiles(image).size();
        assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(tiles);
        assertThat(batchSizes).allSatisfy(b -> assertThat(b).isBetween(1, batch));
        assertThat(progress.get(progress.size() - 1)).isEqualTo(tiles);
        assertThat(batched).hasNumberOfRows(2);
        for (int c = 0; c < 2; c++) {
            assertThat(batched[c]).containsExactly(tileByTile.result(c).toArray());
        }
    }

    @Test
    void tilesAtOrBelowTheThresholdAreSkippedAndTheirVoxelsPredictedZero() {
        int nx = 40;
        int ny = 24;
        int nz = 16;
        float[] data = new float[nx * ny * nz];
        // body: x in [24, 40), everything else air at exactly 0
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 24; x < nx; x++) {
                    data[x + nx * (y + ny * z)] = 1 + x * 0.01f;
                }
            }
        }
        Volume image = new Volume(nx, ny, nz, data);
        SlidingWindow window = new SlidingWindow(16, 16, 8, 0.5);
        List<CropBox> all = window.tiles(image);
        List<CropBox> run = new ArrayList<>();
        for (CropBox b : all) {
            if (b.x() + 16 > 24) {
                run.add(b);
            }
        }
        assertThat(run).hasSizeBetween(1, all.size() - 1);
        UnaryOperator<HostTensor> ones = t -> {
            float[] x = t.toFloatArray();
            int voxels = 16 * 16 * 8;
            for (int b = 0; b < t.shape()[0]; b++) {
                float max = 0;
                for (int v = 0; v < voxels; v++) {
                    max = Math.max(max, x[b * voxels + v]);
                }
                assertThat(max).as("a forwarded tile holds body").isGreaterThan(0);
            }
            java.util.Arrays.fill(x, 0.75f);
            return HostTensor.of(x, t.shape());
        };
        float[] p = new TiledPrediction(window, 2, 0).predict(image, ones, (d, t) -> { })[0];
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    boolean covered = false;
                    for (CropBox b : run) {
                        covered |= b.contains(x, y, z);
                    }
                    assertThat(p[x + nx * (y + ny * z)]).as("(%d, %d, %d)", x, y, z).isEqualTo(covered ? 0.75f : 0f);
                }
            }
        }
    }

    @Test
    void withoutAThresholdEveryTileIsForwarded() {
        Volume air = new Volume(20, 20, 10, new float[4000]);
        int[] calls = {0};
        float[] p = new TiledPrediction(new SlidingWindow(16, 16, 8, 0.5), 1, Double.NaN).predict(air, t -> {
            calls[0]++;
            return net(t);
        }, (d, t) -> { })[0];
        assertThat(calls[0]).isEqualTo(new SlidingWindow(16, 16, 8, 0.5).tiles(air).size());
        assertThat(p).containsOnly(0f);
    }
}
