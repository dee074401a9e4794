package org.metalr.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.net.Layer;
import org.metalr.api.net.Network;
import org.metalr.data.volume.SlidingWindow;
import org.metalr.data.volume.TileShapes;
import org.metalr.data.volume.TiledPrediction;
import org.metalr.data.volume.Volume;

/**
 * How a run predicts whole volumes: the stitched probabilities of one volume from tiles forwarded in
 * batches ({@link TiledPrediction}). The metrics computed from them are {@link Evaluation}'s.
 *
 * <p><b>Tile.</b> Given ({@link EvalSettings#tile()}), every volume uses it. Otherwise each volume gets the
 * tile {@link TileShapes#choose} picks: sides multiples of 8 from the training crop up to the volume's side,
 * at most {@code memoryMiB / (bytesPerVoxel * batch)} voxels, the fewest voxels forwarded over the volume.
 * {@code bytesPerVoxel} is {@link TileMemory}'s estimate from the network's description and whether the
 * model {@linkplain Differentiable#unfoldsConvolutions() unfolds its convolutions} (about ten times the
 * memory for the 3D U-Net); a model without a description (the user's own) keeps the training crop. Because the U-Net of Models Genesis normalises with the
 * statistics of its input in evaluation too, a different tile gives slightly different probabilities
 * (see the README for how much on a real volume); with the crop as the tile, today's tiles, the
 * prediction is unchanged.
 *
 * <p><b>Batch.</b> {@link TrainConfig#evalBatchSize()} tiles per forward pass, except for a network whose
 * BatchNorm uses batch statistics in evaluation or a model without a description: there the tiles of a
 * batch would normalise each other, so they go one at a time and the result does not depend on the batch.
 *
 * <p>Holds no native memory; the model is the caller's.
 */
public final class VolumeInference {

    /** Tile sides are multiples of this: the 3D U-Net pools three times. */
    public static final int TILE_MULTIPLE = 8;

    private final SlidingWindow crop;
    private final EvalSettings settings;
    private final int batch;
    private final double bytesPerVoxel;
    private final String batchReason;
    private final boolean unfolded;

    private VolumeInference(SlidingWindow crop, EvalSettings settings, int batch, double bytesPerVoxel,
            String batchReason, boolean unfolded) {
        this.crop = crop;
        this.settings = settings;
        this.batch = batch;
        this.bytesPerVoxel = bytesPerVoxel;
        this.batchReason = batchReason;
        this.unfolded = unfolded;
    }

    /**
     * @param crop        the training crop's window, with the evaluation overlap
     * @param config      the run's settings: {@link TrainConfig#evaluation()}, the batch, the dtype
     * @param description the model's description, if it has one
     * @param unfolded    whether the model unfolds its convolutions ({@link Differentiable#unfoldsConvolutions()})
     */
    public static VolumeInference of(SlidingWindow crop, TrainConfig config, Optional<Network> description,
            boolean unfolded) {
        int elementBytes = config.dtype() == DType.FLOAT64 ? 8 : 4;
        double perVoxel = description.map(n -> TileMemory.bytesPerVoxel(n, elementBytes, unfolded)).orElse(Double.NaN);
        String reason;
        int batch;
        if (description.isEmpty()) {
            batch = 1;
            reason = "one tile at a time: a model without a description may normalise with its batch's statistics";
        } else if (usesBatchStatisticsInEval(description.get().body())) {
            batch = 1;
            reason = "one tile at a time: the network's BatchNorm uses batch statistics in evaluation";
        } else {
            batch = config.evalBatchSize();
            reason = "eval-batch-size";
        }
        return new VolumeInference(crop, config.evaluation(), batch, perVoxel, reason, unfolded);
    }

    /** The crop's tiles, one per forward pass: the prediction as it was before tiles were batched and sized. */
    public static VolumeInference tileByTile(SlidingWindow crop) {
        return new VolumeInference(crop, EvalSettings.defaults().withTile(java.util.List.of(crop.sizeX(), crop.sizeY(),
                crop.sizeZ())), 1, Double.NaN, "one tile at a time", true);
    }

    /** {@link TileMemory}'s estimate for one sample, bytes per tile voxel; NaN without a description. */
    public double estimatedBytesPerVoxel() {
        return bytesPerVoxel;
    }

    /** Tiles per forward pass. */
    public int batch() {
        return batch;
    }

    /** The tile of a volume of this shape: the given one, or the memory budget's choice. */
    public SlidingWindow window(int nx, int ny, int nz) {
        if (!settings.tile().isEmpty()) {
            return new SlidingWindow(settings.tile().get(0), settings.tile().get(1), settings.tile().get(2),
                    crop.overlap());
        }
        if (Double.isNaN(bytesPerVoxel)) {
            return crop;
        }
        int[] t = TileShapes.choose(new int[] {nx, ny, nz}, new int[] {crop.sizeX(), crop.sizeY(), crop.sizeZ()},
                TILE_MULTIPLE, crop.overlap(), maxTileVoxels());
        return new SlidingWindow(t[0], t[1], t[2], crop.overlap());
    }

    /** The most voxels a tile may have under the budget; unbounded without an estimate. */
    long maxTileVoxels() {
        if (Double.isNaN(bytesPerVoxel)) {
            return Long.MAX_VALUE;
        }
        return (long) (settings.memoryMiB() * 1048576.0 / (bytesPerVoxel * batch));
    }

    /**
     * The foreground probabilities of {@code image} (channel 0, file order), each in {@code [0, 1]}.
     *
     * @param listener told after each batch of tiles
     */
    public float[] predict(Differentiable model, Volume image, TiledPrediction.Listener listener) {
        SlidingWindow window = window(image.nx(), image.ny(), image.nz());
        Double skip = settings.skipAtOrBelow();
        TiledPrediction p = new TiledPrediction(window, batch, skip == null ? Double.NaN : skip);
        return p.predict(image, tile -> model.forward(tile, false), listener)[0];
    }

    /**
     * What {@code config.json} records under {@code evaluation}: the tile ({@code "auto"} with the budget,
     * the estimate and the cap, or the given one), overlap, the effective tile batch and why, the skip
     * threshold, and the cadence.
     */
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("evalEvery", settings.evalEvery());
        d.put("valCases", settings.valCases() == 0 ? "all" : settings.valCases());
        if (settings.tile().isEmpty()) {
            d.put("tile", Double.isNaN(bytesPerVoxel) ? "the training crop (no description to estimate memory from)"
                    : "auto: per volume, multiples of " + TILE_MULTIPLE + ", fewest voxels forwarded within the budget");
            d.put("memoryBudgetMiB", settings.memoryMiB());
            if (!Double.isNaN(bytesPerVoxel)) {
                d.put("estimatedBytesPerTileVoxel", Math.round(bytesPerVoxel));
                d.put("convolutions", unfolded ? "unfolded into column buffers (LibTorch's native kernels)"
                        : "direct (oneDNN)");
                d.put("maxTileVoxels", maxTileVoxels());
            }
        } else {
            d.put("tile", settings.tile());
        }
        d.put("minimumTile", java.util.List.of(crop.sizeX(), crop.sizeY(), crop.sizeZ()));
        d.put("overlap", crop.overlap());
        d.put("tileBatch", batch);
        d.put("tileBatchReason", batchReason);
        d.put("skipTilesAtOrBelow", settings.skipAtOrBelow() == null ? "off" : settings.skipAtOrBelow());
        return d;
    }

    private static boolean usesBatchStatisticsInEval(Layer layer) {
        if (layer instanceof Layer.BatchNorm b) {
            return b.batchStatisticsInEval();
        }
        if (layer instanceof Layer.Sequential s) {
            return s.layers().stream().anyMatch(VolumeInference::usesBatchStatisticsInEval);
        }
        if (layer instanceof Layer.Concat c) {
            return c.branches().stream().anyMatch(VolumeInference::usesBatchStatisticsInEval);
        }
        if (layer instanceof Layer.Residual r) {
            return usesBatchStatisticsInEval(r.body()) || (r.shortcut() != null && usesBatchStatisticsInEval(r.shortcut()));
        }
        return false;
    }
}
