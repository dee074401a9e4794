package org.metalr.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One labelled item of a dataset: a file and the index of its class.
 *
 * @param path  the file holding the sample
 * @param label class index, in {@code [0, classes)} of the set that holds it
 */
public record Sample(Path path, int label) {

    /**
     * @throws NullPointerException     if {@code path} is null
     * @throws IllegalArgumentException if {@code label} is negative
     */
    public Sample {
        Objects.requireNonNull(path, "path");
        if (label < 0) {
            throw new IllegalArgumentException("negative label " + label + " for " + path);
        }
    }
}
