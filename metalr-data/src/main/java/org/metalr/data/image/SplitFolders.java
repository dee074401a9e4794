package org.metalr.data.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.metalr.data.BadInputException;
import org.metalr.data.DatasetSplits;
import org.metalr.data.LabelledSet;
import org.metalr.data.ScanOptions;
import org.metalr.data.Split;

/**
 * Splits given as folders, each an {@link ImageFolder}: {@code root/train/<class>/...},
 * {@code root/val/<class>/...} (optional; also {@code valid}, {@code validation}) and
 * {@code root/test/<class>/...}. The training folder fixes the class list; the others are read
 * against it, so a class missing from them does not shift the labels.
 */
public final class SplitFolders {

    private SplitFolders() {
    }

    /**
     * Each split folder found under {@code root}, scanned.
     *
     * @throws BadInputException if {@code root} is not a folder, has no {@code train} folder, or a
     *                           split folder is bad (see {@link ImageFolder#scan(Path, ScanOptions)})
     */
    public static Map<Split, LabelledSet> scan(Path root, ScanOptions options) {
        ImageFolder.requireFolder(root);
        Map<Split, Path> folders = new EnumMap<>(Split.class);
        for (Path child : ImageFolder.list(root)) {
            if (!Files.isDirectory(child)) {
                continue;
            }
            Split split;
            try {
                split = Split.parse(child.getFileName().toString());
            } catch (IllegalArgumentException notASplit) {
                continue;
            }
            Path previous = folders.put(split, child);
            if (previous != null) {
                throw new BadInputException(root, "two folders for the " + split + " split: "
                        + previous.getFileName() + " and " + child.getFileName());
            }
        }
        if (!folders.containsKey(Split.TRAIN)) {
            throw new BadInputException(root, "no train folder (expected train/, val/ and test/ sub-folders)");
        }
        Map<Split, LabelledSet> sets = new EnumMap<>(Split.class);
        LabelledSet train = ImageFolder.scan(folders.get(Split.TRAIN), options);
        sets.put(Split.TRAIN, train);
        for (Map.Entry<Split, Path> e : folders.entrySet()) {
            if (e.getKey() != Split.TRAIN) {
                sets.put(e.getKey(), ImageFolder.scan(e.getValue(), train.classes(), options));
            }
        }
        return sets;
    }

    /**
     * Train, meta-validation and test: the given validation folder when there is one, else a
     * stratified seeded hold-out of {@code metaValidationFraction} of train.
     *
     * @throws BadInputException as {@link #scan}, and if there is no test folder
     */
    public static DatasetSplits load(Path root, double metaValidationFraction, long seed, ScanOptions options) {
        Map<Split, LabelledSet> sets = scan(root, options);
        LabelledSet test = sets.get(Split.TEST);
        if (test == null) {
            throw new BadInputException(root, "no test folder (expected train/, val/ and test/ sub-folders)");
        }
        LabelledSet val = sets.get(Split.META_VALIDATION);
        if (val != null) {
            return new DatasetSplits(sets.get(Split.TRAIN), val, test);
        }
        return DatasetSplits.holdOutMetaValidation(sets.get(Split.TRAIN), test, metaValidationFraction, seed);
    }
}
