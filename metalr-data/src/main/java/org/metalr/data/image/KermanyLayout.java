package org.metalr.data.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.metalr.data.BadInputException;
import org.metalr.data.DatasetSplits;
import org.metalr.data.ScanOptions;
import org.metalr.data.layout.DataRequest;
import org.metalr.data.layout.Dataset;
import org.metalr.data.layout.DatasetLayout;
import org.metalr.data.layout.Recognition;

/**
 * The chest X-ray set of Kermany et al. as downloaded: {@code chest_xray/{train,val,test}/{NORMAL,PNEUMONIA}/*.jpeg}.
 * The given splits are used as given: {@code val} is the meta-validation set. Some downloads nest
 * the folder twice ({@code chest_xray/chest_xray/}) and add a {@code __MACOSX} folder; both are handled.
 * Registered as the {@code chestxray} layout.
 */
public final class KermanyLayout implements DatasetLayout {

    /** The folder name of the download. */
    public static final String FOLDER = "chest_xray";

    /** The {@code chestxray} layout, as the registry creates it. */
    public KermanyLayout() {
    }

    @Override
    public String name() {
        return "chestxray";
    }

    @Override
    public String summary() {
        return "Kermany's chest X-rays (" + FOLDER + "/train, val, test) as given";
    }

    @Override
    public Task task() {
        return Task.CLASSIFICATION;
    }

    @Override
    public Recognition recognise(Path path) {
        for (Path candidate : List.of(path, path.resolve(FOLDER), path.resolve(FOLDER).resolve(FOLDER))) {
            Path train = candidate.resolve("train");
            boolean named = candidate.getFileName() != null && candidate.getFileName().toString().equals(FOLDER);
            boolean classes = Files.isDirectory(train.resolve("NORMAL")) && Files.isDirectory(train.resolve("PNEUMONIA"));
            if (Files.isDirectory(train) && Files.isDirectory(candidate.resolve("test")) && (named || classes)) {
                return Recognition.specific("Kermany's chest X-rays (" + FOLDER + " with train/ and test/)");
            }
        }
        return Recognition.none();
    }

    @Override
    public Dataset open(DataRequest request) {
        Path root = request.requireData(name());
        return ImageDataset.fixed(request, "chest X-rays in " + root,
                () -> load(root, request.valFraction(), request.splitSeed(), request.scan()));
    }

    /**
     * The folder holding {@code train/} and {@code test/}: {@code root} itself, or
     * {@code root/chest_xray}, or {@code root/chest_xray/chest_xray}.
     *
     * @throws BadInputException if none of them holds a {@code train} and a {@code test} folder
     */
    public static Path locate(Path root) {
        ImageFolder.requireFolder(root);
        for (Path candidate : List.of(root, root.resolve(FOLDER), root.resolve(FOLDER).resolve(FOLDER))) {
            if (Files.isDirectory(candidate.resolve("train")) && Files.isDirectory(candidate.resolve("test"))) {
                return candidate;
            }
        }
        throw new BadInputException(root, "no chest_xray train/ and test/ folders found");
    }

    /**
     * Train, val (as meta-validation) and test as given. If the download has no {@code val} folder,
     * {@code metaValidationFraction} of train is held out instead (stratified, seeded).
     *
     * @throws BadInputException as {@link #locate} and {@link SplitFolders#load}
     */
    public static DatasetSplits load(Path root, double metaValidationFraction, long seed, ScanOptions options) {
        return SplitFolders.load(locate(root), metaValidationFraction, seed, options);
    }
}
