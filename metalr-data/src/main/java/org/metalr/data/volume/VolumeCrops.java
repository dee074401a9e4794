package org.metalr.data.volume;

import java.util.Arrays;
import org.metalr.api.HostTensor;

/**
 * Cuts boxes out of volumes into the layout a 3D network takes: {@code [X, Y, Z]} row-major, Z fastest,
 * which is Models Genesis' {@code (1, 64, 64, 32)} input without its channel. Source voxels are in file
 * order (x fastest), so cutting also transposes. Voxels of the box outside the volume get the pad value.
 */
public final class VolumeCrops {

    private VolumeCrops() {
    }

    /** The box of {@code volume} as a float32 tensor {@code [1, X, Y, Z]}, unflipped, padded with 0. */
    public static HostTensor tensor(Volume volume, CropBox box) {
        return HostTensor.of(extract(volume, box, Flips.NONE, 0f), 1, box.sizeX(), box.sizeY(), box.sizeZ());
    }

    /**
     * The box of {@code volume} in {@code [X, Y, Z]} order (Z fastest), mirrored as {@code flips} says.
     */
    public static float[] extract(Volume volume, CropBox box, Flips flips, float pad) {
        return cut(volume.voxels(), volume, box, flips, pad, new float[box.voxelCount()], 0);
    }

    /**
     * Writes the box of {@code volume}, unflipped and padded with {@code pad}, into {@code out} from
     * {@code offset} in the order of {@link #extract}: how a batch of tiles is filled without a copy per tile.
     *
     * @throws IndexOutOfBoundsException if the box does not fit {@code out} from {@code offset}
     */
    public static void extractInto(Volume volume, CropBox box, float pad, float[] out, int offset) {
        if (offset < 0 || offset > out.length - box.voxelCount()) {
            throw new IndexOutOfBoundsException("a box of " + box.voxelCount() + " voxels at " + offset
                    + " does not fit an array of " + out.length);
        }
        cut(volume.voxels(), volume, box, Flips.NONE, pad, out, offset);
    }

    /** The box of a 0/1 mask laid out like {@code volume}, in the order of {@link #extract}, padded with 0. */
    static float[] extractMask(byte[] mask, Volume volume, CropBox box, Flips flips) {
        return cut(mask, volume, box, flips, 0f, new float[box.voxelCount()], 0);
    }

    /**
     * Transposes through a small {@code [Z][X]} tile per y so that both the reads (source rows along x) and
     * the writes (output runs along z) are contiguous; cutting straight across strides a cache line per voxel.
     *
     * @param src a {@code float[]} or {@code byte[]} laid out like {@code volume}
     */
    private static float[] cut(Object src, Volume volume, CropBox box, Flips flips, float pad, float[] out, int offset) {
        int sx = box.sizeX();
        int sy = box.sizeY();
        int sz = box.sizeZ();
        int nx = volume.nx();
        // The part [x0, x1) of the box's x range inside the volume; may be empty.
        int x0 = Math.max(0, -box.x());
        int x1 = Math.max(x0, Math.min(sx, nx - box.x()));
        float[] tile = new float[sz * sx];
        for (int oy = 0; oy < sy; oy++) {
            int y = box.y() + oy;
            boolean rowInside = y >= 0 && y < volume.ny();
            for (int oz = 0; oz < sz; oz++) {
                int z = box.z() + oz;
                int at = oz * sx;
                if (!rowInside || z < 0 || z >= volume.nz() || x0 == x1) {
                    Arrays.fill(tile, at, at + sx, pad);
                    continue;
                }
                int from = nx * (y + volume.ny() * z) + box.x() + x0;
                copy(src, from, tile, at + x0, x1 - x0);
                if (x0 > 0) {
                    Arrays.fill(tile, at, at + x0, pad);
                }
                if (x1 < sx) {
                    Arrays.fill(tile, at + x1, at + sx, pad);
                }
            }
            int fy = flips.y() ? sy - 1 - oy : oy;
            for (int ox = 0; ox < sx; ox++) {
                int fx = flips.x() ? sx - 1 - ox : ox;
                int o = offset + (fx * sy + fy) * sz;
                if (flips.z()) {
                    for (int oz = 0, t = ox; oz < sz; oz++, t += sx) {
                        out[o + sz - 1 - oz] = tile[t];
                    }
                } else {
                    for (int oz = 0, t = ox; oz < sz; oz++, t += sx) {
                        out[o + oz] = tile[t];
                    }
                }
            }
        }
        return out;
    }

    private static void copy(Object src, int from, float[] to, int at, int length) {
        if (src instanceof float[]) {
            System.arraycopy((float[]) src, from, to, at, length);
        } else {
            byte[] bytes = (byte[]) src;
            for (int i = 0; i < length; i++) {
                to[at + i] = bytes[from + i];
            }
        }
    }
}
