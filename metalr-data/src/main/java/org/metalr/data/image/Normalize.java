package org.metalr.data.image;

import java.util.Arrays;

/**
 * Per-channel {@code (x - mean[c]) / std[c]} in float32, as torchvision's {@code Normalize}. A single
 * mean and std apply to every channel.
 */
public final class Normalize {

    private final float[] mean;
    private final float[] std;

    /**
     * @throws IllegalArgumentException if the arrays are empty, differ in length, or a std is not positive
     */
    public Normalize(float[] mean, float[] std) {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("mean " + Arrays.toString(mean) + " and std " + Arrays.toString(std)
                    + " must be non-empty and of the same length");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std must be positive, got " + Arrays.toString(std));
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** The same mean and std for every channel. */
    public static Normalize of(float mean, float std) {
        return new Normalize(new float[] {mean}, new float[] {std});
    }

    /**
     * Writes the normalised image into {@code dst} from {@code offset}, {@code [C, H, W]}.
     *
     * @throws IllegalArgumentException if the image's channels do not match a per-channel mean
     */
    public void into(FloatImage image, float[] dst, int offset) {
        int channels = image.channels();
        if (mean.length != 1 && mean.length != channels) {
            throw new IllegalArgumentException(mean.length + " means for a " + channels + "-channel image");
        }
        int plane = image.height() * image.width();
        float[] src = image.data();
        for (int c = 0; c < channels; c++) {
            float m = mean[mean.length == 1 ? 0 : c];
            float s = std[std.length == 1 ? 0 : c];
            int base = c * plane;
            for (int i = 0; i < plane; i++) {
                dst[offset + base + i] = (src[base + i] - m) / s;
            }
        }
    }

    /** A new normalised image. */
    public FloatImage apply(FloatImage image) {
        float[] out = new float[image.data().length];
        into(image, out, 0);
        return new FloatImage(image.channels(), image.height(), image.width(), out);
    }

    /**
     * The mean used for channel {@code c}.
     *
     * @throws IllegalArgumentException if there are per-channel means and {@code c} has none
     */
    float mean(int c) {
        return pick(mean, c);
    }

    /** The std used for channel {@code c}; see {@link #mean(int)}. */
    float std(int c) {
        return pick(std, c);
    }

    private static float pick(float[] values, int c) {
        if (values.length == 1) {
            return values[0];
        }
        if (c >= values.length) {
            throw new IllegalArgumentException(values.length + " per-channel values, no value for channel " + c);
        }
        return values[c];
    }

    public float[] mean() {
        return mean.clone();
    }

    public float[] std() {
        return std.clone();
    }

    @Override
    public String toString() {
        return "Normalize[mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std) + "]";
    }
}
