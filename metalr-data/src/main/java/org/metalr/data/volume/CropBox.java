package org.metalr.data.volume;

/**
 * A box of voxels to cut from a volume: its corner and size along x, y, z. The box may reach outside the
 * volume (a volume smaller than the crop); voxels outside are padded.
 */
public record CropBox(int x, int y, int z, int sizeX, int sizeY, int sizeZ) {

    /** @throws IllegalArgumentException when a size is not positive */
    public CropBox {
        if (sizeX < 1 || sizeY < 1 || sizeZ < 1) {
            throw new IllegalArgumentException("crop sizes must be positive: " + sizeX + "x" + sizeY + "x" + sizeZ);
        }
    }

    /** Number of voxels in the box. */
    public int voxelCount() {
        return sizeX * sizeY * sizeZ;
    }

    /** Whether {@code (px, py, pz)} lies in the box. */
    public boolean contains(int px, int py, int pz) {
        return px >= x && px < x + sizeX && py >= y && py < y + sizeY && pz >= z && pz < z + sizeZ;
    }
}
