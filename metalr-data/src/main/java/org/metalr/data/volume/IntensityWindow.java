package org.metalr.data.volume;

/**
 * Clips intensities to {@code [min, max]} and maps that range linearly onto {@code [0, 1]}; NaN maps to 0.
 * {@link #MODELS_GENESIS_CT} is Models Genesis' CT preprocessing: Hounsfield units clipped to
 * {@code [-1000, 1000]}, then scaled to {@code [0, 1]}.
 *
 * @param min the intensity mapped to 0
 * @param max the intensity mapped to 1; greater than {@code min}
 */
public record IntensityWindow(float min, float max) {

    /** Models Genesis' CT window: HU {@code [-1000, 1000]} to {@code [0, 1]}. */
    public static final IntensityWindow MODELS_GENESIS_CT = new IntensityWindow(-1000f, 1000f);

    /** @throws IllegalArgumentException when the bounds are not finite or {@code max <= min} */
    public IntensityWindow {
        if (!Float.isFinite(min) || !Float.isFinite(max) || max <= min) {
            throw new IllegalArgumentException("window needs finite min < max, got [" + min + ", " + max + "]");
        }
    }

    /** The windowed value of {@code v}. */
    public float apply(float v) {
        if (!(v > min)) {
            return 0f; // below the window, or NaN
        }
        if (v >= max) {
            return 1f;
        }
        return (float) (((double) v - min) / ((double) max - min));
    }

    /** Windows every value of {@code data} in place. */
    public void applyInPlace(float[] data) {
        for (int i = 0; i < data.length; i++) {
            data[i] = apply(data[i]);
        }
    }

    /** A windowed copy of {@code volume}. */
    public Volume apply(Volume volume) {
        float[] out = volume.toArray();
        applyInPlace(out);
        return new Volume(volume.nx(), volume.ny(), volume.nz(), out, volume.spacing());
    }
}
