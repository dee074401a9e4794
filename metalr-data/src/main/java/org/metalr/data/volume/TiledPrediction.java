package org.metalr.data.volume;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.metalr.api.HostTensor;

/**
 * Predicts a whole volume from tiles forwarded in batches: the tiles of a {@link SlidingWindow} (padded
 * with 0 outside the volume), {@code batch} of them at a time as one {@code [B, 1, X, Y, Z]} float32 tensor
 * filled in place ({@link VolumeCrops#extractInto}), the outputs {@code [B, C, X, Y, Z]} stitched straight
 * from the output array ({@link Stitcher#add(CropBox, float[], int)}), averaged where tiles overlap.
 *
 * <p>With a network whose outputs for one sample do not depend on the other samples of its batch (BatchNorm
 * with running statistics), the result equals {@link SlidingWindow#predict}'s tile by tile to float
 * rounding. A network that normalises with its batch's statistics in evaluation (Models Genesis' U-Net)
 * sees the tiles of a batch together: give it batches of 1.
 *
 * <p>Optionally, tiles outside the body are skipped: a tile whose every voxel inside the volume is at or
 * below {@code skipAtOrBelow} (an intensity of the network's input, after windowing) is not forwarded. A
 * voxel covered by some forwarded tile gets the mean of those tiles only; a voxel covered by skipped tiles
 * only gets probability 0 in every channel. This changes the prediction wherever the network would have
 * predicted anything but 0 in such tiles, so it is off unless asked.
 *
 * <p>Immutable; one instance may predict many volumes. Memory: one input batch ({@code B * X * Y * Z}
 * floats) and one output batch at a time on the host, besides the stitched sums ({@code C} floats and one
 * count per voxel).
 */
public final class TiledPrediction {

    /** Follows one volume's tiles. */
    @FunctionalInterface
    public interface Listener {
        /** {@code done} of the volume's {@code total} tiles are stitched or skipped. */
        void tiles(int done, int total);
    }

    private final SlidingWindow window;
    private final int batch;
    private final float skipAtOrBelow;

    /**
     * @param window        the tiles
     * @param batch         tiles per forward pass, at least 1
     * @param skipAtOrBelow skip tiles whose every voxel is at or below this input intensity; NaN: skip none
     * @throws IllegalArgumentException if {@code batch} is below 1
     */
    public TiledPrediction(SlidingWindow window, int batch, double skipAtOrBelow) {
        if (batch < 1) {
            throw new IllegalArgumentException("tile batch must be at least 1, got " + batch);
        }
        this.window = window;
        this.batch = batch;
        this.skipAtOrBelow = (float) skipAtOrBelow;
    }

    public SlidingWindow window() {
        return window;
    }

    public int batch() {
        return batch;
    }

    /**
     * Predicts {@code image}.
     *
     * @param forward  the network, e.g. {@code t -> model.forward(t, false)}: {@code [B, 1, X, Y, Z]} to
     *                 {@code [B, C, X, Y, Z]}
     * @param listener told after each batch
     * @return the prediction, one array per channel in file order; 0 where only skipped tiles cover a voxel
     * @throws IllegalArgumentException when an output does not have the batch's shape
     */
    public float[][] predict(Volume image, UnaryOperator<HostTensor> forward, Listener listener) {
        List<CropBox> all = window.tiles(image);
        List<CropBox> run = new ArrayList<>(all.size());
        for (CropBox box : all) {
            if (Float.isNaN(skipAtOrBelow) || !allAtOrBelow(image, box, skipAtOrBelow)) {
                run.add(box);
            }
        }
        int skipped = all.size() - run.size();
        listener.tiles(skipped, all.size());
        int tileVoxels = window.sizeX() * window.sizeY() * window.sizeZ();
        Stitcher stitcher = null;
        int channels = 0;
        for (int first = 0; first < run.size(); first += batch) {
            int n = Math.min(batch, run.size() - first);
            float[] input = new float[Math.multiplyExact(n, tileVoxels)];
            for (int b = 0; b < n; b++) {
                VolumeCrops.extractInto(image, run.get(first + b), 0f, input, b * tileVoxels);
            }
            HostTensor out = forward.apply(HostTensor.of(input, n, 1, window.sizeX(), window.sizeY(), window.sizeZ()));
            long[] shape = out.shape();
            if (shape.length != 5 || shape[0] != n || shape[1] < 1 || shape[2] != window.sizeX()
                    || shape[3] != window.sizeY() || shape[4] != window.sizeZ()) {
                throw new IllegalArgumentException("a batch of tiles' prediction has shape " + Arrays.toString(shape)
                        + "; expected [" + n + ", C, " + window.sizeX() + ", " + window.sizeY() + ", "
                        + window.sizeZ() + "]");
            }
            if (stitcher == null) {
                channels = Math.toIntExact(shape[1]);
                stitcher = new Stitcher(image, channels);
            }
            float[] values = out.toFloatArray();
            for (int b = 0; b < n; b++) {
                stitcher.add(run.get(first + b), values, b * channels * tileVoxels);
            }
            listener.tiles(skipped + first + n, all.size());
        }
        if (stitcher == null) {
            // every tile skipped: nothing was forwarded, so the channel count is unknown; one channel of 0
            return new float[][] {new float[image.voxelCount()]};
        }
        float[][] result = new float[channels][];
        for (int c = 0; c < channels; c++) {
            result[c] = stitcher.average(c, skipped == 0 ? Float.NaN : 0f);
        }
        return result;
    }

    /** Whether every voxel of {@code box} inside the volume is at or below {@code threshold}. */
    static boolean allAtOrBelow(Volume image, CropBox box, float threshold) {
        float[] v = image.voxels();
        int x0 = Math.max(0, box.x());
        int x1 = Math.min(image.nx(), box.x() + box.sizeX());
        for (int z = Math.max(0, box.z()); z < Math.min(image.nz(), box.z() + box.sizeZ()); z++) {
            for (int y = Math.max(0, box.y()); y < Math.min(image.ny(), box.y() + box.sizeY()); y++) {
                int row = image.nx() * (y + image.ny() * z);
                for (int x = x0; x < x1; x++) {
                    if (!(v[row + x] <= threshold)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }
}
