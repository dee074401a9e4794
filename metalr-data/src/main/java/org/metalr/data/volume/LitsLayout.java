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

/**
 * Finds the cases of a LiTS download: {@code volume-N.nii} and {@code segmentation-N.nii} (either may be
 * {@code .nii.gz}) anywhere under a root folder (the challenge ships them in two "Training Batch" folders),
 * paired by N. Other files are not samples and are ignored.
 */
public final class LitsLayout {

    private static final Pattern NAME = Pattern.compile("(volume|segmentation)-(\\d+)\\.nii(\\.gz)?");

    private LitsLayout() {
    }

    /**
     * The cases under {@code root} in increasing N, after checking from the headers that every volume is a
     * single 3D image of the same size as its segmentation.
     *
     * @throws VolumeDataException when the root is not a folder or holds no volume, when a volume has no
     *         segmentation or a segmentation no volume, when N occurs twice for the same kind, when a header
     *         is invalid, or when a volume and its segmentation differ in shape
     * @throws IOException         when the folder cannot be listed
     */
    public static List<LitsCase> scan(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new VolumeDataException(root, "not a folder");
        }
        Map<Integer, Path> volumes = new TreeMap<>();
        Map<Integer, Path> segmentations = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root, FileVisitOption.FOLLOW_LINKS)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                Matcher m = NAME.matcher(file.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                int id = parseId(file, m.group(2));
                Map<Integer, Path> kind = m.group(1).equals("volume") ? volumes : segmentations;
                Path before = kind.putIfAbsent(id, file);
                if (before != null) {
                    throw new VolumeDataException(file, "duplicate " + m.group(1) + " " + id + ", also " + before);
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
                throw new VolumeDataException(s.getValue(),
                        "missing volume: no volume-" + s.getKey() + ".nii[.gz] for this segmentation");
            }
        }
        List<LitsCase> cases = new ArrayList<>(volumes.size());
        for (Map.Entry<Integer, Path> v : volumes.entrySet()) {
            Path segmentation = segmentations.get(v.getKey());
            if (segmentation == null) {
                throw new VolumeDataException(v.getValue(),
                        "missing segmentation: no segmentation-" + v.getKey() + ".nii[.gz] for this volume");
            }
            LitsCase c = new LitsCase(v.getKey(), v.getValue(), segmentation);
            checkShapes(c, NiftiReader.readHeader(c.volume()), NiftiReader.readHeader(c.segmentation()));
            cases.add(c);
        }
        return List.copyOf(cases);
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

    private static int parseId(Path file, String digits) throws VolumeDataException {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new VolumeDataException(file, "case number out of range");
        }
    }
}
