package org.metalr.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.metalr.stats.Bootstrap;
import org.metalr.train.method.InvalidConfigException;

/**
 * How a run's figures are computed beyond the predictions themselves, written to {@code config.json}
 * under {@code evaluation} ({@link #settings()}): the tolerance of the normalised surface Dice of a
 * segmentation, and the percentile bootstrap of the test figures' confidence intervals (stratified by
 * class for classification, over volumes for segmentation). Training never reads them: they change
 * figures, not weights. The defaults: 1 mm, 10,000 resamples, 95% intervals, seed 0.
 *
 * @param surfaceToleranceMm the surface Dice's tolerance in millimetres, finite and at least 0
 * @param resamples          bootstrap resamples, at least 1
 * @param level              the intervals' confidence level, in (0, 1)
 * @param seed               the bootstrap's seed: the same seed, resamples and predictions give the same
 *                           intervals on every machine
 */
public record EvaluationSettings(double surfaceToleranceMm, int resamples, double level, long seed) {

    /** The defaults. */
    public static final EvaluationSettings DEFAULTS = new EvaluationSettings(1.0, Bootstrap.DEFAULT_RESAMPLES,
            Bootstrap.DEFAULT_LEVEL, 0);

    /** @throws InvalidConfigException naming the setting as the command line spells it when a value is out of range */
    public EvaluationSettings {
        if (!(surfaceToleranceMm >= 0 && surfaceToleranceMm < Double.POSITIVE_INFINITY)) {
            throw new InvalidConfigException("nsd-tolerance", "must be a finite number of millimetres >= 0, got "
                    + surfaceToleranceMm);
        }
        if (resamples < 1) {
            throw new InvalidConfigException("bootstrap-resamples", "must be at least 1, got " + resamples);
        }
        if (!(level > 0 && level < 1)) {
            throw new InvalidConfigException("confidence-level", "must lie strictly between 0 and 1, got " + level);
        }
    }

    /** The bootstrap of the intervals. */
    public Bootstrap bootstrap() {
        return new Bootstrap(resamples, level, seed);
    }

    /** The settings as plain JSON values, the {@code evaluation} part of {@code config.json}, named as their flags ({@code nsdTolerance} in millimetres). */
    public Map<String, Object> settings() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("nsdTolerance", surfaceToleranceMm);
        out.put("bootstrapResamples", resamples);
        out.put("confidenceLevel", level);
        out.put("bootstrapSeed", seed);
        return out;
    }
}
