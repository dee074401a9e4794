package org.metalr.data.volume;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.metalr.data.SegmentationSource;

/**
 * The four sets of one segmentation run, as a {@link VolumeDataset} opens them: crops with masks to train
 * on and to draw MetaLR's validation batches from, and whole volumes to select the model on and to test,
 * each predicted by sliding {@code window} over it. The sets may share a cache of loaded volumes; nothing
 * here needs closing.
 *
 * @param train          training crops
 * @param metaValidation MetaLR's validation crops
 * @param validation     whole volumes for model selection
 * @param test           whole volumes for the final figures only
 * @param window         the evaluation tiles
 * @param description    what a run's {@code config.json} records about these sets beyond their sizes (which
 *                       cases each holds, how crops are cut), in the order written
 */
public record SegmentationSets(SegmentationSource train, SegmentationSource metaValidation, VolumeSet validation,
        VolumeSet test, SlidingWindow window, Map<String, Object> description) {

    public SegmentationSets {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(metaValidation, "metaValidation");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(window, "window");
        description = Collections.unmodifiableMap(new LinkedHashMap<>(description));
    }
}
