package org.metalr.data.volume;

/**
 * Chooses the evaluation tile of one volume under a voxel cap: among tiles whose sides are multiples of
 * {@code multiple}, at least the training crop's and at most the volume's side rounded up to the multiple,
 * with at most {@code maxVoxels} voxels, the one the {@link SlidingWindow} at the given overlap covers the
 * volume with the fewest voxels forwarded in all (tiles times tile size: the forward pass costs about the
 * same per voxel whatever the tile); ties go to fewer tiles, then to the larger x, y, z. When even the crop
 * exceeds the cap, the crop. Pure arithmetic.
 */
public final class TileShapes {

    private TileShapes() {
    }

    /**
     * @param volume    the volume's shape {@code [nx, ny, nz]}
     * @param crop      the smallest tile, the training crop {@code [x, y, z]}
     * @param multiple  every side is a multiple of it (8 for the 3D U-Net's three poolings), and so is the crop
     * @param overlap   the sliding window's overlap
     * @param maxVoxels the cap on a tile's voxels
     * @return the tile {@code [x, y, z]}
     */
    public static int[] choose(int[] volume, int[] crop, int multiple, double overlap, long maxVoxels) {
        if (volume.length != 3 || crop.length != 3 || multiple < 1) {
            throw new IllegalArgumentException("three sides of the volume and the crop, and a positive multiple");
        }
        int[][] sides = new int[3][];
        long[][] counts = new long[3][];
        for (int a = 0; a < 3; a++) {
            int max = Math.max(crop[a], (volume[a] + multiple - 1) / multiple * multiple);
            int n = (max - crop[a]) / multiple + 1;
            sides[a] = new int[n];
            counts[a] = new long[n];
            for (int i = 0; i < n; i++) {
                sides[a][i] = crop[a] + i * multiple;
                counts[a][i] = SlidingWindow.startCount(volume[a], sides[a][i], overlap);
            }
        }
        int[] best = crop.clone();
        long bestCost = Long.MAX_VALUE;
        long bestTiles = Long.MAX_VALUE;
        for (int i = 0; i < sides[0].length; i++) {
            for (int j = 0; j < sides[1].length; j++) {
                long xy = (long) sides[0][i] * sides[1][j];
                for (int k = 0; k < sides[2].length; k++) {
                    long voxels = xy * sides[2][k];
                    if (voxels > maxVoxels) {
                        break;
                    }
                    long tiles = counts[0][i] * counts[1][j] * counts[2][k];
                    long cost = tiles * voxels;
                    if (cost < bestCost || (cost == bestCost && tiles <= bestTiles)) {
                        bestCost = cost;
                        bestTiles = tiles;
                        best = new int[] {sides[0][i], sides[1][j], sides[2][k]};
                    }
                }
            }
        }
        return best;
    }
}
