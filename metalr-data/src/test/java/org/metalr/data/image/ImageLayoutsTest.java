package org.metalr.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.api.UserInputException;
import org.metalr.data.CrossValidation;
import org.metalr.data.DatasetSplits;
import org.metalr.data.LabelledSet;
import org.metalr.data.ScanOptions;
import org.metalr.data.layout.DataRequest;
import org.metalr.data.layout.DatasetLayouts;

/**
 * The classification layouts through the registry give the samples, splits and folds their scanners
 * give, cut as the request says; the settings a layout cannot honour are refused naming their flag.
 */
class ImageLayoutsTest {

    @TempDir
    Path root;

    private static ImageDataset open(String layout, DataRequest.Builder request) throws IOException {
        return (ImageDataset) DatasetLayouts.open(DatasetLayouts.registry().named(layout), request.build());
    }

    /** {@code perClass[c]} PNGs in each of the classes a, b, c under {@code dir}. */
    private static Path classes(Path dir, int... perClass) {
        for (int c = 0; c < perClass.length; c++) {
            for (int i = 0; i < perClass[c]; i++) {
                SampleImages.png(dir.resolve("abc".charAt(c) + "/" + i + ".png"), i);
            }
        }
        return dir;
    }

    @Test
    void oneFolderIsCutOrCrossValidatedAsDatasetSplitsAndCrossValidationCutIt() throws IOException {
        Path all = classes(root.resolve("all"), 10, 7, 5);
        LabelledSet scanned = ImageFolder.scan(all, ScanOptions.strict());
        ImageDataset cut = open("imagefolder", DataRequest.builder().data(all).valFraction(0.3).splitSeed(4));
        assertThat(cut.crossValidated()).isFalse();
        assertThat(cut.folds()).isEqualTo(1);
        assertThat(cut.description()).isEqualTo("image folder " + all);
        assertThat(cut.splits(0)).isEqualTo(DatasetSplits.stratified(scanned, 0.3, 0.2, 4));
        assertThat(cut.normalization().mean()).containsExactly(0.18f);
        assertThat(cut.normalization().std()).containsExactly(0.24f);

        ImageDataset folds = open("imagefolder", DataRequest.builder().data(all).folds(4).splitSeed(4));
        CrossValidation cv = CrossValidation.stratified(scanned, 4, 4);
        assertThat(folds.folds()).isEqualTo(4);
        assertThat(folds.description()).isEqualTo("image folder " + all + ", 4 folds");
        for (int k = 0; k < 4; k++) {
            assertThat(folds.splits(k)).isEqualTo(cv.splits(k, 0.2, 4));
        }
        assertThatThrownBy(() -> folds.splits(4)).isInstanceOf(UserInputException.class)
                .hasMessage("--fold must lie in 0..3, got 4");
        assertThatThrownBy(() -> open("imagefolder", DataRequest.builder().data(all).fold(1)))
                .isInstanceOf(UserInputException.class).hasMessage("--fold needs --folds N for the image folder " + all);
        assertThatThrownBy(() -> open("imagefolder", DataRequest.builder().data(all).valFraction(0.9).testFraction(0.5)))
                .isInstanceOf(UserInputException.class)
                .hasMessage("fractions 0.9 and 0.5 must be non-negative and sum to at most 1");
    }

    @Test
    void splitFoldersGivenUnderOneFolderOrOneByOneAreTheSameSets() throws IOException {
        classes(root.resolve("train"), 5, 5, 5);
        classes(root.resolve("test"), 2, 2, 2);
        DatasetSplits expected = SplitFolders.load(root, 0.2, 9, ScanOptions.strict());
        ImageDataset under = open("imagefolder", DataRequest.builder().data(root).splitSeed(9));
        assertThat(under.description()).isEqualTo("split folders in " + root);
        assertThat(under.splits(0)).isEqualTo(expected);
        ImageDataset oneByOne = open("imagefolder", DataRequest.builder()
                .splitFolders(root.resolve("train"), null, root.resolve("test")).splitSeed(9));
        assertThat(oneByOne.description()).isEqualTo("image folders " + root.resolve("train") + ", " + root.resolve("test"));
        assertThat(oneByOne.splits(0)).isEqualTo(expected);
        assertThatThrownBy(() -> open("imagefolder", DataRequest.builder().data(root).folds(3)))
                .isInstanceOf(UserInputException.class).hasMessage("--folds: the split folders in " + root
                        + " has its own test split; cross-validation needs one set of images (imagefolder without"
                        + " split folders, busi, medmnist, idx, a manifest without splits) or a layout with folds (pocus)");
        assertThatThrownBy(() -> open("imagefolder", DataRequest.builder().splitFolders(root.resolve("train"), null, null)))
                .hasMessage("explicit splits need --train-data with --test-data, --val-data or both");
        assertThatThrownBy(() -> open("imagefolder", DataRequest.builder().data(root)
                .splitFolders(root.resolve("train"), null, root.resolve("test"))))
                .hasMessage("give either --data or --train-data/--val-data/--test-data, not both");
        assertThatThrownBy(() -> open("chestxray", DataRequest.builder()
                .splitFolders(root.resolve("train"), null, root.resolve("test"))))
                .hasMessage("--train-data, --val-data and --test-data are image folders of --dataset imagefolder;"
                        + " --dataset chestxray reads --data");
    }

    @Test
    void aTrainingAndAValidationFolderMakeARunWithoutATestSet() throws IOException {
        classes(root.resolve("train"), 5, 5, 5);
        classes(root.resolve("val"), 2, 2, 2);
        ImageDataset d = open("imagefolder", DataRequest.builder()
                .splitFolders(root.resolve("train"), root.resolve("val"), null));
        assertThat(d.hasTest()).isFalse();
        assertThat(d.description()).isEqualTo("image folders " + root.resolve("train") + ", " + root.resolve("val")
                + " (training and validation; no test set)");
        DatasetSplits s = d.splits(0);
        assertThat(s.hasTest()).isFalse();
        assertThat(s.test().classes()).isEqualTo(s.train().classes());
        assertThat(s.train().size()).isEqualTo(15);
        assertThat(s.metaValidation().classCounts()).containsExactly(2, 2, 2);
        assertThatThrownBy(() -> open("imagefolder", DataRequest.builder()
                .splitFolders(root.resolve("train"), root.resolve("val"), null).folds(3)))
                .isInstanceOf(UserInputException.class).hasMessageStartingWith("--folds: the image folders "
                        + root.resolve("train") + ", " + root.resolve("val") + " (training and validation; no test"
                        + " set) are a training and a validation set; cross-validation needs one set of images");
        assertThat(open("imagefolder", DataRequest.builder().splitFolders(root.resolve("train"), null,
                root.resolve("val"))).hasTest()).isTrue();
    }

    @Test
    void busiKermanyAndPocusAreTheirScannersCutTheSharedWay() throws IOException {
        Path busi = classes(root.resolve("busi/" + BusiLayout.FOLDER), 6, 6, 6);
        SampleImages.png(busi.resolve("a/0_mask.png"), 0);
        ImageDataset b = open("busi", DataRequest.builder().data(root.resolve("busi")).splitSeed(2));
        assertThat(b.description()).isEqualTo("BUSI in " + root.resolve("busi"));
        assertThat(b.splits(0)).isEqualTo(DatasetSplits.stratified(BusiLayout.scan(root.resolve("busi"),
                ScanOptions.strict()), 0.2, 0.2, 2));

        Path xray = root.resolve("x/" + KermanyLayout.FOLDER);
        classes(xray.resolve("train"), 4, 4);
        classes(xray.resolve("test"), 2, 2);
        ImageDataset k = open("chestxray", DataRequest.builder().data(root.resolve("x")).valFraction(0.25));
        assertThat(k.description()).isEqualTo("chest X-rays in " + root.resolve("x"));
        assertThat(k.splits(0)).isEqualTo(KermanyLayout.load(root.resolve("x"), 0.25, 0, ScanOptions.strict()));

        Path pocus = classes(root.resolve("pocus"), 10, 10, 10);
        ImageDataset p = open("pocus", DataRequest.builder().data(pocus).splitSeed(5).fold(4));
        CrossValidation cv = PocusLayout.crossValidation(pocus, 5, ScanOptions.strict());
        assertThat(p.folds()).isEqualTo(5);
        assertThat(p.description()).isEqualTo("POCUS in " + pocus + ", 5 folds");
        for (int f = 0; f < 5; f++) {
            assertThat(p.splits(f)).isEqualTo(cv.splits(f, 0.2, 5));
        }
        assertThatThrownBy(() -> open("pocus", DataRequest.builder().data(pocus).folds(3)))
                .hasMessage("--folds 3: the POCUS in " + pocus + " has 5 folds");
        assertThatThrownBy(() -> open("pocus", DataRequest.builder().data(pocus).fold(5)))
                .hasMessage("--fold must lie in 0..4, got 5");
    }

    @Test
    void manifestsBringTheirFoldsOrSplitsOrAreCut() throws IOException {
        Path images = classes(root.resolve("img"), 6, 6);
        List<String> folds = new ArrayList<>(List.of("path,label,fold"));
        List<String> splits = new ArrayList<>(List.of("path,label,split"));
        List<String> plain = new ArrayList<>();
        int i = 0;
        for (var s : ImageFolder.scan(images, ScanOptions.strict()).samples()) {
            String name = root.relativize(s.path()).toString().replace('\\', '/');
            String label = s.label() == 0 ? "a" : "b";
            folds.add(name + "," + label + "," + i % 3);
            splits.add(name + "," + label + "," + (i % 4 == 0 ? "test" : "train"));
            plain.add(name + "," + label);
            i++;
        }
        Path f = Files.write(root.resolve("folds.csv"), folds);
        Path s = Files.write(root.resolve("splits.csv"), splits);
        Path p = Files.write(root.resolve("plain.csv"), plain);

        ImageDataset byFolds = open("manifest", DataRequest.builder().data(f));
        assertThat(byFolds.description()).isEqualTo("manifest " + f + " (its folds), 3 folds");
        assertThat(byFolds.splits(1)).isEqualTo(CsvManifest.read(f, ScanOptions.strict()).crossValidation()
                .splits(1, 0.2, 0));
        ImageDataset bySplits = open("manifest", DataRequest.builder().data(s).valFraction(0.5));
        assertThat(bySplits.description()).isEqualTo("manifest " + s + " (its splits)");
        assertThat(bySplits.splits(0)).isEqualTo(CsvManifest.read(s, ScanOptions.strict()).splits(0.5, 0));
        ImageDataset cut = open("manifest", DataRequest.builder().data(p));
        assertThat(cut.splits(0)).isEqualTo(DatasetSplits.stratified(CsvManifest.read(p, ScanOptions.strict()).all(),
                0.2, 0.2, 0));
    }

    @Test
    void aCutThatEmptiesASetIsRefusedNamingTheFractions() throws IOException {
        Path two = classes(root.resolve("two"), 1, 1);
        ImageDataset d = open("imagefolder", DataRequest.builder().data(two));
        assertThatThrownBy(() -> d.splits(0)).isInstanceOf(UserInputException.class)
                .hasMessage("the image folder " + two + " leaves the meta-validation set empty; add images or change"
                        + " --val-fraction/--test-fraction");
    }
}
