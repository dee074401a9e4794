package org.metalr.data.image;

/**
 * Bilinear resizing as torchvision's {@code Resize} on float tensors with antialiasing off (the
 * tensor default up to torchvision 0.16), i.e. PyTorch's
 * {@code interpolate(mode="bilinear", align_corners=False)}: output pixel {@code o} samples the input
 * at {@code (o + 0.5) * in / out - 0.5}, clamped below at 0, blending the two nearest pixels (the
 * last pixel is repeated at the far edge). Results agree with torchvision 0.14 to within about one
 * float32 ulp. Downscaling does not average over the pixels it skips, unlike PIL's resize (and
 * unlike torchvision on PIL images, which always antialiases). An axis whose size does not change
 * is copied unchanged.
 */
public final class Resize {

    private Resize() {
    }

    /**
     * Resizes a whole image.
     *
     * @throws IllegalArgumentException if an output size is not positive
     */
    public static FloatImage apply(FloatImage image, int height, int width) {
        if (image.height() == height && image.width() == width) {
            return image;
        }
        return window(image, 0, 0, image.height(), image.width(), height, width);
    }

    /**
     * Resizes the window {@code [top, top + windowHeight) x [left, left + windowWidth)} of an image,
     * which must lie inside it; the crop-then-resize of {@link ResizedCrop} without the copy.
     *
     * @throws IllegalArgumentException if the window leaves the image or a size is not positive
     */
    public static FloatImage window(FloatImage image, int top, int left, int windowHeight, int windowWidth,
            int height, int width) {
        if (height < 1 || width < 1 || windowHeight < 1 || windowWidth < 1) {
            throw new IllegalArgumentException("sizes must be positive: window " + windowHeight + "x" + windowWidth
                    + ", output " + height + "x" + width);
        }
        if (top < 0 || left < 0 || top + windowHeight > image.height() || left + windowWidth > image.width()) {
            throw new IllegalArgumentException("window " + windowHeight + "x" + windowWidth + " at (" + top + ", "
                    + left + ") leaves the " + image.height() + "x" + image.width() + " image");
        }
        Axis ys = new Axis(windowHeight, height);
        Axis xs = new Axis(windowWidth, width);
        int inW = image.width();
        int inPlane = image.height() * inW;
        int outPlane = height * width;
        float[] src = image.data();
        float[] out = new float[image.channels() * outPlane];
        for (int c = 0; c < image.channels(); c++) {
            int base = c * inPlane + top * inW + left;
            for (int oy = 0; oy < height; oy++) {
                int row0 = base + ys.i0[oy] * inW;
                int row1 = base + ys.i1[oy] * inW;
                float h0 = ys.w0[oy];
                float h1 = ys.w1[oy];
                int dst = c * outPlane + oy * width;
                for (int ox = 0; ox < width; ox++) {
                    int x0 = xs.i0[ox];
                    int x1 = xs.i1[ox];
                    float w0 = xs.w0[ox];
                    float w1 = xs.w1[ox];
                    float top0 = src[row0 + x0] * w0 + src[row0 + x1] * w1;
                    float bottom = src[row1 + x0] * w0 + src[row1 + x1] * w1;
                    out[dst + ox] = top0 * h0 + bottom * h1;
                }
            }
        }
        return new FloatImage(image.channels(), height, width, out);
    }

    /** Source indices and weights along one axis. */
    private static final class Axis {
        final int[] i0;
        final int[] i1;
        final float[] w0;
        final float[] w1;

        Axis(int in, int out) {
            i0 = new int[out];
            i1 = new int[out];
            w0 = new float[out];
            w1 = new float[out];
            float scale = (float) in / out;
            for (int o = 0; o < out; o++) {
                if (in == out) {
                    i0[o] = o;
                    i1[o] = o;
                    w0[o] = 1f;
                    continue;
                }
                // A float scale and a double source index reproduce PyTorch 1.13's results to within
                // one float32 ulp on the fixtures; the exact kernel order is not observable from Python.
                double real = scale * (o + 0.5) - 0.5;
                if (real < 0) {
                    real = 0;
                }
                int index = (int) real;
                i0[o] = index;
                i1[o] = index < in - 1 ? index + 1 : index;
                w1[o] = (float) Math.min(Math.max(real - index, 0), 1);
                w0[o] = 1f - w1[o];
            }
        }
    }
}
