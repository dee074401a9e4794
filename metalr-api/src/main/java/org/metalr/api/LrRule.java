package org.metalr.api;

/**
 * How MetaLR looks ahead and how it moves each group's learning rate with the hypergradient. An
 * immutable value; the three named rules are the ones of {@code metalr-algorithm.md}.
 *
 * <p>With learning rate {@code a_j} of group {@code j}, gradient {@code g} of the training loss at
 * {@code theta}, and {@code s} = -1 for a {@link LookAhead#DESCENT descent} look-ahead and +1 for an
 * {@link LookAhead#ASCENT ascent} one, the look-ahead is {@code theta_hat_j = theta_j + s a_j g_j}
 * and the hypergradient is {@code dL_val/da_j = s * sum_p <h_p, g_p>} with {@code h} the gradient of
 * the validation loss at {@code theta_hat}. Then:
 * <ul>
 *   <li>{@link Update#ADDITIVE}: {@code a_j <- clamp(a_j - hyperLr * dL/da_j)};
 *   <li>{@link Update#MULTIPLICATIVE}: {@code a_j <- clamp(a_j * (1 - hyperLr * dL/da_j))};
 * </ul>
 * where {@code clamp} bounds to {@code [floor, ceiling]}. While the epoch (counted from 1) is at most
 * {@code holdLastEpochs}, the last group keeps its initial learning rate.
 *
 * @param name           the rule's name in files and on the command line
 * @param lookAhead      direction of the look-ahead step
 * @param update         form of the learning-rate update
 * @param hyperLr        the hyper step size eta, positive
 * @param floor          lowest learning rate, positive
 * @param ceiling        highest learning rate ({@code Double.POSITIVE_INFINITY} for none)
 * @param holdLastEpochs epochs during which the last group's learning rate stays at its initial value
 */
public record LrRule(String name, LookAhead lookAhead, Update update, double hyperLr, double floor,
        double ceiling, int holdLastEpochs) {

    /** Direction of the look-ahead step. */
    public enum LookAhead {
        /** {@code theta - a g}: the paper's SGD look-ahead. */
        DESCENT,
        /** {@code theta + a g}: what the authors' released code does. */
        ASCENT;

        /** -1 for descent, +1 for ascent. */
        public double sign() {
            return this == DESCENT ? -1.0 : 1.0;
        }
    }

    /** Form of the learning-rate update. */
    public enum Update { ADDITIVE, MULTIPLICATIVE }

    /** The paper's lowest learning rate. */
    public static final double FLOOR = 1e-6;
    /** The released code's highest learning rate. */
    public static final double OFFICIAL_CEILING = 1e-2;

    public LrRule {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an LR rule needs a name");
        }
        if (lookAhead == null || update == null) {
            throw new IllegalArgumentException("LR rule '" + name + "' needs a look-ahead and an update form");
        }
        if (!(hyperLr > 0) || Double.isInfinite(hyperLr)) {
            throw new IllegalArgumentException("hyper learning rate must be positive and finite: " + hyperLr);
        }
        if (!(floor > 0) || !(ceiling >= floor)) {
            throw new IllegalArgumentException(
                    "learning-rate bounds must satisfy 0 < floor <= ceiling: [" + floor + ", " + ceiling + "]");
        }
        if (holdLastEpochs < 0) {
            throw new IllegalArgumentException("holdLastEpochs must be >= 0: " + holdLastEpochs);
        }
    }

    /** The paper (eq. 2-4): descent look-ahead, additive update, floor 1e-6, no ceiling. */
    public static LrRule paper(double hyperLr) {
        return new LrRule("paper", LookAhead.DESCENT, Update.ADDITIVE, hyperLr, FLOOR, Double.POSITIVE_INFINITY, 0);
    }

    /**
     * The authors' released code: ascent look-ahead, multiplicative update clamped to [1e-6, 1e-2], eta
     * 0.1, the last group held at its initial learning rate for the first 5 epochs.
     */
    public static LrRule official() {
        return new LrRule("official", LookAhead.ASCENT, Update.MULTIPLICATIVE, 0.1, FLOOR, OFFICIAL_CEILING, 5);
    }

    /** The paper's descent look-ahead with the multiplicative update clamped to [1e-6, 1e-2]. */
    public static LrRule multiplicative(double hyperLr) {
        return new LrRule("multiplicative", LookAhead.DESCENT, Update.MULTIPLICATIVE, hyperLr, FLOOR,
                OFFICIAL_CEILING, 0);
    }

    /** Looks a rule up by name with its default settings (eta 0.1 for the multiplicative ones). */
    public static LrRule named(String name, double hyperLr) {
        switch (name) {
            case "paper":
                return paper(hyperLr);
            case "official":
                return new LrRule("official", LookAhead.ASCENT, Update.MULTIPLICATIVE, hyperLr, FLOOR,
                        OFFICIAL_CEILING, 5);
            case "multiplicative":
                return multiplicative(hyperLr);
            default:
                throw new IllegalArgumentException(
                        "unknown LR rule '" + name + "'; expected one of paper, official, multiplicative");
        }
    }

    public LrRule withHyperLr(double eta) {
        return new LrRule(name, lookAhead, update, eta, floor, ceiling, holdLastEpochs);
    }

    public LrRule withBounds(double newFloor, double newCeiling) {
        return new LrRule(name, lookAhead, update, hyperLr, newFloor, newCeiling, holdLastEpochs);
    }

    public LrRule withHoldLastEpochs(int epochs) {
        return new LrRule(name, lookAhead, update, hyperLr, floor, ceiling, epochs);
    }

    /** The next learning rate of one group from its current one and its hypergradient. */
    public double next(double lr, double hypergradient) {
        double moved = update == Update.ADDITIVE
                ? lr - hyperLr * hypergradient
                : lr * (1.0 - hyperLr * hypergradient);
        return Math.min(Math.max(moved, floor), ceiling);
    }

    /** Whether the last group's learning rate is held in {@code epoch} (counted from 1). */
    public boolean holdsLast(int epoch) {
        return epoch <= holdLastEpochs;
    }
}
