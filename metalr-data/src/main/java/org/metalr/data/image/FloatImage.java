package org.metalr.data.image;

import java.util.Objects;

/**
 * An image as float32 values, channel-major {@code [C, H, W]} like a torchvision tensor. The array is
 * shared, not copied: a transform that returns a new image never writes into its input.
 */
public final class FloatImage {

    private final int channels;
    private final int height;
    private final int width;
    private final float[] data;

    /**
     * @throws IllegalArgumentException if a dimension is not positive or {@code data} has the wrong length
     */
    public FloatImage(int channels, int height, int width, float[] data) {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("bad image shape " + channels + "x" + height + "x" + width);
        }
        Objects.requireNonNull(data, "data");
        if ((long) channels * height * width != data.length) {
            throw new IllegalArgumentException("shape " + channels + "x" + height + "x" + width
                    + " needs " + (long) channels * height * width + " values, got " + data.length);
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.data = data;
    }

    /** A zero image of the given shape. */
    public static FloatImage zeros(int channels, int height, int width) {
        return new FloatImage(channels, height, width, new float[Math.multiplyExact(channels, Math.multiplyExact(height, width))]);
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** The values, {@code [C, H, W]} row-major (the array itself, not a copy). */
    public float[] data() {
        return data;
    }

    public float get(int c, int y, int x) {
        return data[(c * height + y) * width + x];
    }

    @Override
    public String toString() {
        return "FloatImage[" + channels + "x" + height + "x" + width + "]";
    }
}
