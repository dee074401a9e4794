package org.metalr.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.metalr.api.UserInputException;
import org.metalr.data.DatasetSplits;
import org.metalr.data.ScanOptions;
import org.metalr.data.image.ImagePreset;
import org.metalr.data.image.Normalize;
import org.metalr.data.image.SplitFolders;
import org.metalr.data.synthetic.SyntheticConfig;
import org.metalr.data.synthetic.SyntheticDomainShift;

/**
 * The demo's task: ResNet-18 pre-trained on synthetic RGB shapes (5 classes), fine-tuned on synthetic
 * grey ultrasound-like lesions (normal, benign, malignant) with few labels. Colour, texture and the
 * classes all change, so both ends of the network have to adapt. Generated under {@code dir/data}.
 */
public final class DemoTask implements StudyTask {

    /** The demo's sizes: the synthetic data and the training of each scale. */
    private record Sizes(SyntheticConfig data, TaskScale scale) {
    }

    /**
     * The demo's data (the quick demo's too: it is the full one's first seed): 64x64 images, 2,500 source images (2,000 to train on), 20 labelled
     * target images per class, 10 per class for meta-validation, 200 per class to test on.
     */
    private static final SyntheticConfig FULL_DATA = new SyntheticConfig(64, 500, 100, 20, 10, 200, 0);

    private static final Map<String, Sizes> SCALES = Map.of(
            "full", sizes("full", FULL_DATA, 16, 12, 32, 15, 16, List.of(0L, 1L, 2L, 3L, 4L)),
            "tiny", sizes("tiny", new SyntheticConfig(16, 5, 1, 4, 2, 2, 0), 4, 1, 4, 1, 4, List.of(0L)));

    private static Sizes sizes(String name, SyntheticConfig d, int width, int pretrainEpochs, int pretrainBatch,
            int finetuneEpochs, int batchSize, List<Long> seeds) {
        String data = String.format(Locale.ROOT, "synthetic shapes (%d source images) -> synthetic ultrasound"
                + " (%d target images, %d meta-validation, %d test)", 5 * d.sourceTrainPerClass(),
                3 * d.targetTrainPerClass(), 3 * d.targetValPerClass(), 3 * d.targetTestPerClass());
        return new Sizes(d, new TaskScale(name, d.imageSize(), width, pretrainEpochs, 1e-3, pretrainBatch,
                finetuneEpochs, batchSize, seeds, data));
    }

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "synthetic RGB shapes (5 classes) -> synthetic grey ultrasound lesions (3 classes), generated";
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

    @Override
    public Domains open(Path dir, TaskScale scale, int loaderThreads) throws IOException {
        SyntheticDomainShift.Location data;
        try {
            data = SyntheticDomainShift.ensure(dir.resolve("data"), sizes(scale.name()).data(), Math.max(1, loaderThreads));
        } catch (IllegalStateException e) {
            throw new UserInputException(e.getMessage(), e); // the folder holds other data
        }
        DatasetSplits source = SplitFolders.load(data.source(), 0.2, 0, ScanOptions.strict());
        DatasetSplits target = SplitFolders.load(data.target(), 0.2, 0, ScanOptions.strict());
        ImageOptions.Input pipeline = new ImageOptions.Input(null, ImagePreset.PAPER.builder(3, scale.imageSize(), true)
                .normalize(Normalize.of(SyntheticDomainShift.NORMALIZE_MEAN, SyntheticDomainShift.NORMALIZE_STD))
                .build());
        return new Domains(RunData.images(source, pipeline), source.train().classes().size(),
                RunData.images(target, pipeline), target.train().classes().size(), 3,
                "synthetic shapes in " + data.source() + " -> synthetic ultrasound in " + data.target());
    }
}
