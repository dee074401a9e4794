package org.metalr.data.volume;

import java.util.Arrays;
import org.metalr.api.HostTensor;

/**
 * Puts tile predictions back into a whole volume, averaging where tiles overlap. A prediction is laid out
 * like the tiles ({@code [C, X, Y, Z]}, z fastest, optionally with a leading batch dimension of 1); parts of a
 * tile outside the volume (padding) are dropped. Thread-safe.
 */
public final class Stitcher {

    private final int nx;
    private final int ny;
    private final int nz;
    private final double[] spacing;
    private final int channels;
    private final float[] sums;
    private final int[] counts;

    /**
     * @param like     the volume being predicted: gives the shape and spacing of the result
     * @param channels number of channels per voxel in the predictions
     */
    public Stitcher(Volume like, int channels) {
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be positive: " + channels);
        }
        this.nx = like.nx();
        this.ny = like.ny();
        this.nz = like.nz();
        this.spacing = like.spacing();
        this.channels = channels;
        this.sums = new float[Math.multiplyExact(channels, like.voxelCount())];
        this.counts = new int[like.voxelCount()];
    }

    /**
     * Adds the prediction for one tile.
     *
     * @throws IllegalArgumentException when the shape is not {@code [C, X, Y, Z]} or {@code [1, C, X, Y, Z]}
     *         for this tile and channel count
     */
    public void add(CropBox box, HostTensor prediction) {
        long[] s = prediction.shape();
        long[] expected = {channels, box.sizeX(), box.sizeY(), box.sizeZ()};
        long[] tail = s.length == 5 && s[0] == 1 ? Arrays.copyOfRange(s, 1, 5) : s;
        if (!Arrays.equals(tail, expected)) {
            throw new IllegalArgumentException("prediction " + Arrays.toString(s) + " does not fit tile " + box
                    + " with " + channels + " channel(s)");
        }
        add(box, prediction.toFloatArray(), 0);
    }

    /** Adds a prediction given as a {@code [C, X, Y, Z]} array (z fastest). */
    public void add(CropBox box, float[] prediction) {
        if (prediction.length != channels * box.voxelCount()) {
            throw new IllegalArgumentException("prediction has " + prediction.length + " values, tile " + box
                    + " with " + channels + " channel(s) needs " + channels * box.voxelCount());
        }
        add(box, prediction, 0);
    }

    /**
     * Adds the prediction for one tile found in {@code values} from {@code offset}, laid out as
     * {@code [C, X, Y, Z]}: one tile of a batch's output, read in place.
     *
     * @throws IndexOutOfBoundsException if the tile's {@code C * X * Y * Z} values do not fit from {@code offset}
     */
    public synchronized void add(CropBox box, float[] values, int offset) {
        int tileVoxels = box.voxelCount();
        if (offset < 0 || offset > values.length - channels * tileVoxels) {
            throw new IndexOutOfBoundsException("tile " + box + " with " + channels + " channel(s) at " + offset
                    + " does not fit " + values.length + " values");
        }
        int volumeVoxels = counts.length;
        for (int ox = 0; ox < box.sizeX(); ox++) {
            int x = box.x() + ox;
            if (x < 0 || x >= nx) {
                continue;
            }
            for (int oy = 0; oy < box.sizeY(); oy++) {
                int y = box.y() + oy;
                if (y < 0 || y >= ny) {
                    continue;
                }
                int in = (ox * box.sizeY() + oy) * box.sizeZ();
                for (int oz = 0; oz < box.sizeZ(); oz++) {
                    int z = box.z() + oz;
                    if (z < 0 || z >= nz) {
                        continue;
                    }
                    int v = x + nx * (y + ny * z);
                    counts[v]++;
                    for (int c = 0; c < channels; c++) {
                        sums[c * volumeVoxels + v] += values[offset + c * tileVoxels + in + oz];
                    }
                }
            }
        }
    }

    /** Number of voxels no tile has covered yet. */
    public synchronized int uncovered() {
        int n = 0;
        for (int c : counts) {
            if (c == 0) {
                n++;
            }
        }
        return n;
    }

    /**
     * The averaged prediction of one channel, in file order.
     *
     * @throws IllegalStateException when some voxel was not covered by any tile
     */
    public synchronized Volume result(int channel) {
        return result(channel, Float.NaN);
    }

    /**
     * The averaged prediction of one channel, in file order, with {@code uncovered} where no tile was added
     * (NaN: refuse such voxels, as {@link #result(int)}).
     *
     * @throws IllegalStateException when {@code uncovered} is NaN and some voxel was not covered by any tile
     */
    public synchronized Volume result(int channel, float uncovered) {
        return new Volume(nx, ny, nz, average(channel, uncovered), spacing);
    }

    /** {@link #result(int, float)}'s values as a new array, in file order, without wrapping them in a volume. */
    public synchronized float[] average(int channel, float uncovered) {
        if (channel < 0 || channel >= channels) {
            throw new IndexOutOfBoundsException("channel " + channel + " of " + channels);
        }
        float[] out = new float[counts.length];
        int offset = channel * counts.length;
        for (int v = 0; v < out.length; v++) {
            if (counts[v] == 0) {
                if (Float.isNaN(uncovered)) {
                    throw new IllegalStateException("voxel (" + v % nx + ", " + (v / nx) % ny + ", " + v / (nx * ny)
                            + ") is covered by no tile");
                }
                out[v] = uncovered;
            } else {
                out[v] = sums[offset + v] / counts[v];
            }
        }
        return out;
    }
}
