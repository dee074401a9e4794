package org.metalr.data.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.metalr.api.UserInputException;
import org.metalr.data.BadInputException;
import org.metalr.data.DatasetSplits;
import org.metalr.data.LabelledSet;
import org.metalr.data.Sample;
import org.metalr.data.Uint8Image;
import org.metalr.data.idx.IdxFile;
import org.metalr.data.layout.DataRequest;
import org.metalr.data.layout.Dataset;
import org.metalr.data.layout.DatasetLayout;
import org.metalr.data.layout.Recognition;

/**
 * The {@code idx} layout: MNIST or Fashion-MNIST as distributed, a folder ({@code --data DIR}) of four IDX
 * files ({@link IdxFile}), each gzip-compressed or not: {@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each
 * {@code NAME} or {@code NAME.gz} (the uncompressed one when both are there). Debian's
 * {@code dataset-fashion-mnist} installs them in {@code /usr/share/datasets/fashion-mnist}.
 *
 * <p>The official splits are train (60,000 images) and test (t10k, 10,000); the meta-validation set is
 * held out of train ({@code --val-fraction}, stratified, seeded by {@code --split-seed}). With
 * {@code --folds} the training images are cut into stratified folds and the test split is left out.
 *
 * <p>Class names, in this order: the lines of a {@code classes.txt} in the folder (one name per line,
 * label order); else Fashion-MNIST's ten official names when the folder's name contains {@code fashion}
 * (as Debian's does); else the label values {@code 0..K-1}, {@code K} one more than the largest label.
 *
 * <p>The images stay in memory as grey {@link Uint8Image}s and go through the same {@link ImagePipeline} as
 * MedMNIST's arrays, so resizing, normalisation and augmentation are the pipeline's. The default
 * normalisation is the training file's own pixel mean and standard deviation (0.2860 and 0.3530 for
 * Fashion-MNIST, 0.1307 and 0.3081 for MNIST).
 */
public final class IdxLayout implements DatasetLayout {

    /** The four files, without {@code .gz}. */
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    /** The optional file naming the classes, one per line in label order. */
    public static final String CLASS_NAMES = "classes.txt";

    /** Fashion-MNIST's official class names, by label. */
    public static final List<String> FASHION_MNIST = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    @Override
    public String name() {
        return "idx";
    }

    @Override
    public String summary() {
        return "MNIST/Fashion-MNIST IDX files, official train and test splits";
    }

    @Override
    public Task task() {
        return Task.CLASSIFICATION;
    }

    @Override
    public Recognition recognise(Path path) {
        return Files.isDirectory(path) && existing(path, TRAIN_IMAGES) != null
                ? Recognition.specific("an MNIST-style folder of IDX files (" + TRAIN_IMAGES + ", ...)")
                : Recognition.none();
    }

    @Override
    public Dataset open(DataRequest request) {
        Path root = request.requireData(name());
        List<LabelledSet> sets = read(root);
        String description = "IDX files in " + root + " (official splits: " + sets.get(0).size() + " train, "
                + sets.get(1).size() + " test)";
        Normalize normalization = statistics(sets.get(0));
        ImageDataset d;
        if (request.folds() != null || request.fold() != null) {
            d = ImageDataset.single(request, description + ", train", sets.get(0));
        } else {
            d = ImageDataset.fixed(request, description, () -> DatasetSplits.holdOutMetaValidation(sets.get(0),
                    sets.get(1), request.valFraction(), request.splitSeed()));
        }
        return d.normalizedBy(normalization);
    }

    /**
     * The official train and test sets of the folder {@code root}, sharing one class list.
     *
     * @throws UserInputException naming the folder or the file: a missing file, a file that is not unsigned-byte
     *     IDX of the right shape, image and label counts that differ, images of other sizes in the two splits,
     *     labels without a class name
     */
    public static List<LabelledSet> read(Path root) {
        if (!Files.isDirectory(root)) {
            throw new UserInputException("--data " + root + ": no such folder; --dataset idx reads a folder of IDX"
                    + " files (" + TRAIN_IMAGES + "[.gz], ...)");
        }
        Path[] files = {require(root, TRAIN_IMAGES), require(root, TRAIN_LABELS), require(root, TEST_IMAGES),
            require(root, TEST_LABELS)};
        List<IdxFile.Images> images = List.of(IdxFile.images(files[0]), IdxFile.images(files[2]));
        List<int[]> labels = List.of(IdxFile.labels(files[1]), IdxFile.labels(files[3]));
        int classes = 0;
        for (int s = 0; s < 2; s++) {
            if (images.get(s).count() != labels.get(s).length) {
                throw new BadInputException(files[2 * s], "holds " + images.get(s).count() + " images but "
                        + files[2 * s + 1].getFileName() + " holds " + labels.get(s).length + " labels");
            }
            for (int v : labels.get(s)) {
                classes = Math.max(classes, v + 1);
            }
        }
        if (images.get(0).height() != images.get(1).height() || images.get(0).width() != images.get(1).width()) {
            throw new BadInputException(files[2], "holds " + images.get(1).height() + "x" + images.get(1).width()
                    + " images but " + files[0].getFileName() + " " + images.get(0).height() + "x" + images.get(0).width());
        }
        List<String> names = classNames(root, classes);
        List<LabelledSet> out = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            IdxFile.Images im = images.get(s);
            String prefix = files[2 * s].getFileName() + "[";
            List<Sample> samples = new ArrayList<>(im.count());
            for (int i = 0; i < im.count(); i++) {
                samples.add(new Sample(files[2 * s], labels.get(s)[i],
                        new Uint8Image(prefix + i + "]", im.height(), im.width(), 1, im.pixels()[i])));
            }
            out.add(new LabelledSet(names, samples));
        }
        return out;
    }

    /** The class names: {@code classes.txt}, Fashion-MNIST's for a folder named so, else the labels. */
    private static List<String> classNames(Path root, int classes) {
        Path file = root.resolve(CLASS_NAMES);
        if (Files.isRegularFile(file)) {
            List<String> names;
            try {
                names = Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
                        .filter(l -> !l.isEmpty()).toList();
            } catch (IOException e) {
                throw new BadInputException(file, "cannot be read: " + e, e);
            }
            if (names.size() < classes) {
                throw new BadInputException(file, "names " + names.size() + " classes but the labels go up to "
                        + (classes - 1));
            }
            if (names.stream().distinct().count() != names.size()) {
                throw new BadInputException(file, "names a class twice: " + names);
            }
            return names;
        }
        Path name = root.toAbsolutePath().normalize().getFileName();
        if (name != null && name.toString().toLowerCase(Locale.ROOT).contains("fashion")) {
            if (classes > FASHION_MNIST.size()) {
                throw new BadInputException(root, "a Fashion-MNIST folder (its name says) with labels up to "
                        + (classes - 1) + "; Fashion-MNIST has " + FASHION_MNIST.size() + " classes (name them in "
                        + CLASS_NAMES + " otherwise)");
            }
            return FASHION_MNIST;
        }
        if (classes < 2) {
            throw new BadInputException(root, "the labels name " + classes + " class; a classifier needs 2 or more");
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add(Integer.toString(c));
        }
        return names;
    }

    /** The mean and standard deviation of every pixel of {@code train}, on the pipeline's 0..1 scale. */
    static Normalize statistics(LabelledSet train) {
        long[] histogram = new long[256];
        for (Sample s : train.samples()) {
            for (byte b : s.image().pixels()) {
                histogram[b & 0xFF]++;
            }
        }
        double n = 0;
        double sum = 0;
        for (int v = 0; v < 256; v++) {
            n += histogram[v];
            sum += histogram[v] * (v / 255.0);
        }
        double mean = sum / n;
        double squares = 0;
        for (int v = 0; v < 256; v++) {
            double d = v / 255.0 - mean;
            squares += histogram[v] * d * d;
        }
        double std = Math.sqrt(squares / n);
        return Normalize.of((float) mean, (float) (std > 0 ? std : 1));
    }

    /** {@code root}'s file {@code name}, plain or gzip-compressed, else null. */
    private static Path existing(Path root, String name) {
        for (String candidate : List.of(name, name + ".gz")) {
            Path p = root.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static Path require(Path root, String name) {
        Path p = existing(root, name);
        if (p == null) {
            throw new BadInputException(root, "no " + name + " or " + name + ".gz; --dataset idx reads the four IDX files"
                    + " of MNIST or Fashion-MNIST: " + String.join(", ", TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES,
                    TEST_LABELS));
        }
        return p;
    }
}
