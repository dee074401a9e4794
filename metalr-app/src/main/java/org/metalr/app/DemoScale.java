package org.metalr.app;

import java.util.List;
import java.util.Locale;
import org.metalr.api.UserInputException;
import org.metalr.data.synthetic.SyntheticConfig;

/**
 * The sizes of one demo: the synthetic dataset, the network's width, and the epochs and batches of
 * pre-training and fine-tuning.
 *
 * @param name            {@code full}, {@code quick} or {@code tiny}
 * @param data            the synthetic source and target domains
 * @param width           ResNet-18's base width (torchvision: 64)
 * @param pretrainEpochs  epochs of plain Adam on the source domain
 * @param finetuneEpochs  epochs of each method on the target domain
 * @param batchSize       batch size of both
 * @param holdLastEpochs  epochs MetaLR holds the classifier's rate (the official rule: 5)
 * @param seeds           fine-tuning seeds
 */
record DemoScale(String name, SyntheticConfig data, int width, int pretrainEpochs, int finetuneEpochs, int batchSize,
        int holdLastEpochs, List<Long> seeds) {

    /** About 5 minutes on two cores: 64x64 images, 2,500 source and 150 target training images. */
    static final DemoScale FULL = new DemoScale("full", SyntheticConfig.defaults(0), 16, 8, 12, 32, 3,
            List.of(0L, 1L, 2L));

    /** About a minute on two cores: 32x32 images, 600 source and 60 target training images. */
    static final DemoScale QUICK = new DemoScale("quick", new SyntheticConfig(64, 400, 40, 30, 15, 60, 0), 16, 7, 8, 32,
            2, List.of(0L));

    /** Seconds: for tests. */
    static final DemoScale TINY = new DemoScale("tiny", new SyntheticConfig(16, 5, 1, 4, 2, 2, 0), 4, 1, 1, 4, 0,
            List.of(0L));

    /** The scale called {@code name}. */
    static DemoScale named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "full" -> FULL;
            case "quick" -> QUICK;
            case "tiny" -> TINY;
            default -> throw new UserInputException("--scale must be full, quick or tiny, got '" + name + "'");
        };
    }

    /** One line for the console. */
    String describe() {
        SyntheticConfig d = data;
        return String.format(Locale.ROOT, "%dx%d images; pre-training ResNet-18 (width %d) on %d source images for %d"
                + " epochs; fine-tuning on %d target images (%d meta-validation, %d test) for %d epochs, batch %d",
                d.imageSize(), d.imageSize(), width, 5 * d.sourceTrainPerClass(), pretrainEpochs,
                3 * d.targetTrainPerClass(), 3 * d.targetValPerClass(), 3 * d.targetTestPerClass(), finetuneEpochs,
                batchSize);
    }
}
