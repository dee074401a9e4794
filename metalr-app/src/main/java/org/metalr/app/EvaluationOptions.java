package org.metalr.app;

import org.metalr.stats.Bootstrap;
import org.metalr.train.EvaluationSettings;
import picocli.CommandLine.Option;

/**
 * How a run's figures are computed and tracked, beyond the training itself: {@code --nsd-tolerance},
 * {@code --bootstrap-resamples}, {@code --confidence-level} and {@code --no-tensorboard}. None of them
 * changes a weight or a learning rate.
 */
@HelpSection("Evaluation and output")
final class EvaluationOptions {

    @Option(names = "--nsd-tolerance", paramLabel = "MM",
            description = "tolerance of the normalised surface Dice of a segmentation, in millimetres of the NIfTI"
                    + " header's spacing (default: ${DEFAULT-VALUE})", defaultValue = "1.0")
    double nsdToleranceMm;

    @Option(names = "--bootstrap-resamples", paramLabel = "N",
            description = "resamples of the bootstrap intervals of the test figures and of the paired differences"
                    + " (default: ${DEFAULT-VALUE})", defaultValue = "" + Bootstrap.DEFAULT_RESAMPLES)
    int resamples;

    @Option(names = "--confidence-level", paramLabel = "P",
            description = "level of those intervals, between 0 and 1 (default: ${DEFAULT-VALUE})",
            defaultValue = "" + Bootstrap.DEFAULT_LEVEL)
    double level;

    @Option(names = "--no-tensorboard", description = "write no TensorBoard event files under RUN/tensorboard")
    boolean noTensorBoard;

    /**
     * The settings, checked.
     *
     * @throws org.metalr.train.method.InvalidConfigException naming the flag whose value is out of range
     */
    EvaluationSettings settings() {
        return new EvaluationSettings(nsdToleranceMm, resamples, level, EvaluationSettings.DEFAULTS.seed());
    }

    /** The bootstrap of a comparison's paired intervals: these resamples and level, the default seed. */
    Bootstrap bootstrap() {
        return settings().bootstrap();
    }
}
