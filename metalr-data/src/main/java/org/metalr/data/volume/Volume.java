package org.metalr.data.volume;

import java.util.Arrays;
import java.util.Objects;

/**
 * A 3D scalar volume in NIfTI file order: x varies fastest, then y, then z, so voxel {@code (x, y, z)}
 * is at {@code x + nx * (y + ny * z)}. Carries the voxel size in x, y, z.
 *
 * <p>The constructor does not copy the array; callers must not modify it afterwards. {@link #toArray()}
 * returns a copy.
 */
public final class Volume {

    private final int nx;
    private final int ny;
    private final int nz;
    private final float[] data;
    private final double[] spacing;

    /**
     * @param data    {@code nx * ny * nz} values, x fastest (not copied)
     * @param spacing voxel size along x, y, z
     * @throws IllegalArgumentException when a size is not positive or the array has the wrong length
     */
    public Volume(int nx, int ny, int nz, float[] data, double[] spacing) {
        if (nx < 1 || ny < 1 || nz < 1) {
            throw new IllegalArgumentException("volume sizes must be positive: " + nx + "x" + ny + "x" + nz);
        }
        Objects.requireNonNull(data, "data");
        if ((long) nx * ny * nz != data.length) {
            throw new IllegalArgumentException(
                    nx + "x" + ny + "x" + nz + " volume needs " + (long) nx * ny * nz + " values, got " + data.length);
        }
        if (spacing.length != 3) {
            throw new IllegalArgumentException("spacing needs 3 values, got " + spacing.length);
        }
        this.nx = nx;
        this.ny = ny;
        this.nz = nz;
        this.data = data;
        this.spacing = spacing.clone();
    }

    /** A volume with unit spacing. */
    public Volume(int nx, int ny, int nz, float[] data) {
        this(nx, ny, nz, data, new double[] {1, 1, 1});
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

    /** {@code {nx, ny, nz}}. */
    public int[] shape() {
        return new int[] {nx, ny, nz};
    }

    /** Whether {@code other} has the same nx, ny, nz. */
    public boolean sameShape(Volume other) {
        return nx == other.nx && ny == other.ny && nz == other.nz;
    }

    public int voxelCount() {
        return data.length;
    }

    /** Voxel size along x, y, z (a copy). */
    public double[] spacing() {
        return spacing.clone();
    }

    /** Index of {@code (x, y, z)} in file order. */
    public int index(int x, int y, int z) {
        return x + nx * (y + ny * z);
    }

    public float get(int x, int y, int z) {
        return data[index(x, y, z)];
    }

    /** The values in file order (a copy). */
    public float[] toArray() {
        return data.clone();
    }

    /** The backing array, for this package's transforms that only read it. */
    float[] voxels() {
        return data;
    }

    @Override
    public String toString() {
        return "Volume[" + nx + "x" + ny + "x" + nz + " spacing " + Arrays.toString(spacing) + "]";
    }
}
