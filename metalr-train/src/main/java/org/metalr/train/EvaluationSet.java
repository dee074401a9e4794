package org.metalr.train;

import java.util.Objects;
import org.metalr.data.BatchLoader;
import org.metalr.data.volume.SlidingWindow;
import org.metalr.data.volume.VolumeSet;

/**
 * A set the trainer evaluates a model on: the validation set after every epoch (model selection) or
 * the test set at the end. Classification sets are batches of samples in order; segmentation sets are
 * whole volumes, predicted tile by tile. Holds no native memory; the data it refers to is not owned.
 */
public sealed interface EvaluationSet {

    /** Samples (classification) or volumes (segmentation) in the set. */
    int size();

    /** What {@link #size()} counts: {@code samples} or {@code volumes}. */
    String unit();

    /**
     * Class-labelled samples, epoch 0 of {@code loader} (in order, without augmentation); figures from the
     * logits of {@code forward(inputs, false)}.
     */
    record Samples(BatchLoader loader) implements EvaluationSet {

        public Samples {
            Objects.requireNonNull(loader, "loader");
        }

        @Override
        public int size() {
            return loader.source().size();
        }

        @Override
        public String unit() {
            return "samples";
        }
    }

    /**
     * Whole volumes, each predicted by sliding {@code window} over it, one tile per
     * {@code forward(tile, false)}, the tiles' probabilities averaged where they overlap; Dice, PPV and
     * sensitivity against its mask per volume (filed under the volume's name) and over all voxels.
     *
     * @param volumes the volumes, in evaluation order, as a volume dataset provides them
     * @param window  the tiles: the training crop's size, with some overlap
     */
    record Volumes(VolumeSet volumes, SlidingWindow window) implements EvaluationSet {

        public Volumes {
            Objects.requireNonNull(volumes, "volumes");
            Objects.requireNonNull(window, "window");
        }

        @Override
        public int size() {
            return volumes.size();
        }

        @Override
        public String unit() {
            return "volumes";
        }
    }
}
