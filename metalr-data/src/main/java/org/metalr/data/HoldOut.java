package org.metalr.data;

import java.util.Objects;

/**
 * A set cut in two: the part kept and the part held out (for meta-validation, or a fold's test part).
 *
 * @param kept the samples left in, in their original order
 * @param held the samples held out, in their original order
 */
public record HoldOut(LabelledSet kept, LabelledSet held) {

    public HoldOut {
        Objects.requireNonNull(kept, "kept");
        Objects.requireNonNull(held, "held");
    }
}
