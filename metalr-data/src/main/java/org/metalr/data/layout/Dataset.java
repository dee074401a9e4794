package org.metalr.data.layout;

/**
 * A dataset as a {@link DatasetLayout} opened it: scanned and checked, ready to give the sets of each
 * run. One of two kinds, which is all the trainer ever distinguishes: an
 * {@link org.metalr.data.image.ImageDataset} (labelled images for a classifier) or a
 * {@link org.metalr.data.volume.VolumeDataset} (volumes with masks for a segmentation network). Holds
 * no open files or native memory; immutable.
 */
public interface Dataset {

    /** What the data is, for messages and {@code config.json}: "POCUS in /data/pocus, 5 folds". */
    String description();

    /** The runs the dataset gives: its folds when it is cross-validated, else 1. */
    int folds();

    /** Whether each run tests on one fold of a cross-validation. */
    boolean crossValidated();
}
