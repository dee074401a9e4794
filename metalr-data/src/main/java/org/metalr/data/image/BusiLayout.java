package org.metalr.data.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.metalr.data.BadInputException;
import org.metalr.data.LabelledSet;
import org.metalr.data.ScanOptions;
import org.metalr.data.layout.DataRequest;
import org.metalr.data.layout.Dataset;
import org.metalr.data.layout.DatasetLayout;
import org.metalr.data.layout.Recognition;

/**
 * BUSI, the breast ultrasound set as downloaded: {@code Dataset_BUSI_with_GT/{benign,malignant,normal}/}
 * with each image {@code benign (12).png} beside its masks {@code benign (12)_mask.png},
 * {@code benign (12)_mask_1.png}. Masks are not samples: they are left out and recorded as ignored.
 * BUSI gives no split: as the {@code busi} layout it is cut like one image folder
 * ({@link ImageDataset#single}).
 */
public final class BusiLayout implements DatasetLayout {

    /** The folder name of the download. */
    public static final String FOLDER = "Dataset_BUSI_with_GT";

    private static final Pattern MASK = Pattern.compile("(?i).*_mask(_\\d+)?\\.[a-z]+$");

    /** The {@code busi} layout, as the registry creates it. */
    public BusiLayout() {
    }

    @Override
    public String name() {
        return "busi";
    }

    @Override
    public String summary() {
        return "BUSI as downloaded (" + FOLDER + "), masks left out";
    }

    @Override
    public Task task() {
        return Task.CLASSIFICATION;
    }

    @Override
    public Recognition recognise(Path path) {
        boolean named = path.getFileName() != null && path.getFileName().toString().equals(FOLDER);
        if ((named && Files.isDirectory(path)) || Files.isDirectory(path.resolve(FOLDER))) {
            return Recognition.specific("BUSI (" + FOLDER + ")");
        }
        for (Path folder : ImageFolder.subfoldersQuietly(path)) {
            for (Path file : ImageFolder.listQuietly(folder)) {
                if (isMask(file.getFileName().toString())) {
                    return Recognition.specific("BUSI (class folders with _mask images)");
                }
            }
        }
        return Recognition.none();
    }

    @Override
    public Dataset open(DataRequest request) {
        Path root = request.requireData(name());
        return ImageDataset.single(request, "BUSI in " + root, scan(root, request.scan()));
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
