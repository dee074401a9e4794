package org.metalr.data.volume;

import java.util.List;
import java.util.Map;
import org.metalr.data.DataFingerprint;
import org.metalr.data.layout.Dataset;

/**
 * Volumes with masks, as a segmentation layout opened them and split them by case: what a segmentation
 * network trains on. A run {@link #open}s its sets; the layout decides how cases are read (LiTS: CT windowed,
 * liver and tumour as one foreground class) and the request's crop options how they are cut.
 */
public interface VolumeDataset extends Dataset {

    /** The foreground classes, one per output channel of the network. */
    List<String> classes();

    /** The sets' sizes for the console: "3 training, 1 meta-validation, 1 test cases". */
    String sizes();

    /** How inputs are prepared, for a run's {@code config.json} ({@link org.metalr.data.layout.CropOptions#preprocessing()}). */
    Map<String, Object> preprocessing();

    /**
     * The sets of a run, reading nothing yet: crops are cut and volumes loaded when batches and
     * evaluations ask. Each call starts its own cache of loaded volumes.
     *
     * @param augmentMetaValidation flip meta-validation crops as training ones (otherwise they are not flipped)
     */
    SegmentationSets open(boolean augmentMetaValidation);

    /** Every file the sets read, for {@link DataFingerprint}; empty if the dataset does not say. */
    default DataFingerprint fingerprint() {
        return new DataFingerprint(List.of());
    }

    /** Volume datasets split by case and are not cross-validated. */
    @Override
    default int folds() {
        return 1;
    }

    @Override
    default boolean crossValidated() {
        return false;
    }
}
