package org.metalr.data.volume;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.metalr.api.HostTensor;

/**
 * Tiles a whole volume for evaluation: boxes of a fixed size stepping by {@code size * (1 - overlap)}
 * along each axis, the last one moved back to end at the border, so every voxel is covered and tiles
 * overlap at least by the given fraction. Along an axis shorter than the tile, a single tile starts at 0 and
 * is padded. Cut tiles with {@link VolumeCrops#tensor} and put the predictions together with
 * {@link Stitcher}.
 */
public final class SlidingWindow {

    private final int sizeX;
    private final int sizeY;
    private final int sizeZ;
    private final double overlap;

    /**
     * @param overlap the fraction of a tile shared with its neighbour, in {@code [0, 1)}
     * @throws IllegalArgumentException when a size is not positive or the overlap is outside {@code [0, 1)}
     */
    public SlidingWindow(int sizeX, int sizeY, int sizeZ, double overlap) {
        new CropBox(0, 0, 0, sizeX, sizeY, sizeZ); // validates the sizes
        if (!(overlap >= 0 && overlap < 1)) {
            throw new IllegalArgumentException("overlap must be in [0, 1): " + overlap);
        }
        this.sizeX = sizeX;
        this.sizeY = sizeY;
        this.sizeZ = sizeZ;
        this.overlap = overlap;
    }

    /** 64x64x32 tiles, as Models Genesis' crops, with the given overlap. */
    public static SlidingWindow modelsGenesis(double overlap) {
        return new SlidingWindow(64, 64, 32, overlap);
    }

    /** The tiles covering a volume of this shape, x varying fastest. */
    public List<CropBox> tiles(int nx, int ny, int nz) {
        int[] xs = starts(nx, sizeX);
        int[] ys = starts(ny, sizeY);
        int[] zs = starts(nz, sizeZ);
        List<CropBox> tiles = new ArrayList<>(xs.length * ys.length * zs.length);
        for (int z : zs) {
            for (int y : ys) {
                for (int x : xs) {
                    tiles.add(new CropBox(x, y, z, sizeX, sizeY, sizeZ));
                }
            }
        }
        return tiles;
    }

    /** The tiles covering {@code volume}. */
    public List<CropBox> tiles(Volume volume) {
        return tiles(volume.nx(), volume.ny(), volume.nz());
    }

    /**
     * Predicts a whole volume tile by tile: each tile of {@code image} (padded with 0 outside the volume)
     * goes through {@code forward} alone as a {@code [1, 1, X, Y, Z]} float32 tensor, and the outputs,
     * {@code [1, C, X, Y, Z]}, are averaged where tiles overlap. One tile per call keeps a prediction
     * independent of how many tiles would fit a batch (the 3D U-Net's BatchNorm normalises with the
     * statistics of its batch). Costs one {@code forward} per tile.
     *
     * @param forward the network, e.g. {@code t -> model.forward(t, false)}
     * @return the stitched prediction: {@link Stitcher#result(int)} gives each channel in file order
     * @throws IllegalArgumentException when an output does not have the tile's shape
     */
    public Stitcher predict(Volume image, UnaryOperator<HostTensor> forward) {
        Stitcher stitcher = null;
        for (CropBox box : tiles(image)) {
            HostTensor tile = HostTensor.of(VolumeCrops.extract(image, box, Flips.NONE, 0f), 1, 1, sizeX, sizeY, sizeZ);
            HostTensor out = forward.apply(tile);
            long[] shape = out.shape();
            if (shape.length != 5 || shape[0] != 1 || shape[1] < 1) {
                throw new IllegalArgumentException("a tile's prediction has shape " + Arrays.toString(shape)
                        + "; expected [1, C, " + sizeX + ", " + sizeY + ", " + sizeZ + "]");
            }
            if (stitcher == null) {
                stitcher = new Stitcher(image, Math.toIntExact(shape[1]));
            }
            stitcher.add(box, out);
        }
        return stitcher;
    }

    public int sizeX() {
        return sizeX;
    }

    public int sizeY() {
        return sizeY;
    }

    public int sizeZ() {
        return sizeZ;
    }

    public double overlap() {
        return overlap;
    }

    /** Number of tiles of side {@code size} along an axis of length {@code n} at {@code overlap}. */
    static int startCount(int n, int size, double overlap) {
        if (n <= size) {
            return 1;
        }
        int step = Math.max(1, (int) Math.floor(size * (1 - overlap)));
        return (n - size + step - 1) / step + 1;
    }

    /** Tile starts along one axis of length {@code n}. */
    int[] starts(int n, int size) {
        if (n <= size) {
            return new int[] {0};
        }
        int step = Math.max(1, (int) Math.floor(size * (1 - overlap)));
        int count = startCount(n, size, overlap);
        int[] starts = new int[count];
        for (int i = 0; i < count; i++) {
            starts[i] = Math.min(i * step, n - size);
        }
        return starts;
    }
}
