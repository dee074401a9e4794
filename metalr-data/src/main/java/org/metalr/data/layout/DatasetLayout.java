package org.metalr.data.layout;

import java.io.IOException;
import java.nio.file.Path;
import org.metalr.api.registry.Named;

/**
 * How a dataset lies on disk: BUSI as downloaded, Kermany's chest X-rays, POCUS's folds, a CSV manifest,
 * LiTS volumes, ... A layout recognises its own marks in a folder or file, lists the samples with their
 * labels and splits or folds (or, for segmentation, its cases) and checks them.
 *
 * <p>Layouts are found by name through {@link DatasetLayouts#registry()}: a new layout is one class with a
 * public no-argument constructor plus its name in {@code META-INF/services/org.metalr.data.layout.DatasetLayout}.
 * The command's {@code --dataset} takes any registered name, and its help and its "expected one of" error
 * list them.
 *
 * <p>Call order: {@link #recognise} any number of times (cheap, never fails); {@link #open} once per
 * request. Implementations hold no state and are thread-safe.
 */
public interface DatasetLayout extends Named {

    /** What the data of a layout trains: a classifier on labelled images, or a segmentation network on volumes. */
    enum Task {
        /** Labelled images; {@link #open} gives an {@link org.metalr.data.image.ImageDataset}. */
        CLASSIFICATION,
        /** Volumes with masks; {@link #open} gives a {@link org.metalr.data.volume.VolumeDataset}. */
        SEGMENTATION
    }

    /** What the data trains. */
    Task task();

    /**
     * Whether {@code path} (a folder, or a file such as a manifest) looks like this layout's data, from
     * names alone: a few directory listings, no decoding. For messages such as "this looks like a POCUS
     * folder" and for {@link DatasetLayouts#detect}.
     *
     * @return {@link Recognition#none()} for a missing or unreadable path; never throws
     */
    Recognition recognise(Path path);

    /**
     * Scans and checks the data the request names: every sample or case listed with its label and
     * split or fold, in a fixed order, so the same files and settings give the same sets.
     *
     * @return an {@link org.metalr.data.image.ImageDataset} for {@link Task#CLASSIFICATION}, a
     *     {@link org.metalr.data.volume.VolumeDataset} for {@link Task#SEGMENTATION}
     * @throws org.metalr.api.UserInputException naming the setting ({@code --data}, {@code --folds}, ...) or
     *     the file: missing or malformed data, settings the layout cannot take (folds for a layout with its
     *     own test split, ...), splits that leave a set empty
     * @throws IOException if a folder cannot be listed
     */
    Dataset open(DataRequest request) throws IOException;
}
