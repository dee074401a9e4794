package org.metalr.train;

/**
 * A model output that came out NaN or infinite during an {@link Evaluation}. The trainer, which knows
 * the iteration and the set, turns it into a {@link org.metalr.core.NonFiniteException}, so the run
 * ends as diverged rather than failed.
 */
final class NonFiniteOutput extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final double value;

    private NonFiniteOutput(double value) {
        super("a model output is " + value, null, false, false);
        this.value = value;
    }

    /** Throws at the first value of {@code outputs} that is not finite. */
    static void check(double[] outputs) {
        for (double v : outputs) {
            if (!Double.isFinite(v)) {
                throw new NonFiniteOutput(v);
            }
        }
    }

    /** As {@link #check(double[])}. */
    static void check(float[] outputs) {
        for (float v : outputs) {
            if (!Float.isFinite(v)) {
                throw new NonFiniteOutput(v);
            }
        }
    }

    /** The value that was not finite. */
    double value() {
        return value;
    }
}
