package org.metalr.data.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.metalr.data.BadInputException;
import org.metalr.data.DatasetSplits;
import org.metalr.data.LabelledSet;
import org.metalr.data.Sample;
import org.metalr.data.Uint8Image;
import org.metalr.data.layout.DataRequest;
import org.metalr.data.layout.Dataset;
import org.metalr.data.layout.DatasetLayout;
import org.metalr.data.layout.Recognition;
import org.metalr.data.npy.NpyHeader;
import org.metalr.data.npy.NpzFile;

/**
 * The {@code medmnist} layout: one MedMNIST {@code .npz} file as distributed (PneumoniaMNIST,
 * BreastMNIST, DermaMNIST, ... at 28, 64, 128 or 224 pixels), {@code --data FILE.npz}. It holds
 * {@code train_images}, {@code train_labels}, {@code val_*} and {@code test_*}: uint8 images
 * {@code (N, H, W)} (grey) or {@code (N, H, W, 3)} (RGB), labels {@code (N, 1)} or {@code (N,)} with the
 * class index. The official splits are the three sets; with {@code --folds} train and val together are
 * cut into stratified folds and the test split is left out. The classes are named {@code 0..K-1}
 * (the file has no names), {@code K} one more than the largest label.
 *
 * <p>Images stay in memory as {@link Uint8Image}s and go through the same {@link ImagePipeline} as
 * image files (an array image decodes as an 8-bit PNG of the same pixels). The default normalisation is
 * MedMNIST's own examples' (mean 0.5, std 0.5).
 *
 * <p>Refused, naming the file and the array: arrays that are not uint8 or are in Fortran order,
 * multi-label files (ChestMNIST: several labels per image), other label shapes, and 3D files
 * ({@code (N, D, H, W)} volumes: classifying them needs a 3D classifier, which metalr does not have).
 */
public final class MedMnistLayout implements DatasetLayout {

    /** MedMNIST's examples normalise every channel with mean 0.5 and std 0.5. */
    public static final Normalize NORMALIZATION = Normalize.of(0.5f, 0.5f);

    /** The official splits, in the file's naming. */
    public static final List<String> SPLITS = List.of("train", "val", "test");

    @Override
    public String name() {
        return "medmnist";
    }

    @Override
    public String summary() {
        return "a MedMNIST .npz file (2D grey or RGB), its official splits";
    }

    @Override
    public Task task() {
        return Task.CLASSIFICATION;
    }

    @Override
    public Recognition recognise(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".npz") || !Files.isRegularFile(path)) {
            return Recognition.none();
        }
        try (NpzFile npz = NpzFile.open(path)) {
            return npz.arrays().containsAll(Set.of("train_images", "train_labels"))
                    ? Recognition.specific("a MedMNIST .npz file (train_images, train_labels, ...)")
                    : Recognition.none();
        } catch (RuntimeException e) {
            return Recognition.none();
        }
    }

    @Override
    public Dataset open(DataRequest request) {
        Path file = request.requireData(name());
        List<LabelledSet> sets = read(file);
        String description = "MedMNIST " + file + " (official splits: " + sets.get(0).size() + " train, "
                + sets.get(1).size() + " val, " + sets.get(2).size() + " test)";
        ImageDataset d;
        if (request.folds() != null || request.fold() != null) {
            d = ImageDataset.single(request, description + ", train and val", sets.get(0).concat(sets.get(1)));
        } else {
            d = ImageDataset.fixed(request, description, () -> new DatasetSplits(sets.get(0), sets.get(1), sets.get(2)));
        }
        return d.normalizedBy(NORMALIZATION);
    }

    /**
     * The official train, val and test sets of {@code file}, sharing the classes {@code 0..K-1}.
     *
     * @throws BadInputException naming the file and the array for anything this layout cannot use
     */
    public static List<LabelledSet> read(Path file) {
        try (NpzFile npz = NpzFile.open(file)) {
            List<byte[][]> images = new ArrayList<>();
            List<int[]> labels = new ArrayList<>();
            List<int[]> shapes = new ArrayList<>();
            int classes = 0;
            for (String split : SPLITS) {
                shapes.add(imageShape(npz, split + "_images"));
                int[] l = labels(npz, split + "_labels");
                images.add(npz.uint8Rows(split + "_images"));
                if (images.get(images.size() - 1).length != l.length) {
                    throw new BadInputException(file, split + "_images holds " + images.get(images.size() - 1).length
                            + " images but " + split + "_labels " + l.length + " labels");
                }
                labels.add(l);
                for (int v : l) {
                    classes = Math.max(classes, v + 1);
                }
            }
            if (classes < 2) {
                throw new BadInputException(file, "the labels name " + classes + " class; a classifier needs 2 or more");
            }
            List<String> names = new ArrayList<>();
            for (int c = 0; c < classes; c++) {
                names.add(Integer.toString(c));
            }
            String fileName = file.getFileName().toString();
            List<LabelledSet> out = new ArrayList<>();
            for (int s = 0; s < SPLITS.size(); s++) {
                int[] shape = shapes.get(s);
                List<Sample> samples = new ArrayList<>();
                byte[][] rows = images.get(s);
                for (int i = 0; i < rows.length; i++) {
                    samples.add(new Sample(file, labels.get(s)[i], new Uint8Image(
                            fileName + " " + SPLITS.get(s) + "_images[" + i + "]", shape[0], shape[1], shape[2], rows[i])));
                    rows[i] = null;
                }
                out.add(new LabelledSet(names, samples));
            }
            return out;
        }
    }

    /** {@code {H, W, C}} of one image of a 2D image array; refuses 3D files and other shapes. */
    private static int[] imageShape(NpzFile npz, String array) {
        NpyHeader h = npz.header(array);
        long[] s = h.shape();
        if (s.length == 3) {
            return new int[] {(int) s[1], (int) s[2], 1};
        }
        if (s.length == 4 && (s[3] == 1 || s[3] == 3)) {
            return new int[] {(int) s[1], (int) s[2], (int) s[3]};
        }
        if (s.length == 4 || s.length == 5) {
            throw new BadInputException(npz.file(), array + " of shape " + h.shapeText() + " holds 3D volumes:"
                    + " classifying volumes needs a 3D classifier (a 3D CNN with a classification head, such as a 3D"
                    + " ResNet, as a model family), which metalr does not have; its 3D U-Net segments volumes with masks"
                    + " (--dataset lits)");
        }
        throw new BadInputException(npz.file(), array + " has shape " + h.shapeText() + "; expected images (N, H, W)"
                + " or (N, H, W, 3)");
    }

    /** The class index of each image; refuses multi-label files and other label shapes. */
    private static int[] labels(NpzFile npz, String array) {
        NpyHeader h = npz.header(array);
        long[] s = h.shape();
        if (s.length == 2 && s[1] > 1) {
            throw new BadInputException(npz.file(), array + " of shape " + h.shapeText() + " holds " + s[1]
                    + " labels per image: a multi-label file (as ChestMNIST); metalr trains single-label classifiers"
                    + " (softmax over classes), so keep one label column (labels[:, [j]]) to train one finding");
        }
        if (!(s.length == 1 || s.length == 2 && s[1] == 1)) {
            throw new BadInputException(npz.file(), array + " has shape " + h.shapeText() + "; expected one class"
                    + " index per image, (N, 1) or (N,)");
        }
        byte[][] rows = npz.uint8Rows(array);
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i][0] & 0xFF;
        }
        return out;
    }
}
