package org.metalr.stats.segmentation;

/**
 * Voxel size in millimetres along x, y and z (the NIfTI header's {@code pixdim[1..3]}).
 *
 * @throws IllegalArgumentException if a size is not positive and finite
 */
public record Spacing(double x, double y, double z) {

    /** One millimetre in every direction. */
    public static final Spacing UNIT = new Spacing(1, 1, 1);

    public Spacing {
        check("x", x);
        check("y", y);
        check("z", z);
    }

    /** From {@code {x, y, z}} (as {@code Volume.spacing()} returns it). */
    public static Spacing of(double[] xyz) {
        if (xyz.length != 3) {
            throw new IllegalArgumentException("spacing needs 3 values (x, y, z), got " + xyz.length);
        }
        return new Spacing(xyz[0], xyz[1], xyz[2]);
    }

    private static void check(String axis, double size) {
        if (!(size > 0 && size < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("voxel size along " + axis + " must be positive and finite, got " + size);
        }
    }
}
