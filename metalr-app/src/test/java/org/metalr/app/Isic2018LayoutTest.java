package org.metalr.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.metalr.app.TestData.dataOptions;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.data.DatasetSplits;
import org.metalr.data.Sample;
import org.metalr.data.layout.DatasetLayout;
import org.metalr.data.layout.DatasetLayouts;
import org.metalr.runs.RunFiles;

/**
 * The claim "a new dataset layout is one class plus one registration line", tested with a layout real
 * users have: {@link Isic2018Layout}, registered only by its line in this module's test resources, used
 * through the registry, the command's help, its data plumbing (splits, folds, checks) and a fine-tuning run.
 */
class Isic2018LayoutTest {

    /** ISIC's seven classes, in the ground truth's column order. */
    static final List<String> CLASSES = List.of("MEL", "NV", "BCC", "AKIEC", "BKL", "DF", "VASC");

    @TempDir
    static Path shared;

    static Path isic;

    private final TestData.Cli cli = new TestData.Cli();

    /**
     * Six 16x16 JPEG lesions of each of the first three classes, listed in ISIC's order of image ids with
     * one-hot rows, the ground truth in its own folder as downloaded (and a LICENSE file among the images).
     */
    @BeforeAll
    static void writeIsic() throws IOException {
        isic = shared.resolve("isic");
        Path images = Files.createDirectories(isic.resolve(Isic2018Layout.IMAGES));
        Files.writeString(images.resolve("LICENSE.txt"), "CC BY-NC 4.0");
        List<String> rows = new ArrayList<>(List.of("image," + String.join(",", CLASSES)));
        for (int i = 0; i < 18; i++) {
            int label = i % 3;
            String id = String.format("ISIC_%07d", 24306 + i);
            TestData.image(images.resolve(id + ".jpg"), label, i);
            List<String> oneHot = new ArrayList<>();
            for (int c = 0; c < CLASSES.size(); c++) {
                oneHot.add(c == label ? "1.0" : "0.0");
            }
            rows.add(id + "," + String.join(",", oneHot));
        }
        Path labels = Files.createDirectories(isic.resolve(Isic2018Layout.LABELS));
        Files.write(labels.resolve(Isic2018Layout.LABELS + ".csv"), rows);
    }

    @Test
    void oneClassAndOneRegistrationLineMakeALayoutTheCommandKnows() throws IOException {
        String services;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/services/" + DatasetLayout.class.getName())) {
            services = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(services.strip()).isEqualTo(Isic2018Layout.class.getName());
        assertThat(DatasetLayouts.registry().named("isic2018")).isInstanceOf(Isic2018Layout.class);

        assertThat(cli.run("finetune", "--help")).isZero();
        assertThat(cli.out().replaceAll("\\s+", " ")).contains("one of busi, chestxray, idx, imagefolder, isic2018, lits");
        assertThat(cli.out()).containsPattern("\\n  isic2018 +ISIC 2018 task 3 images with the one-hot ground truth CSV\\n");
        assertThat(DatasetLayouts.detect(DatasetLayouts.registry(), isic)).isInstanceOf(Isic2018Layout.class);
    }

    @Test
    void itsSamplesGoThroughTheSharedSplitsAndFolds() throws Exception {
        DataSource cut = DataSource.open(dataOptions("--dataset", "isic2018", "--data", isic.toString()), shared);
        assertThat(cut.description()).isEqualTo("ISIC 2018 in " + isic);
        DatasetSplits s = cut.splits(0);
        assertThat(s.train().classes()).isEqualTo(CLASSES);
        assertThat(s.train().classCounts()).containsExactly(4, 4, 4, 0, 0, 0, 0);
        assertThat(s.metaValidation().classCounts()).containsExactly(1, 1, 1, 0, 0, 0, 0);
        assertThat(s.test().classCounts()).containsExactly(1, 1, 1, 0, 0, 0, 0);
        for (var set : List.of(s.train(), s.metaValidation(), s.test())) {
            for (Sample x : set.samples()) {
                assertThat(x.label()).as("label of %s from its one-hot row", x.path()).isEqualTo(labelOfId(x));
            }
        }

        DataSource folds = DataSource.open(dataOptions("--dataset", "isic2018", "--data", isic.toString(), "--folds", "3"),
                shared);
        assertThat(folds.crossValidated()).isTrue();
        assertThat(folds.description()).isEqualTo("ISIC 2018 in " + isic + ", 3 folds");
        Set<Path> tested = new HashSet<>();
        for (int k = 0; k < 3; k++) {
            folds.splits(k).test().samples().forEach(x -> assertThat(tested.add(x.path())).as("tested once").isTrue());
        }
        assertThat(tested).hasSize(18);
    }

    /** The class written for an image: its index mod 3, from the id. */
    private static int labelOfId(Sample x) {
        String name = x.path().getFileName().toString();
        return (Integer.parseInt(name.substring(5, 12)) - 24306) % 3;
    }

    @Test
    void finetunesThroughTheCommand(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        assertThat(cli.run("finetune", "--dataset", "isic2018", "--data", isic.toString(), "--model", "small-cnn",
                "--width", "2", "--image-size", "16", "--epochs", "1", "--batch-size", "3", "--threads", "1",
                "--loader-threads", "0", "--out", run.toString())).as(cli.err()).isZero();
        assertThat(cli.out()).contains("on ISIC 2018 in " + isic + ": 12 training, 3 meta-validation, 3 test images,"
                + " classes " + CLASSES);
        JsonNode config = RunFiles.readTree(run.resolve("config.json"));
        assertThat(config.at("/data/classes").toString()).isEqualTo("[\"MEL\",\"NV\",\"BCC\",\"AKIEC\",\"BKL\",\"DF\",\"VASC\"]");
        assertThat(config.at("/data/train").asInt()).isEqualTo(12);
        assertThat(config.at("/run/data").asText()).isEqualTo("ISIC 2018 in " + isic);
        assertThat(config.at("/model/outputs").asInt()).isEqualTo(7);
    }

    @Test
    void anotherLayoutFailingOnItsDataPointsToIt(@TempDir Path tmp) {
        // as an image folder, the ground truth's folder is an empty class folder
        assertThat(cli.run("finetune", "--data", isic.toString(), "--out", tmp.toString())).isEqualTo(2);
        assertThat(cli.err().strip()).startsWith("metalr: " + isic.resolve(Isic2018Layout.LABELS) + ": empty class folder")
                .endsWith("; " + isic + " looks like ISIC 2018 task 3 (ISIC2018_Task3_Training_Input): --dataset isic2018");
    }

    @Test
    void aBadRowNamesTheManifestLine(@TempDir Path tmp) throws IOException {
        Path bad = tmp.resolve("isic");
        Path images = Files.createDirectories(bad.resolve(Isic2018Layout.IMAGES));
        TestData.image(images.resolve("ISIC_0000001.jpg"), 0, 1);
        Files.write(bad.resolve(Isic2018Layout.LABELS + ".csv"),
                List.of("image," + String.join(",", CLASSES), "ISIC_0000001,1.0,1.0,0.0,0.0,0.0,0.0,0.0"));
        assertThat(cli.run("finetune", "--dataset", "isic2018", "--data", bad.toString(), "--out",
                tmp.resolve("run").toString())).isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("metalr: " + bad.resolve(Isic2018Layout.LABELS + ".csv")
                + ": line 2: not one 1.0 label, or no " + images.resolve("ISIC_0000001.jpg"));
    }
}
