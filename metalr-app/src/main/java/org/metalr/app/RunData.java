package org.metalr.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.metalr.data.DatasetSplits;
import org.metalr.data.image.ImagePipeline;
import org.metalr.data.volume.VolumeDataset;
import org.metalr.train.TrainConfig;
import org.metalr.train.TrainingData;

/**
 * The data of one run, ready to be opened as the trainer's batch streams: image splits with their
 * pipeline, or volumes with their crops. Holds no open resources; {@link #open} does.
 *
 * @param classes       class names, indexed by label
 * @param sizes         the sets' sizes, for the console ("180 training, 90 meta-validation, 600 test images")
 * @param preprocessing how inputs are prepared, for {@code config.json} (image size, normalisation, ...)
 * @param opener        opens the streams for a run's settings
 */
record RunData(List<String> classes, String sizes, Map<String, Object> preprocessing, Opener opener) {

    /** Opens a run's batch streams. */
    @FunctionalInterface
    interface Opener {
        TrainingData open(TrainConfig config, TrainingData.Options loader);
    }

    RunData {
        classes = List.copyOf(classes);
        Objects.requireNonNull(sizes, "sizes");
        preprocessing = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(preprocessing));
        Objects.requireNonNull(opener, "opener");
    }

    /** Opens the streams; the caller closes them. */
    TrainingData open(TrainConfig config, TrainingData.Options loader) {
        return opener.open(config, loader);
    }

    /**
     * Images: {@code splits} through {@code input}'s pipeline (evaluation without its augmentation); the
     * preprocessing recorded is the preset and every setting of the pipeline.
     */
    static RunData images(DatasetSplits splits, ImageOptions.Input input) {
        String sizes = splits.train().size() + " training, " + splits.metaValidation().size() + " meta-validation, "
                + (splits.hasTest() ? splits.test().size() + " test images" : "no test images");
        ImagePipeline pipeline = input.pipeline();
        return new RunData(splits.train().classes(), sizes, input.settings(),
                (config, loader) -> TrainingData.images(splits, pipeline, config, loader));
    }

    /** Volumes: crops of the training cases, whole volumes for selection and testing, as the dataset cuts them. */
    static RunData volumes(VolumeDataset dataset) {
        return new RunData(dataset.classes(), dataset.sizes(), dataset.preprocessing(),
                (config, loader) -> TrainingData.volumes(dataset, config, loader));
    }
}
