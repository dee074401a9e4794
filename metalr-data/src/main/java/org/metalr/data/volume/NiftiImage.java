package org.metalr.data.volume;

import java.util.Arrays;
import java.util.Objects;

/**
 * A decoded NIfTI-1 image: its header and every voxel as float32 in file order (x fastest, then y, z and
 * any further dimension), with {@code scl_slope}/{@code scl_inter} already applied.
 */
public final class NiftiImage {

    private final NiftiHeader header;
    private final float[] data;

    NiftiImage(NiftiHeader header, float[] data) {
        this.header = Objects.requireNonNull(header);
        this.data = Objects.requireNonNull(data);
    }

    public NiftiHeader header() {
        return header;
    }

    /** The extent of each dimension, x first. */
    public int[] dims() {
        return header.dims();
    }

    /** The x, y, z voxel size, see {@link NiftiHeader#spacing()}. */
    public double[] spacing() {
        return header.spacing();
    }

    /** All voxels in file order (a copy). */
    public float[] toArray() {
        return data.clone();
    }

    /** The voxel at a position given for each dimension, x first. */
    public float get(int... position) {
        if (position.length != header.rank()) {
            throw new IllegalArgumentException("image has " + header.rank() + " dimensions, position "
                    + Arrays.toString(position));
        }
        long index = 0;
        for (int i = position.length - 1; i >= 0; i--) {
            if (position[i] < 0 || position[i] >= header.dim(i)) {
                throw new IndexOutOfBoundsException("position " + Arrays.toString(position) + " outside "
                        + Arrays.toString(header.dims()));
            }
            index = index * header.dim(i) + position[i];
        }
        return data[(int) index];
    }

    /** Number of 3D volumes: the product of the extents beyond z (1 for a 3D image). */
    public int volumeCount() {
        return data.length / (header.dim(0) * header.dim(1) * header.dim(2));
    }

    /**
     * The image as one 3D volume, sharing its array.
     *
     * @throws IllegalStateException when the image holds several volumes (a 4D series)
     */
    public Volume toVolume() {
        if (volumeCount() != 1) {
            throw new IllegalStateException("image " + Arrays.toString(header.dims()) + " holds "
                    + volumeCount() + " volumes; pick one with volume(t)");
        }
        return new Volume(header.dim(0), header.dim(1), header.dim(2), data, header.spacing());
    }

    /** The {@code t}-th 3D volume of a series (dimensions beyond z flattened in file order), copied. */
    public Volume volume(int t) {
        int n = header.dim(0) * header.dim(1) * header.dim(2);
        if (t < 0 || t >= volumeCount()) {
            throw new IndexOutOfBoundsException("volume " + t + " of " + volumeCount());
        }
        return new Volume(header.dim(0), header.dim(1), header.dim(2),
                Arrays.copyOfRange(data, t * n, (t + 1) * n), header.spacing());
    }

    @Override
    public String toString() {
        return "NiftiImage[" + header + "]";
    }
}
