package org.metalr.data.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.metalr.data.layout.DataRequest;
import org.metalr.data.layout.Dataset;
import org.metalr.data.layout.DatasetLayout;
import org.metalr.data.layout.Recognition;
import org.metalr.data.layout.UserInput;

/**
 * The {@code manifest} layout: a {@link CsvManifest} given as {@code --data}. Its fold column makes the
 * folds of a cross-validation; else its split column the three sets (the {@code val} rows, or
 * {@code --val-fraction} of the train rows, for meta-validation); else its rows are one set, cut like one
 * image folder.
 */
public final class ManifestLayout implements DatasetLayout {

    @Override
    public String name() {
        return "manifest";
    }

    @Override
    public String summary() {
        return "a CSV file path,label[,split][,fold]";
    }

    @Override
    public Task task() {
        return Task.CLASSIFICATION;
    }

    @Override
    public Recognition recognise(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".csv") && Files.isRegularFile(path) ? Recognition.specific("a CSV manifest")
                : Recognition.none();
    }

    @Override
    public Dataset open(DataRequest request) {
        CsvManifest m = CsvManifest.read(request.requireData(name()), request.scan(), request.numClasses());
        if (m.hasFolds()) {
            return ImageDataset.crossValidated(request, "manifest " + m.file() + " (its folds)",
                    UserInput.check(m::crossValidation));
        }
        if (m.hasSplits()) {
            return ImageDataset.fixed(request, "manifest " + m.file() + " (its splits)",
                    () -> m.splits(request.valFraction(), request.splitSeed()));
        }
        return ImageDataset.single(request, "manifest " + m.file(), m.all());
    }
}
