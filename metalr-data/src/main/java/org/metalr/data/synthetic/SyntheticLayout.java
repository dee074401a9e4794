package org.metalr.data.synthetic;

import java.nio.file.Files;
import java.nio.file.Path;
import org.metalr.data.image.ImageDataset;
import org.metalr.data.image.Normalize;
import org.metalr.data.image.SplitFolders;
import org.metalr.data.layout.DataRequest;
import org.metalr.data.layout.Dataset;
import org.metalr.data.layout.DatasetLayout;
import org.metalr.data.layout.Recognition;
import org.metalr.data.layout.UserInput;

/**
 * The {@code synthetic} layout: the built-in generator's target domain (three BUSI-like classes of
 * ultrasound-like images), written once under {@code --data} (or the request's generated-data folder)
 * with {@code --split-seed} and {@code --image-size} (at least 16), and read back as split folders. Only
 * the target domain is written: fine-tuning needs no source images. Normalised by the generator's
 * statistics unless the user gives others.
 */
public final class SyntheticLayout implements DatasetLayout {

    /** Target images per class written for training, meta-validation and test. */
    private static final int TRAIN = 60;
    private static final int VAL = 30;
    private static final int TEST = 200;

    @Override
    public String name() {
        return "synthetic";
    }

    @Override
    public String summary() {
        return "the built-in generator's target domain, written to --data";
    }

    @Override
    public Task task() {
        return Task.CLASSIFICATION;
    }

    @Override
    public Recognition recognise(Path path) {
        return Files.isRegularFile(path.resolve(SyntheticDomainShift.MARKER))
                ? Recognition.specific("the synthetic domain-shift data (" + SyntheticDomainShift.MARKER + ")")
                : Recognition.none();
    }

    @Override
    public Dataset open(DataRequest request) {
        Path dir = request.dataOrGenerated(name());
        Path target = SyntheticDomainShift.location(dir).target();
        if (!Files.isDirectory(target.resolve("train"))) {
            SyntheticConfig config = new SyntheticConfig(Math.max(16, request.imageSize()), 0, 0, TRAIN, VAL, TEST,
                    request.splitSeed());
            UserInput.check(() -> SyntheticDomainShift.ensure(dir, config, Runtime.getRuntime().availableProcessors()));
        }
        return ImageDataset.fixed(request, "synthetic target domain in " + target,
                () -> SplitFolders.load(target, request.valFraction(), request.splitSeed(), request.scan()))
                .normalizedBy(Normalize.of(SyntheticDomainShift.NORMALIZE_MEAN, SyntheticDomainShift.NORMALIZE_STD));
    }
}
