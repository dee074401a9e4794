package org.metalr.data;

import java.util.Objects;

/**
 * An 8-bit image held in memory instead of in a file of its own: one image of a NumPy array (a
 * MedMNIST {@code .npz}), its bytes as the array stores them, rows of pixels with the channels last
 * ({@code [H, W]} grey or {@code [H, W, 3]} RGB). Decoding reads a value {@code v} as {@code v / 255},
 * as torchvision's {@code to_tensor} reads an 8-bit image, so an array image and a PNG of the same
 * pixels enter the pipeline equal. The array is shared, not copied; nobody writes into it.
 *
 * @param name     where the image comes from, for messages ({@code pneumoniamnist.npz train_images[17]})
 * @param height   rows, at least 1
 * @param width    columns, at least 1
 * @param channels 1 (grey) or 3 (RGB)
 * @param pixels   {@code height * width * channels} bytes, channels last
 */
public record Uint8Image(String name, int height, int width, int channels, byte[] pixels) {

    /** @throws IllegalArgumentException if a size is not positive, the channels are not 1 or 3, or the bytes do not fit */
    public Uint8Image {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pixels, "pixels");
        if (height < 1 || width < 1 || (channels != 1 && channels != 3)) {
            throw new IllegalArgumentException(name + ": bad image shape " + height + "x" + width + "x" + channels);
        }
        if ((long) height * width * channels != pixels.length) {
            throw new IllegalArgumentException(name + ": " + height + "x" + width + "x" + channels + " needs "
                    + (long) height * width * channels + " bytes, got " + pixels.length);
        }
    }

    @Override
    public String toString() {
        return name + " (" + height + "x" + width + (channels == 1 ? " grey" : " RGB") + ")";
    }
}
