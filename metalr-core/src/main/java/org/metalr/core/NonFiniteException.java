package org.metalr.core;

/**
 * A loss or a hypergradient came out NaN or infinite. Thrown by {@link MetaLrStep} and
 * {@link PlainStep} before they change anything: the model's parameters, the optimizer state and the
 * learning rates are still those before the failed iteration, and the iteration is not counted.
 */
public final class NonFiniteException extends ArithmeticException {

    private static final long serialVersionUID = 1L;

    /** Which value was not finite. */
    public enum Quantity {
        TRAINING_LOSS("the training loss"),
        VALIDATION_LOSS("the validation loss at the look-ahead"),
        HYPERGRADIENT("the hypergradient"),
        /** A model output while evaluating: the weights or normalisation statistics are no longer finite, or an input is. */
        EVALUATION_OUTPUT("the model's output");

        private final String description;

        Quantity(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    private final long iteration;
    private final Quantity quantity;
    private final String group;
    private final double value;

    /**
     * @param iteration the failed iteration, counted from 1
     * @param quantity  what was not finite
     * @param group     the parameter group it belongs to, or null for a loss
     * @param value     the value (NaN or an infinity)
     */
    public NonFiniteException(long iteration, Quantity quantity, String group, double value) {
        this("iteration " + iteration + ": " + quantity.description()
                + (group == null ? "" : " of group '" + group + "'") + " is " + value
                + "; the iteration was not applied (lower the learning rates or check the data)",
                iteration, quantity, group, value);
    }

    private NonFiniteException(String message, long iteration, Quantity quantity, String group, double value) {
        super(message);
        this.iteration = iteration;
        this.quantity = quantity;
        this.group = group;
        this.value = value;
    }

    /**
     * A model output that came out NaN or infinite while evaluating {@code set} after {@code iteration}
     * iterations: the iterations were applied, so the model itself (or the input) is no longer finite.
     * {@link #group()} is null.
     */
    public static NonFiniteException ofEvaluation(long iteration, String set, double value) {
        return new NonFiniteException("after iteration " + iteration + ": " + Quantity.EVALUATION_OUTPUT.description()
                + " on the " + set + " set is " + value + " (its weights or normalisation statistics are no longer"
                + " finite, or an input is not; lower the learning rates or check the data)", iteration,
                Quantity.EVALUATION_OUTPUT, null, value);
    }

    /** Throws unless {@code value} is finite. */
    static void requireFinite(double value, long iteration, Quantity quantity, String group) {
        if (!Double.isFinite(value)) {
            throw new NonFiniteException(iteration, quantity, group, value);
        }
    }

    /** The failed iteration, counted from 1; for {@link Quantity#EVALUATION_OUTPUT}, the last one applied. */
    public long iteration() {
        return iteration;
    }

    public Quantity quantity() {
        return quantity;
    }

    /** The group of a non-finite hypergradient; null for a loss. */
    public String group() {
        return group;
    }

    public double value() {
        return value;
    }
}
