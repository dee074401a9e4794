package org.metalr.data.volume;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.metalr.api.UserInputException;
import org.metalr.data.BadInputPolicy;
import org.metalr.data.ParallelChecks;
import org.metalr.data.ScanOptions;
import org.metalr.data.layout.DataRequest;
import org.metalr.data.layout.DatasetLayout;
import org.metalr.data.layout.Recognition;
import org.metalr.data.layout.UserInput;

/**
 * Finds the cases of a LiTS download: {@code volume-N.nii} and {@code segmentation-N.nii} (either may be
 * {@code .nii.gz}) anywhere under a root folder (the challenge ships them in two "Training Batch" folders),
 * paired by N. Other files are not samples: they are recorded as ignored in the scan's report.
 *
 * <p>Bad cases follow the {@link ScanOptions} as the image layouts do: under {@link BadInputPolicy#FAIL}
 * the first one throws a {@link VolumeDataException} (a {@link org.metalr.data.BadInputException}) naming
 * the file and the problem; under {@link BadInputPolicy#SKIP} the case is left out and the file and problem
 * are recorded as skipped. Skipping reads every file through once (inflating the compressed ones), since
 * only that finds a truncated body or corrupt gzip data; failing reads headers only, and a bad body then
 * surfaces when the case is loaded.
 *
 * <p>Registered as the {@code lits} layout, which splits the cases by case ({@link LitsSplits#byCase}) with
 * {@code --val-fraction}, {@code --test-fraction} and {@code --split-seed} into a {@link LitsDataset} cut by
 * the request's crop options.
 */
public final class LitsLayout implements DatasetLayout {

    private static final Pattern NAME = Pattern.compile("(volume|segmentation)-(\\d+)\\.nii(\\.gz)?");

    /** Why files that are not LiTS volumes or segmentations are left out. */
    static final String NOT_A_CASE = "not a LiTS volume-N or segmentation-N file";

    /** The {@code lits} layout, as the registry creates it. */
    public LitsLayout() {
    }

    @Override
    public String name() {
        return "lits";
    }

    @Override
    public String summary() {
        return "LiTS volume-N.nii, segmentation-N.nii, split by case (unet3d)";
    }

    @Override
    public Task task() {
        return Task.SEGMENTATION;
    }

    @Override
    public Recognition recognise(Path path) {
        if (!Files.isDirectory(path)) {
            return Recognition.none();
        }
        try (Stream<Path> files = Files.walk(path, 3)) {
            boolean volumes = files.map(f -> NAME.matcher(f.getFileName().toString()))
                    .anyMatch(m -> m.matches() && m.group(1).equals("volume"));
            return volumes ? Recognition.specific("LiTS volumes (volume-N.nii[.gz])") : Recognition.none();
        } catch (IOException | UncheckedIOException e) {
            return Recognition.none();
        }
    }

    /**
     * The cases under {@code --data}, checked as {@link #scan(Path, ScanOptions)} does, split by case.
     *
     * @throws UserInputException for {@code --folds} or {@code --fold}, a bad case, or fractions that leave a
     *     set without cases
     */
    @Override
    public LitsDataset open(DataRequest request) throws IOException {
        Path root = request.requireData(name());
        if (request.folds() != null || request.fold() != null) {
            throw new UserInputException("--folds/--fold: LiTS is split by case with --val-fraction and"
                    + " --test-fraction");
        }
        List<LitsCase> cases = scan(root, request.scan());
        LitsSplits splits = UserInput.check(() -> LitsSplits.byCase(cases, request.valFraction(),
                request.testFraction(), request.splitSeed()));
        return new LitsDataset("LiTS in " + root, splits, request.crops());
    }

    /** {@link #scan(Path, ScanOptions)} failing on the first bad case. */
    public static List<LitsCase> scan(Path root) throws IOException {
        return scan(root, ScanOptions.strict());
    }

    /**
     * The cases under {@code root} in increasing N, after checking from the headers that every volume is a
     * single 3D image of the same size as its segmentation, and that every file is as long as its header
     * says (under {@link BadInputPolicy#SKIP}, that every file reads through).
     *
     * @throws VolumeDataException when the root is not a folder or holds no usable case; under
     *         {@link BadInputPolicy#FAIL} also when a volume has no segmentation or a segmentation no
     *         volume, when N occurs twice for the same kind (under {@code SKIP} the later file in sorted
     *         path order is skipped), when a header is invalid, or when a volume and its segmentation
     *         differ in shape
     * @throws IOException         when the folder cannot be listed
     */
    public static List<LitsCase> scan(Path root, ScanOptions options) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new VolumeDataException(root, "not a folder");
        }
        Map<Integer, Path> volumes = new TreeMap<>();
        Map<Integer, Path> segmentations = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root, FileVisitOption.FOLLOW_LINKS)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                Matcher m = NAME.matcher(file.getFileName().toString());
                if (!m.matches()) {
                    options.report().ignored(file, NOT_A_CASE);
                    continue;
                }
                Integer id = parseId(file, m.group(2), options);
                if (id == null) {
                    continue;
                }
                Map<Integer, Path> kind = m.group(1).equals("volume") ? volumes : segmentations;
                Path before = kind.putIfAbsent(id, file);
                if (before != null) {
                    options.reject(new VolumeDataException(file, "duplicate " + m.group(1) + " " + id + ", also " + before));
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (volumes.isEmpty()) {
            throw new VolumeDataException(root, "no volume-N.nii or volume-N.nii.gz files under this folder");
        }
        for (Map.Entry<Integer, Path> s : segmentations.entrySet()) {
            if (!volumes.containsKey(s.getKey())) {
                options.reject(new VolumeDataException(s.getValue(),
                        "missing volume: no volume-" + s.getKey() + ".nii[.gz] for this segmentation"));
            }
        }
        List<LitsCase> paired = new ArrayList<>(volumes.size());
        for (Map.Entry<Integer, Path> v : volumes.entrySet()) {
            Path segmentation = segmentations.get(v.getKey());
            if (segmentation == null) {
                options.reject(new VolumeDataException(v.getValue(),
                        "missing segmentation: no segmentation-" + v.getKey() + ".nii[.gz] for this volume"));
                continue;
            }
            paired.add(new LitsCase(v.getKey(), v.getValue(), segmentation));
        }
        List<VolumeDataException> problems = check(paired, options);
        List<LitsCase> cases = new ArrayList<>(paired.size());
        for (int i = 0; i < paired.size(); i++) {
            if (problems.get(i) == null) {
                cases.add(paired.get(i));
            } else {
                options.reject(problems.get(i));
            }
        }
        if (cases.isEmpty()) {
            throw new VolumeDataException(root, "no usable case: all " + volumes.size()
                    + " were skipped as bad input (" + options.report().skippedCount() + " problem(s) recorded)");
        }
        return List.copyOf(cases);
    }

    /**
     * The problem of each case, or null: headers and file sizes under {@link BadInputPolicy#FAIL}; whole files, on
     * the options' threads, under {@link BadInputPolicy#SKIP}.
     */
    private static List<VolumeDataException> check(List<LitsCase> cases, ScanOptions options) throws IOException {
        boolean whole = options.policy() == BadInputPolicy.SKIP;
        return ParallelChecks.each(cases, whole ? options.threads() : 1, "LiTS cases", c -> check(c, whole));
    }

    private static VolumeDataException check(LitsCase c, boolean whole) throws IOException {
        try {
            if (whole) {
                checkShapes(c, NiftiReader.verify(c.volume()), NiftiReader.verify(c.segmentation()));
            } else {
                checkShapes(c, NiftiReader.checkSize(c.volume()), NiftiReader.checkSize(c.segmentation()));
            }
            return null;
        } catch (VolumeDataException e) {
            return e;
        }
    }

    /**
     * Checks that a volume and its segmentation are single 3D images of the same size.
     *
     * @throws VolumeDataException naming the offending file
     */
    static void checkShapes(LitsCase c, NiftiHeader volume, NiftiHeader segmentation) throws VolumeDataException {
        requireSingleVolume(c.volume(), volume);
        requireSingleVolume(c.segmentation(), segmentation);
        int[] v = shape3(volume);
        int[] s = shape3(segmentation);
        if (!Arrays.equals(v, s)) {
            throw new VolumeDataException(c.segmentation(), "shape mismatch: segmentation is " + format(s)
                    + " but its volume " + c.volume().getFileName() + " is " + format(v));
        }
    }

    private static void requireSingleVolume(Path file, NiftiHeader h) throws VolumeDataException {
        long extra = (long) h.voxelCount() / ((long) h.dim(0) * h.dim(1) * h.dim(2));
        if (extra != 1) {
            throw new VolumeDataException(file, "expected one 3D volume, the header says "
                    + Arrays.toString(h.dims()));
        }
    }

    private static int[] shape3(NiftiHeader h) {
        return new int[] {h.dim(0), h.dim(1), h.dim(2)};
    }

    private static String format(int[] shape) {
        return shape[0] + "x" + shape[1] + "x" + shape[2];
    }

    /** The case number, or null when it is out of range and the policy skips the file. */
    private static Integer parseId(Path file, String digits, ScanOptions options) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            options.reject(new VolumeDataException(file, "case number out of range"));
            return null;
        }
    }
}
