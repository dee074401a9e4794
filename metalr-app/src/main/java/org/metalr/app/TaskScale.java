package org.metalr.app;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.metalr.api.UserInputException;

/**
 * The sizes of one task at one scale: the network's width, and the epochs, rates and batches of
 * pre-training and fine-tuning. What data a scale uses is the task's business ({@link StudyTask#open}).
 *
 * @param name           {@code full}, {@code quick}, {@code tiny}, ...
 * @param imageSize      side of the square input
 * @param width          ResNet-18's base width (torchvision: 64)
 * @param pretrainEpochs epochs of Adam on the source, every group at {@code pretrainLr}
 * @param pretrainLr     pre-training's rate
 * @param pretrainBatch  pre-training's batch size
 * @param finetuneEpochs epochs of each method on the target
 * @param batchSize      fine-tuning's batch size (training and meta-validation)
 * @param seeds          fine-tuning seeds when the command is given none
 * @param data           one line on the data at this scale, for the console and pages
 */
public record TaskScale(String name, int imageSize, int width, int pretrainEpochs, double pretrainLr,
        int pretrainBatch, int finetuneEpochs, int batchSize, List<Long> seeds, String data) {

    public TaskScale {
        Objects.requireNonNull(name, "name");
        seeds = List.copyOf(seeds);
        Objects.requireNonNull(data, "data");
    }

    /**
     * The entry of {@code scales} (keyed by lower-case scale name) that {@code name} names, case ignored.
     *
     * @throws UserInputException naming {@code --scale} and the task's scales for an unknown name
     */
    static <T> T named(Map<String, T> scales, String name, StudyTask task) {
        T s = scales.get(name.toLowerCase(Locale.ROOT));
        if (s == null) {
            throw new UserInputException("--scale must be one of " + String.join(", ", task.scales()) + " for the "
                    + task.name() + " task, got '" + name + "'");
        }
        return s;
    }

    /** One line for the console: the data, the network and the epochs. */
    String describe() {
        return String.format(Locale.ROOT, "%s; %dx%d images; ResNet-18 (width %d) pre-trained for %d epochs"
                + " (Adam at %s, batch %d), fine-tuned for %d epochs (batch %d)", data, imageSize, imageSize, width,
                pretrainEpochs, Double.toString(pretrainLr), pretrainBatch, finetuneEpochs, batchSize);
    }
}
