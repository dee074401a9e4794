package org.metalr.data.image;

import org.metalr.data.SeededRandom;

/**
 * torchvision's {@code RandomResizedCrop}: up to ten tries to draw an area fraction uniformly from
 * {@code scale} and a log-uniform aspect ratio (width / height) from {@code ratio}, rounding width and
 * height half to even as Python's {@code round}; the first box that fits is placed uniformly. If none
 * fits, the central crop clamped to the ratio range (or the whole image). The box is then resized to
 * the output size bilinearly without antialiasing. The draws come from a {@link SeededRandom}, so the
 * boxes follow torchvision's distribution, not its generator's sequence.
 *
 * @param scaleMin lower bound of the area fraction
 * @param scaleMax upper bound of the area fraction
 * @param ratioMin lower bound of the aspect ratio
 * @param ratioMax upper bound of the aspect ratio
 */
public record RandomResizedCrop(double scaleMin, double scaleMax, double ratioMin, double ratioMax) {

    /** torchvision's defaults: scale (0.08, 1), ratio (3/4, 4/3). */
    public static final RandomResizedCrop TORCHVISION_DEFAULT = new RandomResizedCrop(0.08, 1.0, 3.0 / 4, 4.0 / 3);

    /** @throws IllegalArgumentException if a range is reversed, or a bound not positive */
    public RandomResizedCrop {
        if (!(scaleMin > 0 && scaleMin <= scaleMax) || !(ratioMin > 0 && ratioMin <= ratioMax)) {
            throw new IllegalArgumentException("bad RandomResizedCrop ranges: scale (" + scaleMin + ", " + scaleMax
                    + "), ratio (" + ratioMin + ", " + ratioMax + ")");
        }
    }

    private static final int ATTEMPTS = 10;

    /** torchvision's {@code get_params}: the crop box for one image. */
    public CropBox sample(int height, int width, SeededRandom rng) {
        double area = (double) height * width;
        double logLo = Math.log(ratioMin);
        double logHi = Math.log(ratioMax);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            double targetArea = area * rng.uniform(scaleMin, scaleMax);
            double aspect = Math.exp(rng.uniform(logLo, logHi));
            int w = (int) Math.rint(Math.sqrt(targetArea * aspect));
            int h = (int) Math.rint(Math.sqrt(targetArea / aspect));
            if (0 < w && w <= width && 0 < h && h <= height) {
                int top = rng.nextInt(height - h + 1);
                int left = rng.nextInt(width - w + 1);
                return new CropBox(top, left, h, w);
            }
        }
        return fallback(height, width);
    }

    /** The central crop torchvision falls back to when ten tries fail. */
    public CropBox fallback(int height, int width) {
        double inRatio = (double) width / height;
        int w;
        int h;
        if (inRatio < ratioMin) {
            w = width;
            h = (int) Math.rint(w / ratioMin);
        } else if (inRatio > ratioMax) {
            h = height;
            w = (int) Math.rint(h * ratioMax);
        } else {
            w = width;
            h = height;
        }
        return new CropBox((height - h) / 2, (width - w) / 2, h, w);
    }

    /** Draws a box and resizes it to {@code height x width}. */
    public FloatImage apply(FloatImage image, int height, int width, SeededRandom rng) {
        return ResizedCrop.apply(image, sample(image.height(), image.width(), rng), height, width);
    }
}
