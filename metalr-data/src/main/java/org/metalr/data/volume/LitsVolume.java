package org.metalr.data.volume;

import java.util.Objects;

/**
 * A loaded LiTS case: the windowed CT volume, the liver mask (segmentation {@code >= 1}, so liver and
 * tumour) and the file-order indices of its foreground voxels, from which crops centred on the liver are
 * drawn. Shared read-only by every sampler thread.
 */
public final class LitsVolume {

    private final LitsCase source;
    private final Volume image;
    private final byte[] mask;
    private final int[] foreground;

    LitsVolume(LitsCase source, Volume image, byte[] mask) {
        if (mask.length != image.voxelCount()) {
            throw new IllegalArgumentException("mask has " + mask.length + " voxels, image " + image.voxelCount());
        }
        this.source = Objects.requireNonNull(source);
        this.image = image;
        this.mask = mask;
        int count = 0;
        for (byte b : mask) {
            count += b;
        }
        this.foreground = new int[count];
        for (int i = 0, k = 0; k < count; i++) {
            if (mask[i] != 0) {
                foreground[k++] = i;
            }
        }
    }

    /**
     * The liver mask of a segmentation: 1 where the label is at least 1 (liver or tumour), else 0.
     */
    static byte[] liverMask(Volume segmentation) {
        float[] labels = segmentation.voxels();
        byte[] mask = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            mask[i] = (byte) (labels[i] >= 1f ? 1 : 0);
        }
        return mask;
    }

    public LitsCase source() {
        return source;
    }

    /** The windowed CT volume. */
    public Volume image() {
        return image;
    }

    /** Whether voxel {@code (x, y, z)} is liver or tumour. */
    public boolean isForeground(int x, int y, int z) {
        return mask[image.index(x, y, z)] != 0;
    }

    /** Number of liver or tumour voxels. */
    public int foregroundCount() {
        return foreground.length;
    }

    /** The liver mask as a 0/1 volume (a new array), e.g. as the target of a whole-volume evaluation. */
    public Volume label() {
        float[] out = new float[mask.length];
        for (int i = 0; i < mask.length; i++) {
            out[i] = mask[i];
        }
        return new Volume(image.nx(), image.ny(), image.nz(), out, image.spacing());
    }

    byte[] mask() {
        return mask;
    }

    int[] foreground() {
        return foreground;
    }

    /** Approximate memory held, for the cache's budget. */
    public long bytes() {
        return 4L * image.voxelCount() + mask.length + 4L * foreground.length;
    }

    @Override
    public String toString() {
        return "LitsVolume[" + source.id() + " " + image + " foreground " + foreground.length + "]";
    }
}
