package org.metalr.data.image;

/**
 * A crop rectangle in torchvision's {@code (top, left, height, width)} order, in pixels.
 *
 * @param top    first row (may be negative: rows outside the image read as zero)
 * @param left   first column (may be negative)
 * @param height rows, positive
 * @param width  columns, positive
 */
public record CropBox(int top, int left, int height, int width) {

    /** @throws IllegalArgumentException if {@code height} or {@code width} is not positive */
    public CropBox {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("crop size must be positive, got " + height + "x" + width);
        }
    }

    boolean inside(int imageHeight, int imageWidth) {
        return top >= 0 && left >= 0 && top + height <= imageHeight && left + width <= imageWidth;
    }
}
