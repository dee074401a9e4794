package org.metalr.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One labelled item of a dataset: a file and the index of its class, or an image held in memory (one
 * image of an array file) with the file it was read from.
 *
 * @param path  the file holding the sample (for an in-memory image, the array file it came from)
 * @param label class index, in {@code [0, classes)} of the set that holds it
 * @param image the image itself when it is held in memory; null when {@code path} is the image file
 */
public record Sample(Path path, int label, Uint8Image image) {

    /**
     * @throws NullPointerException     if {@code path} is null
     * @throws IllegalArgumentException if {@code label} is negative
     */
    public Sample {
        Objects.requireNonNull(path, "path");
        if (label < 0) {
            throw new IllegalArgumentException("negative label " + label + " for " + (image != null ? image.name() : path));
        }
    }

    /** An image file with its label. */
    public Sample(Path path, int label) {
        this(path, label, null);
    }

    /** Whether the image is held in memory ({@link #image()}) rather than read from {@link #path()}. */
    public boolean inMemory() {
        return image != null;
    }

    /** What the sample is called in messages: the image file, or the in-memory image's name. */
    public String name() {
        return image != null ? image.name() : path.toString();
    }
}
