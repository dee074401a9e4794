package org.metalr.data.volume;

import java.io.IOException;

/**
 * The whole volumes of one set of a segmentation dataset, in a fixed order: what a segmentation
 * evaluation set predicts tile by tile. Each volume has a name (its figures are filed under it) and loads
 * as an image and its mask. Implementations may cache loaded volumes; they are thread-safe.
 */
public interface VolumeSet {

    /** Number of volumes. */
    int size();

    /**
     * The name of volume {@code index}, unique within its dataset ({@code volume-N} for LiTS).
     *
     * @throws IndexOutOfBoundsException outside {@code [0, size())}
     */
    String name(int index);

    /**
     * Volume {@code index}: the image as the network reads it (windowed, normalised) and its 0/1 mask
     * of the same shape. The caller may not change the returned arrays.
     *
     * @throws org.metalr.data.BadInputException naming the file when it cannot be used
     * @throws IOException on other read errors
     */
    MaskedVolume load(int index) throws IOException;

    /**
     * A loaded volume.
     *
     * @param image the input, one channel
     * @param mask  the target: 1 for the foreground class, else 0
     */
    record MaskedVolume(Volume image, Volume mask) {

        /** @throws IllegalArgumentException if the shapes differ */
        public MaskedVolume {
            if (image.nx() != mask.nx() || image.ny() != mask.ny() || image.nz() != mask.nz()) {
                throw new IllegalArgumentException("image " + image.nx() + "x" + image.ny() + "x" + image.nz()
                        + " and mask " + mask.nx() + "x" + mask.ny() + "x" + mask.nz() + " differ in shape");
            }
        }
    }
}
