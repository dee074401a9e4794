package org.metalr.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.metalr.api.UserInputException;
import org.metalr.data.DatasetSplits;
import org.metalr.data.layout.DataRequest;
import org.metalr.data.layout.Dataset;
import org.metalr.data.layout.DatasetLayout;
import org.metalr.data.layout.DatasetLayouts;
import org.metalr.data.image.ImageDataset;
import org.metalr.data.volume.VolumeDataset;

/**
 * The dataset {@link DataOptions} describe, opened once by the layout {@code --dataset} names (any
 * layout in {@link DatasetLayouts#registry()}): its runs, each with its train, meta-validation and test
 * sets. The layouts themselves, and what {@code --data}, the fractions and {@code --folds} mean to each,
 * live in {@code metalr-data}; here the options become a {@link DataRequest} and each run's data a
 * {@link RunData}. Scanning is strict: a corrupt or unsupported image, an empty class folder or a
 * manifest row naming a missing file stops the command with a message naming the file.
 */
final class DataSource {

    private final Dataset dataset;

    private DataSource(Dataset dataset) {
        this.dataset = dataset;
    }

    /**
     * Scans the dataset the options name.
     *
     * @param generatedData where generated data goes when {@code --data} is not given
     * @param numClasses    {@code --num-classes}, or null
     * @throws UserInputException naming the flag for inconsistent options, or the file for bad data
     * @throws IOException if a folder cannot be listed
     */
    static DataSource open(DataOptions o, Path generatedData) throws IOException {
        return open(o, generatedData, null);
    }

    /** As {@link #open(DataOptions, Path)}, integer manifest labels indexing {@code numClasses} classes when not null. */
    static DataSource open(DataOptions o, Path generatedData, Integer numClasses) throws IOException {
        DataRequest request = o.request(generatedData, numClasses);
        DatasetLayout layout = o.layout();
        if (layout.task() == DatasetLayout.Task.SEGMENTATION) {
            request = request.withCrops(o.crops());
        }
        return new DataSource(DatasetLayouts.open(layout, request));
    }

    /** What the data is, for messages and config.json. */
    String description() {
        return dataset.description();
    }

    /**
     * Fails unless the model fits the data: a segmentation network needs a segmentation layout's volumes,
     * the others classify images.
     */
    void requireFits(ModelOptions model) {
        if (model.segmentation() != segmentation()) {
            throw new UserInputException(model.segmentation()
                    ? "--model " + model.model + " segments volumes; it needs " + segmentationLayouts() + ", not the "
                            + description()
                    : "--model " + model.model + " classifies images; the " + description() + " needs --model unet3d");
        }
    }

    private static String segmentationLayouts() {
        return DatasetLayouts.registry().all().stream().filter(l -> l.task() == DatasetLayout.Task.SEGMENTATION)
                .map(l -> "--dataset " + l.name()).collect(Collectors.joining(" or "));
    }

    /** Input channels of the model: 1 for the U-Net's CT volumes, else the images' (1 or 3). */
    static int channels(ModelOptions model) {
        return model.segmentation() ? 1 : model.imageChannels();
    }

    /** Whether the data are volumes with masks (segmentation) rather than labelled images. */
    boolean segmentation() {
        return dataset instanceof VolumeDataset;
    }

    /**
     * The data of run {@code fold}: images through the options' pipeline for {@code channels}-channel
     * input (normalised as the dataset suits unless {@code --mean}/{@code --std}), or volumes cut as the
     * layout was asked.
     *
     * @throws UserInputException for a fold out of range or options that do not fit
     */
    RunData run(int fold, DataOptions o, int channels) {
        if (dataset instanceof VolumeDataset volumes) {
            return RunData.volumes(volumes);
        }
        ImageDataset images = images();
        return RunData.images(images.splits(fold), o.pipeline(channels, images.normalization()));
    }

    /** Whether the test set is one fold of a cross-validation. */
    boolean crossValidated() {
        return dataset.crossValidated();
    }

    /** Folds of the cross-validation; 1 when there is none. */
    int folds() {
        return dataset.folds();
    }

    /**
     * The three sets of run {@code fold} (0 without cross-validation).
     *
     * @throws UserInputException if the fold is out of range or a set is empty
     */
    DatasetSplits splits(int fold) {
        return images().splits(fold);
    }

    private ImageDataset images() {
        if (dataset instanceof ImageDataset images) {
            return images;
        }
        throw new IllegalStateException("the " + description() + " holds volumes, not image splits");
    }
}
