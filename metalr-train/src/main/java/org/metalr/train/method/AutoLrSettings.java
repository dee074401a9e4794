package org.metalr.train.method;

import java.util.List;

/**
 * AutoLR's constants (Ro and Choi, AAAI 2021), with the authors' values as defaults.
 *
 * @param threshold         rank agreement an epoch needs to be accepted, in the first epoch
 * @param thresholdDecay    factor applied to the threshold at the start of each later epoch ...
 * @param thresholdFloor    ... while the threshold is above this value
 * @param lowTargetFactor   first epoch's retry targets start at this multiple of the smallest variation
 * @param highTargetFactor  ... and end at this multiple of the largest
 * @param stemFactor        the stem's rate after a retry: this multiple of the first adjusted block's
 * @param maxTrials         trials of one epoch; the last is accepted whatever its agreement (the
 *                          authors' code retries without limit)
 */
public record AutoLrSettings(double threshold, double thresholdDecay, double thresholdFloor, double lowTargetFactor,
        double highTargetFactor, double stemFactor, int maxTrials) {

    /** @throws InvalidConfigException naming the setting when a value is out of range */
    public AutoLrSettings {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new InvalidConfigException("autolr-threshold", "must lie in [0, 1], got " + threshold);
        }
        if (!(thresholdDecay > 0 && thresholdDecay <= 1)) {
            throw new InvalidConfigException("autolr-threshold-decay", "must lie in (0, 1], got " + thresholdDecay);
        }
        if (!(thresholdFloor >= 0 && thresholdFloor <= 1)) {
            throw new InvalidConfigException("autolr-threshold-floor", "must lie in [0, 1], got " + thresholdFloor);
        }
        if (!(lowTargetFactor > 0 && Double.isFinite(lowTargetFactor))) {
            throw new InvalidConfigException("autolr-low-target", "must be positive and finite, got " + lowTargetFactor);
        }
        if (!(highTargetFactor > 0 && Double.isFinite(highTargetFactor))) {
            throw new InvalidConfigException("autolr-high-target", "must be positive and finite, got " + highTargetFactor);
        }
        if (!(stemFactor > 0 && Double.isFinite(stemFactor))) {
            throw new InvalidConfigException("autolr-stem-factor", "must be positive and finite, got " + stemFactor);
        }
        if (maxTrials < 1) {
            throw new InvalidConfigException("autolr-max-trials", "must be at least 1, got " + maxTrials);
        }
    }

    /**
     * The options of {@code autolr}'s spelling ({@code autolr:threshold=0.9:max-trials=5}), in the order
     * of the components: {@code threshold}, {@code threshold-decay}, {@code threshold-floor},
     * {@code low-target}, {@code high-target}, {@code stem-factor}, {@code max-trials}.
     */
    public static final List<String> OPTIONS = List.of("threshold", "threshold-decay", "threshold-floor",
            "low-target", "high-target", "stem-factor", "max-trials");

    private static final int MAX_TRIALS = OPTIONS.indexOf("max-trials");

    /** The authors' values: 0.94, 0.99 while above 0.8, targets from 2x min to 0.4x max, stem 0.5; 10 trials. */
    public static AutoLrSettings defaults() {
        return new AutoLrSettings(0.94, 0.99, 0.8, 2.0, 0.4, 0.5, 10);
    }

    /**
     * These settings with option {@code option} (one of {@link #OPTIONS}) set to {@code value}.
     *
     * @throws InvalidConfigException naming the setting ({@code autolr-threshold}, ...) when the value is
     *     out of range, or {@code max-trials} is not a whole number
     * @throws IllegalArgumentException for an option not in {@link #OPTIONS}
     */
    public AutoLrSettings with(String option, double value) {
        int i = index(option);
        double[] v = values();
        v[i] = value;
        if (i == MAX_TRIALS && !(value == Math.rint(value) && Math.abs(value) <= Integer.MAX_VALUE)) {
            throw new InvalidConfigException("autolr-max-trials", "must be a whole number, got " + value);
        }
        return new AutoLrSettings(v[0], v[1], v[2], v[3], v[4], v[5], (int) v[MAX_TRIALS]);
    }

    /** The value of {@code option} as a spelling writes it ({@code 0.94}, {@code 10}). */
    public String spelled(String option) {
        int i = index(option);
        double v = values()[i];
        return i == MAX_TRIALS ? Long.toString((long) v) : Double.toString(v);
    }

    private double[] values() {
        return new double[] {threshold, thresholdDecay, thresholdFloor, lowTargetFactor, highTargetFactor, stemFactor,
            maxTrials};
    }

    private static int index(String option) {
        int i = OPTIONS.indexOf(option);
        if (i < 0) {
            throw new IllegalArgumentException("AutoLR has no option '" + option + "'; it has " + OPTIONS);
        }
        return i;
    }
}
