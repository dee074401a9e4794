package org.metalr.data.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.metalr.data.BadInputException;
import org.metalr.data.CrossValidation;
import org.metalr.data.LabelledSet;
import org.metalr.data.ScanOptions;
import org.metalr.data.layout.DataRequest;
import org.metalr.data.layout.Dataset;
import org.metalr.data.layout.DatasetLayout;
import org.metalr.data.layout.Recognition;
import org.metalr.data.layout.UserInput;

/**
 * POCUS lung ultrasound frames in class folders ({@code covid19/}, {@code pneumonia/}, {@code regular/}),
 * evaluated by 5-fold cross-validation. Folds come from, in order of preference:
 * <ul>
 *   <li>fold folders {@code split0/ ... split4/}, each holding the class folders (the layout of the
 *       POCUS repository's {@code cross_validation} folder);</li>
 *   <li>a manifest with a fold column ({@link CsvManifest#crossValidation()});</li>
 *   <li>a seeded stratified assignment ({@link CrossValidation#stratified}).</li>
 * </ul>
 * A seeded assignment spreads the frames of one video over several folds; fold folders or a
 * manifest avoid that when the frames' videos are known. Registered as the {@code pocus} layout.
 */
public final class PocusLayout implements DatasetLayout {

    /** The paper's number of folds. */
    public static final int FOLDS = 5;

    private static final Pattern FOLD_FOLDER = Pattern.compile("(?i)(?:split|fold)[_-]?(\\d+)");

    /** The {@code pocus} layout, as the registry creates it. */
    public PocusLayout() {
    }

    @Override
    public String name() {
        return "pocus";
    }

    @Override
    public String summary() {
        return "POCUS frames in five folds (split0..4 folders, or seeded)";
    }

    @Override
    public Task task() {
        return Task.CLASSIFICATION;
    }

    @Override
    public Recognition recognise(Path path) {
        List<Path> folds = ImageFolder.subfoldersQuietly(path).stream()
                .filter(p -> FOLD_FOLDER.matcher(p.getFileName().toString()).matches()).toList();
        if (!folds.isEmpty()) {
            return Recognition.specific("a POCUS folder (fold folders " + folds.get(0).getFileName() + ".."
                    + folds.get(folds.size() - 1).getFileName() + ")");
        }
        List<String> classes = ImageFolder.subfoldersQuietly(path).stream()
                .map(p -> p.getFileName().toString().toLowerCase(Locale.ROOT)).toList();
        if (classes.contains("regular") && classes.stream().anyMatch(c -> c.startsWith("covid"))) {
            return Recognition.specific("POCUS frames (covid, pneumonia and regular class folders)");
        }
        return Recognition.none();
    }

    @Override
    public Dataset open(DataRequest request) {
        Path root = request.requireData(name());
        return ImageDataset.crossValidated(request, "POCUS in " + root,
                UserInput.check(() -> crossValidation(root, request.splitSeed(), request.scan())));
    }

    /**
     * The frames of {@code root}'s class folders.
     *
     * @throws BadInputException as {@link ImageFolder#scan(Path, ScanOptions)}
     */
    public static LabelledSet scan(Path root, ScanOptions options) {
        return ImageFolder.scan(root, options);
    }

    /**
     * Folds from {@code split<k>} folders under {@code root} when present, otherwise a seeded
     * stratified assignment of {@value #FOLDS} folds over {@code root}'s class folders.
     *
     * @throws BadInputException as {@link ImageFolder#scan(Path, ScanOptions)}, or if fold folders are
     *                           not numbered {@code 0..k-1}
     */
    public static CrossValidation crossValidation(Path root, long seed, ScanOptions options) {
        List<Path> foldFolders = foldFolders(root);
        if (!foldFolders.isEmpty()) {
            return givenFolds(root, foldFolders, options);
        }
        return CrossValidation.stratified(scan(root, options), FOLDS, seed);
    }

    private static List<Path> foldFolders(Path root) {
        ImageFolder.requireFolder(root);
        List<Path> folds = new ArrayList<>();
        for (Path child : ImageFolder.list(root)) {
            if (Files.isDirectory(child) && FOLD_FOLDER.matcher(child.getFileName().toString()).matches()) {
                folds.add(child);
            }
        }
        return folds;
    }

    private static CrossValidation givenFolds(Path root, List<Path> foldFolders, ScanOptions options) {
        TreeMap<Integer, Path> byNumber = new TreeMap<>();
        for (Path folder : foldFolders) {
            Matcher m = FOLD_FOLDER.matcher(folder.getFileName().toString());
            m.matches();
            int k = Integer.parseInt(m.group(1));
            Path before = byNumber.putIfAbsent(k, folder);
            if (before != null) {
                throw new BadInputException(root, "two fold folders for fold " + k + ": " + before.getFileName() + " and "
                        + folder.getFileName());
            }
        }
        List<String> missing = new ArrayList<>();
        String prefix = foldFolders.get(0).getFileName().toString().replaceFirst("\\d+$", "");
        for (int k = 0; k <= byNumber.lastKey(); k++) {
            if (!byNumber.containsKey(k)) {
                missing.add(prefix + k);
            }
        }
        if (!missing.isEmpty()) {
            throw new BadInputException(root, "fold folders must be numbered 0.." + byNumber.lastKey() + " once each: "
                    + String.join(", ", missing) + (missing.size() == 1 ? " is" : " are") + " missing (found "
                    + byNumber.values().stream().map(p -> p.getFileName().toString()).collect(
                            Collectors.joining(", ")) + ")");
        }
        Path[] byIndex = byNumber.values().toArray(Path[]::new);
        TreeSet<String> classes = new TreeSet<>();
        for (Path folder : byIndex) {
            for (Path child : ImageFolder.list(folder)) {
                String name = child.getFileName().toString();
                if (Files.isDirectory(child) && !ImageFolder.isHiddenOrArchiveJunk(name)) {
                    classes.add(name);
                }
            }
        }
        List<String> classList = List.copyOf(classes);
        LabelledSet all = null;
        List<Integer> folds = new ArrayList<>();
        for (int k = 0; k < byIndex.length; k++) {
            LabelledSet fold = ImageFolder.scan(byIndex[k], classList, options);
            all = all == null ? fold : all.concat(fold);
            for (int i = 0; i < fold.size(); i++) {
                folds.add(k);
            }
        }
        return new CrossValidation(all, folds.stream().mapToInt(Integer::intValue).toArray(), byIndex.length);
    }
}
