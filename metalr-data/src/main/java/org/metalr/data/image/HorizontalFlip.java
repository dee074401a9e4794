package org.metalr.data.image;

/** Mirrors an image left to right (torchvision's {@code hflip}). */
public final class HorizontalFlip {

    private HorizontalFlip() {
    }

    /** A new image, mirrored. */
    public static FloatImage apply(FloatImage image) {
        int w = image.width();
        float[] src = image.data();
        float[] out = new float[src.length];
        for (int row = 0; row < image.channels() * image.height(); row++) {
            int base = row * w;
            for (int x = 0; x < w; x++) {
                out[base + x] = src[base + w - 1 - x];
            }
        }
        return new FloatImage(image.channels(), image.height(), w, out);
    }
}
