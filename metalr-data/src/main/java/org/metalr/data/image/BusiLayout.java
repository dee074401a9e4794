package org.metalr.data.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.metalr.data.BadInputException;
import org.metalr.data.LabelledSet;
import org.metalr.data.ScanOptions;

/**
 * BUSI, the breast ultrasound set as downloaded: {@code Dataset_BUSI_with_GT/{benign,malignant,normal}/}
 * with each image {@code benign (12).png} beside its masks {@code benign (12)_mask.png},
 * {@code benign (12)_mask_1.png}. Masks are not samples: they are left out and recorded as ignored.
 * BUSI gives no split; cut one with {@link org.metalr.data.DatasetSplits#stratified}.
 */
public final class BusiLayout {

    /** The folder name of the download. */
    public static final String FOLDER = "Dataset_BUSI_with_GT";

    private static final Pattern MASK = Pattern.compile("(?i).*_mask(_\\d+)?\\.[a-z]+$");

    private BusiLayout() {
    }

    /**
     * Scans BUSI at {@code root}, either the {@value #FOLDER} folder itself or a folder holding it.
     *
     * @throws BadInputException as {@link ImageFolder#scan(Path, ScanOptions)}
     */
    public static LabelledSet scan(Path root, ScanOptions options) {
        Path inner = root.resolve(FOLDER);
        Path folder = Files.isDirectory(inner) ? inner : root;
        return ImageFolder.scan(folder, null, name -> isMask(name) ? "BUSI mask" : null, options);
    }

    /** True for BUSI mask file names such as {@code benign (12)_mask.png} or {@code ..._mask_1.png}. */
    public static boolean isMask(String fileName) {
        return MASK.matcher(fileName).matches();
    }
}
