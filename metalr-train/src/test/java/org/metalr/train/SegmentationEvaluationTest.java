package org.metalr.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.HostTensor;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.ParamGroup;
import org.metalr.api.ParameterUpdater;
import org.metalr.api.TensorInfo;
import org.metalr.data.volume.LitsCase;
import org.metalr.data.volume.LitsLayout;
import org.metalr.data.volume.LitsLoader;
import org.metalr.data.volume.LitsVolumes;
import org.metalr.data.volume.NiftiReader;
import org.metalr.data.volume.SlidingWindow;
import org.metalr.runs.metrics.Overlap;
import org.metalr.runs.metrics.SegmentationMetrics;

/**
 * Whole-volume evaluation with stand-in networks whose answers are known: every voxel of every volume is
 * predicted and counted once, each tile goes through {@code forward(tile, false)} alone, and the figures
 * match counts made from the segmentation files directly.
 */
class SegmentationEvaluationTest {

    @TempDir
    static Path dir;

    static List<LitsCase> cases;
    /** Liver voxels (label >= 1) of each case, counted from its segmentation file. */
    static long[] liver;

    @BeforeAll
    static void writeCases() throws IOException {
        for (int id = 0; id < LitsFixtures.CASES; id++) {
            LitsFixtures.writeCase(dir, id);
        }
        cases = LitsLayout.scan(dir);
        liver = new long[cases.size()];
        for (int i = 0; i < cases.size(); i++) {
            for (float v : NiftiReader.read(cases.get(i).segmentation()).toArray()) {
                liver[i] += v >= 1 ? 1 : 0;
            }
        }
    }

    private static EvaluationSet.Volumes volumes(double overlap) {
        return new EvaluationSet.Volumes(new LitsVolumes(cases, LitsLoader.modelsGenesis()), new SlidingWindow(16, 16, 8, overlap));
    }

    @Test
    void aPerfectPredictionScoresOneOnEveryVolume() throws IOException {
        // thresholding the windowed CT at 0.55 is the fixture's liver exactly; overlapping tiles agree
        Evaluation e = Evaluation.of(new Stub(tile -> map(tile, v -> v > 0.55f ? 1f : 0f)), volumes(0.5), 1, EvaluationSettings.DEFAULTS, false);
        SegmentationMetrics m = e.metrics().segmentation();
        assertThat(m.volumes().keySet()).containsExactly("volume-0", "volume-1", "volume-2", "volume-3", "volume-4");
        int i = 0;
        for (Overlap o : m.volumes().values()) {
            assertThat(o).isEqualTo(new Overlap(LitsFixtures.NX * LitsFixtures.NY * LitsFixtures.NZ, liver[i++], 0, 0));
        }
        assertThat(m.meanDice()).isEqualTo(1.0);
        assertThat(m.meanPpv()).isEqualTo(1.0);
        assertThat(m.meanSensitivity()).isEqualTo(1.0);
        assertThat(m.global().dice()).isEqualTo(1.0);
        assertThat(e.metrics().headline()).isEqualTo(1.0);
        assertThat(m.meanHd95()).isZero();
        assertThat(m.meanSurfaceDice()).isEqualTo(1.0);
        // the surface figures measure in the NIfTI header's voxel size (float32 there), which reaches the evaluation
        assertThat(volumes(0).volumes().load(0).mask().spacing()).containsExactly(0.8f, 0.8f, 2.5);
    }

    @Test
    void everyVoxelIsPredictedAndCountedOnce() throws IOException {
        List<long[]> shapes = new ArrayList<>();
        Evaluation e = Evaluation.of(new Stub(tile -> {
            shapes.add(tile.shape());
            return map(tile, v -> 1f);
        }), volumes(0), 1, EvaluationSettings.DEFAULTS, false);
        // 24x24x16 in 16x16x8 tiles without overlap: starts 0 and 8 on every axis, one tile per forward
        assertThat(shapes).hasSize(8 * cases.size()).allSatisfy(s -> assertThat(s).containsExactly(1, 1, 16, 16, 8));
        SegmentationMetrics m = e.metrics().segmentation();
        long voxels = LitsFixtures.NX * LitsFixtures.NY * LitsFixtures.NZ;
        double lossSum = 0;
        double diceSum = 0;
        int i = 0;
        for (Overlap o : m.volumes().values()) {
            long l = liver[i++];
            assertThat(o).isEqualTo(new Overlap(voxels, l, voxels - l, 0));
            diceSum += 2.0 * l / (2.0 * l + voxels - l);
            lossSum += 1 - (2.0 * l + 1) / (voxels + l + 1);
        }
        assertThat(m.meanDice()).isCloseTo(diceSum / cases.size(), within(1e-12));
        assertThat(m.meanSensitivity()).isEqualTo(1.0);
        assertThat(m.global().voxels()).isEqualTo(voxels * cases.size());
        assertThat(e.loss()).isCloseTo(lossSum / cases.size(), within(1e-9));
    }

    private static HostTensor map(HostTensor tile, UnaryOperator<Float> f) {
        float[] x = tile.toFloatArray();
        for (int i = 0; i < x.length; i++) {
            x[i] = f.apply(x[i]);
        }
        return HostTensor.of(x, tile.shape());
    }

    /** A model that only predicts, in evaluation mode, with the given function. */
    private static final class Stub implements Differentiable {
        private final UnaryOperator<HostTensor> f;

        Stub(UnaryOperator<HostTensor> f) {
            this.f = f;
        }

        @Override
        public HostTensor forward(HostTensor inputs, boolean training) {
            assertThat(training).as("evaluation mode").isFalse();
            return f.apply(inputs);
        }

        @Override
        public DType dtype() {
            return DType.FLOAT32;
        }

        @Override
        public List<TensorInfo> parameters() {
            return List.of();
        }

        @Override
        public List<TensorInfo> buffers() {
            return List.of();
        }

        @Override
        public List<ParamGroup> defaultGroups() {
            return List.of();
        }

        @Override
        public Gradients gradients(Batch batch, boolean[] trainable) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Gradients gradientsAt(Batch batch, Gradients direction, double[] coefficient, boolean[] trainable) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ParameterUpdater newUpdater(OptimizerConfig config) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, HostTensor> state() {
            return Map.of();
        }

        @Override
        public void loadState(Map<String, HostTensor> state) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {}
    }
}
