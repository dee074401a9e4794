package org.metalr.data.image;

/**
 * torchvision's {@code resized_crop} on tensors: crop (padding with zeros where the box leaves the
 * image, as torchvision's tensor crop does), then {@link Resize bilinear resize} without antialiasing.
 */
public final class ResizedCrop {

    private ResizedCrop() {
    }

    /**
     * Crops {@code box} out of {@code image} and resizes it to {@code height x width}.
     *
     * @throws IllegalArgumentException if an output size is not positive
     */
    public static FloatImage apply(FloatImage image, CropBox box, int height, int width) {
        if (box.inside(image.height(), image.width())) {
            return Resize.window(image, box.top(), box.left(), box.height(), box.width(), height, width);
        }
        return Resize.apply(crop(image, box), height, width);
    }

    /** The pixels of {@code box}, zero where it leaves the image. */
    public static FloatImage crop(FloatImage image, CropBox box) {
        FloatImage out = FloatImage.zeros(image.channels(), box.height(), box.width());
        float[] src = image.data();
        float[] dst = out.data();
        int y0 = Math.max(0, box.top());
        int y1 = Math.min(image.height(), box.top() + box.height());
        int x0 = Math.max(0, box.left());
        int x1 = Math.min(image.width(), box.left() + box.width());
        for (int c = 0; c < image.channels(); c++) {
            for (int y = y0; y < y1; y++) {
                int s = (c * image.height() + y) * image.width() + x0;
                int d = (c * box.height() + y - box.top()) * box.width() + x0 - box.left();
                if (x1 > x0) {
                    System.arraycopy(src, s, dst, d, x1 - x0);
                }
            }
        }
        return out;
    }
}
