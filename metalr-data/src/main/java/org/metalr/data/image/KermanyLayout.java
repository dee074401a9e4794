package org.metalr.data.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.metalr.data.BadInputException;
import org.metalr.data.DatasetSplits;
import org.metalr.data.ScanOptions;

/**
 * The chest X-ray set of Kermany et al. as downloaded: {@code chest_xray/{train,val,test}/{NORMAL,PNEUMONIA}/*.jpeg}.
 * The given splits are used as given: {@code val} is the meta-validation set. Some downloads nest
 * the folder twice ({@code chest_xray/chest_xray/}) and add a {@code __MACOSX} folder; both are handled.
 */
public final class KermanyLayout {

    /** The folder name of the download. */
    public static final String FOLDER = "chest_xray";

    private KermanyLayout() {
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
