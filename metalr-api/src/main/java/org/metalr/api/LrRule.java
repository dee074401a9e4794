package org.metalr.api;

import java.util.List;

/**
 * How MetaLR looks ahead and how it moves each group's learning rate with the hypergradient. An
 * immutable value; the named rules {@code paper}, {@code official} and {@code multiplicative} are the
 * ones of {@code metalr-algorithm.md}, and the options beyond them ({@link #direction}, {@link #normalize},
 * relative bounds, the {@link Update#LOG log} update, {@link #metaEvery}) default to those rules'
 * behaviour, which they leave exactly as it is. The fourth, {@link #cosine}, is {@code multiplicative}
 * with the cosine signal: the combination the study supports, the command's default.
 *
 * <p>With learning rate {@code a_j} of group {@code j}, gradient {@code g} of the training loss at
 * {@code theta}, {@code d = g} ({@link Direction#GRADIENT}) or the real optimizer's update per unit
 * rate ({@link Direction#OPTIMIZER}), and {@code s} = -1 for a {@link LookAhead#DESCENT descent}
 * look-ahead and +1 for an {@link LookAhead#ASCENT ascent} one, the look-ahead is
 * {@code theta_hat_j = theta_j + s a_j d_j} and the hypergradient is
 * {@code dL_val/da_j = s * sum_p <h_p, d_p>} with {@code h} the gradient of the validation loss at
 * {@code theta_hat}: exact, as {@code theta_hat} is linear in {@code a_j} and {@code d} does not depend
 * on it. The signal {@code x_j} is that hypergradient ({@link Normalize#NONE}) or its cosine
 * {@code s * sum_p <h_p, d_p> / (|h_j| |d_j|)} over the group's tensors ({@link Normalize#COSINE}). Then:
 * <ul>
 *   <li>{@link Update#ADDITIVE}: {@code a_j <- clamp(a_j - hyperLr * x_j)};
 *   <li>{@link Update#MULTIPLICATIVE}: {@code a_j <- clamp(a_j * (1 - hyperLr * x_j))};
 *   <li>{@link Update#LOG}: {@code a_j <- clamp(a_j * exp(-hyperLr * x_j))}, a step of {@code -hyperLr x_j}
 *       on {@code log a_j}: the multiplicative update to first order in {@code hyperLr x_j}, but it never
 *       reaches zero or changes sign, and a rise and a fall of the same signal cancel;
 * </ul>
 * where {@code clamp} bounds to {@code [floor, ceiling]}, each bound absolute or, where marked relative,
 * that factor times the group's initial rate. While the epoch (counted from 1) is at most
 * {@code holdLastEpochs}, the last group keeps its initial learning rate. The rates move on iterations
 * {@code 1, 1 + K, 1 + 2K, ...} ({@code K = metaEvery}, iterations counted from 1 over the whole run,
 * resumes included); the iterations between take plain optimizer steps at the current rates.
 *
 * <h2>The ascent look-ahead inverts the paper's rule</h2>
 * At a small rate {@code h} is close to the validation gradient at {@code theta}, {@code v}. The
 * descent look-ahead gives {@code dL/da_j ~ -<v_j, d_j>}: a group whose training and validation
 * gradients agree gets a higher rate, the paper's intent. The ascent look-ahead ({@code official}, the
 * released code's) gives {@code +<v_j, d_j>} and descends on it: the same group gets a lower rate. To
 * first order it is the paper's rule with the signal's sign flipped; {@code official} keeps it because
 * it reproduces the released code. With {@link Direction#OPTIMIZER} an ascent look-ahead is
 * {@code theta + a d} and its hypergradient {@code +<h, d>}: the exact derivative of the validation
 * loss at that point, with the same inversion.
 *
 * @param name            the rule's name in files and on the command line
 * @param lookAhead       direction of the look-ahead step
 * @param update          form of the learning-rate update
 * @param hyperLr         the hyper step size eta, positive
 * @param floor           lowest learning rate, positive: absolute, or a factor of the initial rate if {@code floorRelative}
 * @param ceiling         highest learning rate ({@code Double.POSITIVE_INFINITY} for none), absolute or a factor
 * @param holdLastEpochs  epochs during which the last group's learning rate stays at its initial value
 * @param direction       what the look-ahead steps along: the gradient, or the real optimizer's update
 * @param normalize       the signal: the hypergradient itself or its cosine
 * @param floorRelative   whether {@code floor} is a factor of each group's initial rate (at most 1)
 * @param ceilingRelative whether {@code ceiling} is a factor of each group's initial rate (at least 1)
 * @param metaEvery       the rates move every this many iterations, at least 1
 */
public record LrRule(String name, LookAhead lookAhead, Update update, double hyperLr, double floor,
        double ceiling, int holdLastEpochs, Direction direction, Normalize normalize, boolean floorRelative,
        boolean ceilingRelative, int metaEvery) {

    /** Direction of the look-ahead step. */
    public enum LookAhead {
        /** {@code theta - a d}: the paper's SGD look-ahead. */
        DESCENT,
        /** {@code theta + a d}: what the authors' released code does. */
        ASCENT;

        /** -1 for descent, +1 for ascent. */
        public double sign() {
            return this == DESCENT ? -1.0 : 1.0;
        }
    }

    /** Form of the learning-rate update. */
    public enum Update { ADDITIVE, MULTIPLICATIVE, LOG }

    /** What the look-ahead steps along. */
    public enum Direction {
        /** The training gradient {@code g} (the paper, the released code). */
        GRADIENT,
        /**
         * The update the real optimizer would apply per unit rate at this step ({@link
         * ParameterUpdater#direction}): the look-ahead measures the step that is then taken.
         */
        OPTIMIZER
    }

    /** The signal the update moves a rate with. */
    public enum Normalize {
        /** The hypergradient {@code dL/da_j}. */
        NONE,
        /**
         * Its cosine: {@code s sum_p <h_p, d_p> / (|h_j| |d_j|)}, the norms over the group's tensors, in
         * [-1, 1] whatever the group's gradient scale, so that one eta means the same for every group. A
         * group where either norm is zero gets signal 0 (its rate stays).
         */
        COSINE
    }

    /** The paper's lowest learning rate. */
    public static final double FLOOR = 1e-6;
    /** The released code's highest learning rate. */
    public static final double OFFICIAL_CEILING = 1e-2;

    public LrRule {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an LR rule needs a name");
        }
        if (lookAhead == null || update == null || direction == null || normalize == null) {
            throw new IllegalArgumentException("LR rule '" + name + "' needs a look-ahead, an update form, a direction"
                    + " and a signal");
        }
        if (!(hyperLr > 0) || Double.isInfinite(hyperLr)) {
            throw new IllegalArgumentException("hyper learning rate must be positive and finite: " + hyperLr);
        }
        if (!(floor > 0) || Double.isNaN(ceiling) || (floorRelative == ceilingRelative && !(ceiling >= floor))) {
            throw new IllegalArgumentException(
                    "learning-rate bounds must satisfy 0 < floor <= ceiling: [" + bound(floor, floorRelative) + ", "
                            + bound(ceiling, ceilingRelative) + "]");
        }
        if ((floorRelative && floor > 1) || (ceilingRelative && ceiling < 1)) {
            throw new IllegalArgumentException("relative learning-rate bounds must contain the initial rate (a floor"
                    + " factor at most 1, a ceiling factor at least 1): [" + bound(floor, floorRelative) + ", "
                    + bound(ceiling, ceilingRelative) + "]");
        }
        if (holdLastEpochs < 0) {
            throw new IllegalArgumentException("holdLastEpochs must be >= 0: " + holdLastEpochs);
        }
        if (metaEvery < 1) {
            throw new IllegalArgumentException("metaEvery must be >= 1: " + metaEvery);
        }
    }

    /**
     * A rule of the paper's kind: the look-ahead along the gradient, the raw hypergradient as the
     * signal, absolute bounds, the rates moving every iteration.
     */
    public LrRule(String name, LookAhead lookAhead, Update update, double hyperLr, double floor, double ceiling,
            int holdLastEpochs) {
        this(name, lookAhead, update, hyperLr, floor, ceiling, holdLastEpochs, Direction.GRADIENT, Normalize.NONE,
                false, false, 1);
    }

    /** The paper (eq. 2-4): descent look-ahead, additive update, floor 1e-6, no ceiling. */
    public static LrRule paper(double hyperLr) {
        return new LrRule("paper", LookAhead.DESCENT, Update.ADDITIVE, hyperLr, FLOOR, Double.POSITIVE_INFINITY, 0);
    }

    /**
     * The authors' released code: ascent look-ahead, multiplicative update clamped to [1e-6, 1e-2], eta
     * 0.1, the last group held at its initial learning rate for the first 5 epochs. The ascent look-ahead
     * inverts the paper's rule to first order (see the class comment): a group whose training and
     * validation gradients agree gets a lower rate, not a higher one. Kept as it is because it
     * reproduces the released code.
     */
    public static LrRule official() {
        return new LrRule("official", LookAhead.ASCENT, Update.MULTIPLICATIVE, 0.1, FLOOR, OFFICIAL_CEILING, 5);
    }

    /** The paper's descent look-ahead with the multiplicative update clamped to [1e-6, 1e-2]. */
    public static LrRule multiplicative(double hyperLr) {
        return new LrRule("multiplicative", LookAhead.DESCENT, Update.MULTIPLICATIVE, hyperLr, FLOOR,
                OFFICIAL_CEILING, 0);
    }

    /**
     * The paper's direction with a scale-free signal: {@link #multiplicative} with {@link Normalize#COSINE}
     * (descent look-ahead along the gradient, multiplicative update clamped to [1e-6, 1e-2], no hold). The
     * signal is the cosine of the validation gradient at the look-ahead and the training gradient, so one
     * eta suits every group whatever its gradient scale. The rule the study supports (paired seeds on two
     * tasks, against {@code official}); the command's default.
     */
    public static LrRule cosine(double hyperLr) {
        return new LrRule("cosine", LookAhead.DESCENT, Update.MULTIPLICATIVE, hyperLr, FLOOR, OFFICIAL_CEILING, 0,
                Direction.GRADIENT, Normalize.COSINE, false, false, 1);
    }

    /** The named rules, as {@link #named} knows them. */
    public static final List<String> NAMES = List.of("paper", "official", "multiplicative",
            "cosine");

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
            case "cosine":
                return cosine(hyperLr);
            default:
                throw new IllegalArgumentException(
                        "unknown LR rule '" + name + "'; expected one of " + String.join(", ", NAMES));
        }
    }

    public LrRule withHyperLr(double eta) {
        return new LrRule(name, lookAhead, update, eta, floor, ceiling, holdLastEpochs, direction, normalize,
                floorRelative, ceilingRelative, metaEvery);
    }

    /** Absolute bounds. */
    public LrRule withBounds(double newFloor, double newCeiling) {
        return withBounds(newFloor, false, newCeiling, false);
    }

    /** Bounds, each absolute or a factor of the group's initial rate. */
    public LrRule withBounds(double newFloor, boolean newFloorRelative, double newCeiling, boolean newCeilingRelative) {
        return new LrRule(name, lookAhead, update, hyperLr, newFloor, newCeiling, holdLastEpochs, direction, normalize,
                newFloorRelative, newCeilingRelative, metaEvery);
    }

    public LrRule withHoldLastEpochs(int epochs) {
        return new LrRule(name, lookAhead, update, hyperLr, floor, ceiling, epochs, direction, normalize,
                floorRelative, ceilingRelative, metaEvery);
    }

    public LrRule withUpdate(Update newUpdate) {
        return new LrRule(name, lookAhead, newUpdate, hyperLr, floor, ceiling, holdLastEpochs, direction, normalize,
                floorRelative, ceilingRelative, metaEvery);
    }

    public LrRule withDirection(Direction newDirection) {
        return new LrRule(name, lookAhead, update, hyperLr, floor, ceiling, holdLastEpochs, newDirection, normalize,
                floorRelative, ceilingRelative, metaEvery);
    }

    public LrRule withNormalize(Normalize newNormalize) {
        return new LrRule(name, lookAhead, update, hyperLr, floor, ceiling, holdLastEpochs, direction, newNormalize,
                floorRelative, ceilingRelative, metaEvery);
    }

    public LrRule withMetaEvery(int k) {
        return new LrRule(name, lookAhead, update, hyperLr, floor, ceiling, holdLastEpochs, direction, normalize,
                floorRelative, ceilingRelative, k);
    }

    /** The lowest rate of a group that started at {@code initial}. */
    public double floor(double initial) {
        return floorRelative ? floor * initial : floor;
    }

    /** The highest rate of a group that started at {@code initial}. */
    public double ceiling(double initial) {
        return ceilingRelative ? ceiling * initial : ceiling;
    }

    /** The bounds of a group that started at {@code initial}, for messages: {@code [1.0E-6, 0.01]}. */
    public String bounds(double initial) {
        return "[" + floor(initial) + ", " + ceiling(initial) + "]";
    }

    /** The bounds as the command line spells them: {@code 1.0E-6,0.01}, {@code 0.01x,10.0x}. */
    public String spelledBounds() {
        return bound(floor, floorRelative) + "," + bound(ceiling, ceilingRelative);
    }

    private static String bound(double value, boolean relative) {
        return relative ? value + "x" : Double.toString(value);
    }

    /** The next learning rate of one group from its current one and its signal, under absolute bounds. */
    public double next(double lr, double signal) {
        if (floorRelative || ceilingRelative) {
            throw new IllegalStateException("rule '" + name + "' has relative bounds: call next(lr, signal, initial)");
        }
        return next(lr, signal, Double.NaN);
    }

    /** The next learning rate of a group that started at {@code initial}, from its current one and its signal. */
    public double next(double lr, double signal, double initial) {
        double moved = switch (update) {
            case ADDITIVE -> lr - hyperLr * signal;
            case MULTIPLICATIVE -> lr * (1.0 - hyperLr * signal);
            case LOG -> lr * Math.exp(-hyperLr * signal);
        };
        return Math.min(Math.max(moved, floor(initial)), ceiling(initial));
    }

    /** Whether the rates move at {@code iteration} (counted from 1): iterations 1, 1 + K, 1 + 2K, ... */
    public boolean learnsAt(long iteration) {
        return (iteration - 1) % metaEvery == 0;
    }

    /** Whether the last group's learning rate is held in {@code epoch} (counted from 1). */
    public boolean holdsLast(int epoch) {
        return epoch <= holdLastEpochs;
    }
}
