package org.metalr.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.HostTensor;
import org.metalr.api.net.Network;
import org.metalr.backends.Backends;
import org.metalr.data.volume.SlidingWindow;
import org.metalr.data.volume.TiledPrediction;
import org.metalr.data.volume.Volume;
import org.metalr.models.Initializers;
import org.metalr.models.UNet3D;

/**
 * The batched whole-volume path against the tile-by-tile one ({@link SlidingWindow#predict}, the path before
 * batching) with real U-Nets on both backends, float32 and float64: equal to float tolerance where the
 * tiles are the same.
 */
class VolumeInferenceParityTest {

    private static final SlidingWindow CROP = new SlidingWindow(16, 16, 8, 0.25);

    static Stream<Arguments> backendsAndTypes() {
        return Stream.of(Arguments.of("javacpp", DType.FLOAT32), Arguments.of("javacpp", DType.FLOAT64),
                Arguments.of("djl", DType.FLOAT32), Arguments.of("djl", DType.FLOAT64));
    }

    private static Volume volume() {
        int nx = 29;
        int ny = 21;
        int nz = 13;
        float[] data = new float[nx * ny * nz];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) Math.abs(Math.sin(i * 0.11)) * (i % 7 == 0 ? 0.2f : 1f);
        }
        return new Volume(nx, ny, nz, data);
    }

    private static float[] tileByTile(Differentiable m, Volume image) {
        return CROP.predict(image, t -> m.forward(t, false)).result(0).toArray();
    }

    private static double tolerance(DType dtype) {
        return dtype == DType.FLOAT32 ? 1e-5 : 1e-12;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("backendsAndTypes")
    void batchesOfTilesOfARunningStatisticsUNetGiveTheTileByTilePrediction(String backend, DType dtype) {
        Network net = UNet3D.network(1, 2, false);
        Map<String, HostTensor> state = Initializers.randomized(net, 11);
        try (Differentiable m = Backends.named(backend).create(net, state, dtype)) {
            Volume image = volume();
            float[] expected = tileByTile(m, image);
            for (int batch : new int[] {2, 5}) {
                TrainConfig config = TrainConfig.builder().dtype(dtype).evalBatchSize(batch)
                        .evaluation(EvalSettings.defaults().withTile(List.of(16, 16, 8))).build();
                VolumeInference inference = VolumeInference.of(CROP, config, Optional.of(net), m.unfoldsConvolutions());
                assertThat(inference.batch()).isEqualTo(batch);
                float[] actual = inference.predict(m, image, (d, t) -> { });
                assertThat(actual).hasSameSizeAs(expected);
                for (int i = 0; i < expected.length; i++) {
                    assertThat((double) actual[i]).as("voxel %d, batch %d", i, batch)
                            .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(tolerance(dtype)));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("backendsAndTypes")
    void aBatchStatisticsUNetIsPredictedOneTileAtATimeExactlyAsBefore(String backend, DType dtype) {
        Network net = UNet3D.network(1, 2);
        Map<String, HostTensor> state = Initializers.kaiming(net, 12);
        try (Differentiable m = Backends.named(backend).create(net, state, dtype)) {
            Volume image = volume();
            TrainConfig config = TrainConfig.builder().dtype(dtype).evalBatchSize(4)
                    .evaluation(EvalSettings.defaults().withTile(List.of(16, 16, 8))).build();
            VolumeInference inference = VolumeInference.of(CROP, config, Optional.of(net), m.unfoldsConvolutions());
            assertThat(inference.batch()).isEqualTo(1);
            assertThat(inference.predict(m, image, (d, t) -> { })).containsExactly(tileByTile(m, image));
            // batching such a network would change the prediction: the tiles of a batch share statistics
            float[] shared = new TiledPrediction(CROP, 4, Double.NaN).predict(image, t -> m.forward(t, false),
                    (d, t) -> { })[0];
            assertThat(shared).isNotEqualTo(tileByTile(m, image));
        }
    }

    @Test
    void theMemoryEstimateOfTheUNetFollowsItsWidestUnfoldedConvolution() {
        // 4 bytes * (6w * 27 column values + 2.625w skips + 2 * 8w operands) per voxel
        for (int w : new int[] {2, 8, 32}) {
            assertThat(TileMemory.bytesPerVoxel(UNet3D.network(1, w), 4, true)).isEqualTo(722.5 * w);
            assertThat(TileMemory.bytesPerVoxel(UNet3D.network(1, w), 8, true)).isEqualTo(1445.0 * w);
        }
    }

    @Test
    void convolvingDirectlyTheEstimateDropsTheColumnBuffer() {
        // 4 bytes * (2.625w skips + 2 * 8w operands) per voxel: oneDNN keeps no column buffer
        for (int w : new int[] {2, 8, 32}) {
            assertThat(TileMemory.bytesPerVoxel(UNet3D.network(1, w), 4, false)).isEqualTo(74.5 * w);
        }
        Network net = UNet3D.network(1, 8);
        SlidingWindow crop = new SlidingWindow(64, 64, 32, 0.25);
        TrainConfig config = TrainConfig.builder().evaluation(EvalSettings.defaults().withMemoryMiB(2048)).build();
        VolumeInference unfolded = VolumeInference.of(crop, config, Optional.of(net), true);
        VolumeInference direct = VolumeInference.of(crop, config, Optional.of(net), false);
        assertThat(direct.maxTileVoxels()).isEqualTo((long) (2048 * 1048576.0 / (74.5 * 8)));
        SlidingWindow a = unfolded.window(181, 217, 181);
        SlidingWindow b = direct.window(181, 217, 181);
        assertThat(b.tiles(181, 217, 181).size()).isLessThan(a.tiles(181, 217, 181).size());
        assertThat(direct.describe()).containsEntry("convolutions", "direct (oneDNN)");
        assertThat(unfolded.describe()).containsEntry("convolutions",
                "unfolded into column buffers (LibTorch's native kernels)");
    }

    @Test
    void theAutoTileGrowsWithTheBudgetAndNeverBelowTheCrop() {
        Network net = UNet3D.network(1, 8);
        SlidingWindow crop = new SlidingWindow(64, 64, 32, 0.25);
        VolumeInference small = VolumeInference.of(crop, TrainConfig.builder()
                .evaluation(EvalSettings.defaults().withMemoryMiB(100)).build(), Optional.of(net), true);
        assertThat(small.window(181, 217, 181).sizeX()).isEqualTo(64);
        VolumeInference big = VolumeInference.of(crop, TrainConfig.builder()
                .evaluation(EvalSettings.defaults().withMemoryMiB(8192)).build(), Optional.of(net), true);
        SlidingWindow w = big.window(181, 217, 181);
        assertThat((long) w.sizeX() * w.sizeY() * w.sizeZ()).isGreaterThan(64L * 64 * 32)
                .isLessThanOrEqualTo(big.maxTileVoxels());
        assertThat(big.maxTileVoxels()).isEqualTo((long) (8192 * 1048576.0 / (722.5 * 8)));
    }
}
