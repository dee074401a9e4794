package org.metalr.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.metalr.data.BadInputException;
import org.metalr.data.LabelledSet;
import org.metalr.data.Sample;
import org.metalr.data.image.ImageDataset;
import org.metalr.data.layout.DataRequest;
import org.metalr.data.layout.Dataset;
import org.metalr.data.layout.DatasetLayout;
import org.metalr.data.layout.Recognition;

/**
 * ISIC 2018 Task 3 (HAM10000) as downloaded: {@code ISIC2018_Task3_Training_Input/ISIC_*.jpg} and the
 * one-hot labels {@code ISIC2018_Task3_Training_GroundTruth.csv} ({@code image,MEL,NV,BCC,AKIEC,BKL,DF,VASC}),
 * beside it or in its own folder. One set, cut like one image folder. The example of a new layout: this
 * class plus one line in {@code META-INF/services/org.metalr.data.layout.DatasetLayout}.
 */
public final class Isic2018Layout implements DatasetLayout {

    static final String IMAGES = "ISIC2018_Task3_Training_Input";
    static final String LABELS = "ISIC2018_Task3_Training_GroundTruth";

    @Override
    public String name() {
        return "isic2018";
    }

    @Override
    public String summary() {
        return "ISIC 2018 task 3 images with the one-hot ground truth CSV";
    }

    @Override
    public Task task() {
        return Task.CLASSIFICATION;
    }

    @Override
    public Recognition recognise(Path path) {
        return Files.isDirectory(path.resolve(IMAGES)) && Files.isRegularFile(labels(path))
                ? Recognition.specific("ISIC 2018 task 3 (" + IMAGES + ")") : Recognition.none();
    }

    @Override
    public Dataset open(DataRequest request) throws IOException {
        Path root = request.requireData(name());
        Path csv = labels(root);
        List<String> rows = Files.readAllLines(csv);
        List<String> header = List.of(rows.get(0).split(","));
        List<Sample> samples = new ArrayList<>();
        for (int n = 1; n < rows.size(); n++) {
            String[] row = rows.get(n).split(",");
            Path image = root.resolve(IMAGES).resolve(row[0] + ".jpg");
            List<String> oneHot = List.of(row).subList(1, row.length);
            boolean oneLabel = row.length == header.size() && Collections.frequency(oneHot, "1.0") == 1;
            if (!oneLabel || !Files.isRegularFile(image)) {
                String problem = "line " + (n + 1) + ": not one 1.0 label, or no " + image;
                request.scan().reject(new BadInputException(csv, problem)); // fails, or skips and counts
                continue;
            }
            samples.add(new Sample(image, oneHot.indexOf("1.0")));
        }
        LabelledSet all = new LabelledSet(header.subList(1, header.size()), samples);
        return ImageDataset.single(request, "ISIC 2018 in " + root, all);
    }

    private static Path labels(Path root) {
        Path nested = root.resolve(LABELS).resolve(LABELS + ".csv");
        return Files.isRegularFile(nested) ? nested : root.resolve(LABELS + ".csv");
    }
}
