package org.metalr.stats.segmentation;

import java.util.Objects;

/**
 * A 3D binary mask in NIfTI file order, as {@code org.metalr.data.volume.Volume}: x varies fastest,
 * then y, then z, so voxel {@code (x, y, z)} is at {@code x + nx * (y + ny * z)}. A 2D mask is a mask
 * with {@code nz = 1}.
 *
 * <p>The constructor does not copy the array (a CT volume's mask is millions of voxels); callers must
 * not modify it afterwards.
 */
public final class Mask {

    private final int nx;
    private final int ny;
    private final int nz;
    private final boolean[] voxels;

    /**
     * @param voxels {@code nx * ny * nz} values, x fastest (not copied)
     * @throws IllegalArgumentException if a size is not positive or the array has the wrong length
     */
    public Mask(int nx, int ny, int nz, boolean[] voxels) {
        Objects.requireNonNull(voxels, "voxels");
        if (nx < 1 || ny < 1 || nz < 1) {
            throw new IllegalArgumentException("mask sizes must be positive: " + nx + "x" + ny + "x" + nz);
        }
        if ((long) nx * ny * nz != voxels.length) {
            throw new IllegalArgumentException(nx + "x" + ny + "x" + nz + " mask needs " + (long) nx * ny * nz
                    + " voxels, got " + voxels.length);
        }
        this.nx = nx;
        this.ny = ny;
        this.nz = nz;
        this.voxels = voxels;
    }

    /**
     * The voxels whose probability is at least {@code threshold}, the rule of the trainer's
     * segmentation metrics.
     *
     * @throws IllegalArgumentException as the constructor
     */
    public static Mask atLeast(int nx, int ny, int nz, float[] probabilities, double threshold) {
        boolean[] voxels = new boolean[probabilities.length];
        for (int i = 0; i < voxels.length; i++) {
            voxels[i] = probabilities[i] >= threshold;
        }
        return new Mask(nx, ny, nz, voxels);
    }

    public int nx() {
        return nx;
    }

    public int ny() {
        return ny;
    }

    public int nz() {
        return nz;
    }

    /** Whether voxel {@code (x, y, z)} is in the mask. */
    public boolean get(int x, int y, int z) {
        return voxels[x + nx * (y + ny * z)];
    }

    /** The voxels themselves (not a copy: read only). */
    boolean[] voxels() {
        return voxels;
    }

    boolean sameShape(Mask other) {
        return nx == other.nx && ny == other.ny && nz == other.nz;
    }

    @Override
    public String toString() {
        return "Mask[" + nx + "x" + ny + "x" + nz + "]";
    }
}
