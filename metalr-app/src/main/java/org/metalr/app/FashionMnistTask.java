package org.metalr.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.metalr.api.UserInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Fashion-MNIST cut into two tasks, as Debian's {@code dataset-fashion-mnist} ships it
 * ({@code /usr/share/datasets/fashion-mnist}, the {@code idx} layout; {@code metalr.fashionMnist} names
 * another folder): pre-training on classes 0-4 (T-shirt/top, trouser, pullover, dress, coat), fine-tuning
 * on classes 5-9 (sandal, shirt, sneaker, bag, ankle boot) with few labels, tested on the official test
 * images of 5-9. The data are chosen with the same flags {@code finetune} takes ({@code --dataset idx
 * --classes --train-per-class --val-per-class}), so a run of the study can be repeated by hand.
 */
public final class FashionMnistTask implements StudyTask {

    /** Where Debian installs the files. */
    static final Path DEBIAN = Path.of("/usr/share/datasets/fashion-mnist");

    /**
     * The scale's data: source images per class for pre-training (null: all 6,000 less the hold-out) and its
     * meta-validation cap; target training and meta-validation images per class.
     */
    private record Sizes(TaskScale scale, Integer sourcePerClass, int sourceValPerClass, int targetPerClass,
            int targetValPerClass) {
    }

    private static final Map<String, Sizes> SCALES = Map.of(
            "full", sizes("full", 32, 16, 2000, 100, 4, 32, 30, 10, 10, 16, List.of(0L, 1L, 2L, 3L, 4L)),
            "tiny", sizes("tiny", 16, 4, 8, 2, 1, 4, 4, 2, 1, 4, List.of(0L)));

    private static Sizes sizes(String name, int imageSize, int width, int sourcePerClass, int sourceValPerClass,
            int pretrainEpochs, int pretrainBatch, int targetPerClass, int targetValPerClass, int finetuneEpochs,
            int batchSize, List<Long> seeds) {
        String data = String.format(Locale.ROOT, "Fashion-MNIST classes 0-4 (%d training images per class) -> classes"
                + " 5-9 (%d per class, %d meta-validation, the 5,000 official test images)", sourcePerClass,
                targetPerClass, targetValPerClass);
        return new Sizes(new TaskScale(name, imageSize, width, pretrainEpochs, 1e-3, pretrainBatch, finetuneEpochs,
                batchSize, seeds, data), sourcePerClass, sourceValPerClass, targetPerClass,
                targetValPerClass);
    }

    @Override
    public String name() {
        return "fashion-mnist";
    }

    @Override
    public String summary() {
        return "Fashion-MNIST classes 0-4 -> 5-9 with few labels (Debian's dataset-fashion-mnist)";
    }

    @Override
    public List<String> scales() {
        return SCALES.keySet().stream().sorted().toList(); // the names of SCALES, in name order
    }

    @Override
    public TaskScale scale(String name) {
        return sizes(name).scale();
    }

    private Sizes sizes(String name) {
        return TaskScale.named(SCALES, name, this);
    }

    /** The folder of the IDX files: {@code -Dmetalr.fashionMnist}, else Debian's. */
    static Path folder() {
        String property = System.getProperty("metalr.fashionMnist");
        return property != null ? Path.of(property) : DEBIAN;
    }

    @Override
    public Domains open(Path dir, TaskScale scale, int loaderThreads) throws IOException {
        Path data = folder();
        if (!Files.isDirectory(data)) {
            throw new UserInputException("the fashion-mnist task needs Fashion-MNIST's IDX files in " + data
                    + " (Debian: apt install dataset-fashion-mnist; elsewhere -Dmetalr.fashionMnist=DIR)");
        }
        Sizes s = sizes(scale.name());
        Side source = side(data, scale, "0,1,2,3,4", s.sourcePerClass(), s.sourceValPerClass());
        Side target = side(data, scale, "5,6,7,8,9", s.targetPerClass(), s.targetValPerClass());
        return new Domains(source.data(), source.classes(), target.data(), target.classes(), 1,
                "Fashion-MNIST 0-4 -> 5-9 in " + data);
    }

    /** One side's data and classes. */
    private record Side(RunData data, int classes) {
    }

    /** The data {@code finetune --dataset idx --data DIR --classes C --train-per-class N ...} would train on. */
    private static Side side(Path data, TaskScale scale, String classes, Integer perClass, int valPerClass)
            throws IOException {
        List<String> args = new ArrayList<>(List.of("--dataset", "idx", "--data", data.toString(), "--classes", classes,
                "--val-per-class", Integer.toString(valPerClass), "--image-size", Integer.toString(scale.imageSize())));
        if (perClass != null) {
            args.addAll(List.of("--train-per-class", Integer.toString(perClass)));
        }
        DataFlags flags = new DataFlags();
        new CommandLine(flags).parseArgs(args.toArray(String[]::new));
        DataSource source = DataSource.open(flags.data, null);
        return new Side(source.run(0, flags.data, 1), source.splits(0).train().classes().size());
    }

    /** The data flags of {@code finetune}, parsed from a task's own arguments. */
    @Command
    static final class DataFlags {
        @Mixin
        DataOptions data;
    }
}
