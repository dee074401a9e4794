package org.metalr.data.volume;

import java.util.SplittableRandom;

/**
 * Which axes of a crop are mirrored: the 3D flip augmentation, applied to the image and its label alike.
 *
 * @param x mirror along x
 * @param y mirror along y
 * @param z mirror along z
 */
public record Flips(boolean x, boolean y, boolean z) {

    /** No flip. */
    public static final Flips NONE = new Flips(false, false, false);

    /** Each axis flipped independently with probability {@code p}. */
    public static Flips random(SplittableRandom rng, double p) {
        // Always draw three numbers so later draws do not depend on p.
        boolean fx = rng.nextDouble() < p;
        boolean fy = rng.nextDouble() < p;
        boolean fz = rng.nextDouble() < p;
        return new Flips(fx, fy, fz);
    }
}
