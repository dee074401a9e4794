package org.metalr.data.image;

/** Channel count conversion between grey and RGB images. */
public final class Channels {

    private Channels() {
    }

    /**
     * The image with {@code channels} channels: grey is repeated to three; RGB becomes grey by
     * torchvision's {@code rgb_to_grayscale} weights (0.2989, 0.587, 0.114); an image that already has
     * the count is returned as is.
     *
     * @throws IllegalArgumentException for conversions other than between 1 and 3 channels
     */
    public static FloatImage convert(FloatImage image, int channels) {
        int have = image.channels();
        if (have == channels) {
            return image;
        }
        int plane = image.height() * image.width();
        float[] src = image.data();
        if (have == 1 && channels == 3) {
            float[] out = new float[3 * plane];
            System.arraycopy(src, 0, out, 0, plane);
            System.arraycopy(src, 0, out, plane, plane);
            System.arraycopy(src, 0, out, 2 * plane, plane);
            return new FloatImage(3, image.height(), image.width(), out);
        }
        if (have == 3 && channels == 1) {
            float[] out = new float[plane];
            for (int i = 0; i < plane; i++) {
                out[i] = 0.2989f * src[i] + 0.587f * src[plane + i] + 0.114f * src[2 * plane + i];
            }
            return new FloatImage(1, image.height(), image.width(), out);
        }
        throw new IllegalArgumentException("cannot convert a " + have + "-channel image to " + channels + " channels");
    }
}
