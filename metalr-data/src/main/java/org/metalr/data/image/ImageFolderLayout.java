package org.metalr.data.image;

import java.nio.file.Files;
import java.nio.file.Path;
import org.metalr.api.UserInputException;
import org.metalr.data.DatasetSplits;
import org.metalr.data.LabelledSet;
import org.metalr.data.ScanOptions;
import org.metalr.data.layout.DataRequest;
import org.metalr.data.layout.Dataset;
import org.metalr.data.layout.DatasetLayout;
import org.metalr.data.layout.Recognition;

/**
 * The {@code imagefolder} layout: torchvision's {@link ImageFolder}s, in one of three forms.
 * <ul>
 *   <li>{@code --data DIR} with split folders {@code DIR/train, val, test} ({@link SplitFolders}; without
 *       {@code val}, {@code --val-fraction} of train is held out);</li>
 *   <li>{@code --data DIR} of class folders: one set, cut by {@code --val-fraction} and
 *       {@code --test-fraction}, or into {@code --folds};</li>
 *   <li>the split folders given one by one: {@code --train-data} and {@code --test-data}, with
 *       {@code --val-data} or else {@code --val-fraction} of train held out; or {@code --train-data} and
 *       {@code --val-data} alone, a run without a test set whose figures are validation figures. The
 *       training folder fixes the classes.</li>
 * </ul>
 */
public final class ImageFolderLayout implements DatasetLayout {

    @Override
    public String name() {
        return "imagefolder";
    }

    @Override
    public String summary() {
        return "split folders DIR/train, val, test, or one folder of classes";
    }

    @Override
    public Task task() {
        return Task.CLASSIFICATION;
    }

    @Override
    public Recognition recognise(Path path) {
        if (Files.isDirectory(path.resolve("train")) && Files.isDirectory(path.resolve("test"))) {
            return Recognition.generic("split folders (train/, test/)");
        }
        return ImageFolder.hasClassFolders(path) ? Recognition.generic("a folder of class folders") : Recognition.none();
    }

    @Override
    public Dataset open(DataRequest request) {
        ScanOptions scan = request.scan();
        if (request.hasSplitFolders()) {
            return explicit(request, scan);
        }
        Path root = request.requireData(name());
        if (Files.isDirectory(root.resolve("train"))) {
            return ImageDataset.fixed(request, "split folders in " + root,
                    () -> SplitFolders.load(root, request.valFraction(), request.splitSeed(), scan));
        }
        return ImageDataset.single(request, "image folder " + root, ImageFolder.scan(root, scan));
    }

    private static ImageDataset explicit(DataRequest r, ScanOptions scan) {
        if (r.data() != null) {
            throw new UserInputException("give either --data or --train-data/--val-data/--test-data, not both");
        }
        if (r.trainData() == null || r.testData() == null && r.valData() == null) {
            throw new UserInputException("explicit splits need --train-data with --test-data, --val-data or both");
        }
        if (r.testData() == null) {
            return ImageDataset.withoutTest(r, "image folders " + r.trainData() + ", " + r.valData()
                    + " (training and validation; no test set)", () -> {
                        LabelledSet train = ImageFolder.scan(r.trainData(), scan);
                        return DatasetSplits.withoutTest(train, ImageFolder.scan(r.valData(), train.classes(), scan));
                    });
        }
        String description = "image folders " + r.trainData() + ", " + (r.valData() != null ? r.valData() + ", " : "")
                + r.testData();
        return ImageDataset.fixed(r, description, () -> {
            LabelledSet train = ImageFolder.scan(r.trainData(), scan);
            LabelledSet test = ImageFolder.scan(r.testData(), train.classes(), scan);
            if (r.valData() == null) {
                return DatasetSplits.holdOutMetaValidation(train, test, r.valFraction(), r.splitSeed());
            }
            return new DatasetSplits(train, ImageFolder.scan(r.valData(), train.classes(), scan), test);
        });
    }
}
