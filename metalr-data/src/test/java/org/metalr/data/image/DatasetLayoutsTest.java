package org.metalr.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.metalr.data.BadInputException;
import org.metalr.data.CrossValidation;
import org.metalr.data.DatasetSplits;
import org.metalr.data.HoldOut;
import org.metalr.data.LabelledSet;
import org.metalr.data.Sample;
import org.metalr.data.ScanOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BUSI, Kermany's chest X-rays and POCUS, laid out as their users download them. */
class DatasetLayoutsTest {

    @TempDir
    Path root;

    @Test
    void busiLeavesMaskFilesOut() {
        Path busi = root.resolve(BusiLayout.FOLDER);
        for (String cls : new String[] {"benign", "malignant", "normal"}) {
            for (int i = 1; i <= 3; i++) {
                String stem = cls + " (" + i + ")";
                SampleImages.png(busi.resolve(cls).resolve(stem + ".png"), i);
                SampleImages.writeGrey(busi.resolve(cls).resolve(stem + "_mask.png"), 8, 6, 0);
            }
        }
        SampleImages.writeGrey(busi.resolve("benign/benign (2)_mask_1.png"), 8, 6, 0);
        SampleImages.writeGrey(busi.resolve("malignant/malignant (3)_mask_2.png"), 8, 6, 0);

        ScanOptions options = ScanOptions.strict();
        LabelledSet set = BusiLayout.scan(root, options);

        assertThat(set.classes()).containsExactly("benign", "malignant", "normal");
        assertThat(set.classCounts()).containsExactly(3, 3, 3);
        assertThat(set.samples()).extracting(s -> s.path().getFileName().toString()).noneMatch(n -> n.contains("mask"))
                .startsWith("benign (1).png", "benign (2).png", "benign (3).png");
        assertThat(options.report().ignoredByReason()).containsEntry("BUSI mask", 11);
        assertThat(BusiLayout.scan(busi, ScanOptions.strict())).isEqualTo(set);

        DatasetSplits splits = DatasetSplits.stratified(set, 1.0 / 3, 1.0 / 3, 5);
        assertThat(splits.train().classCounts()).containsExactly(1, 1, 1);
        assertThat(splits.metaValidation().classCounts()).containsExactly(1, 1, 1);
        assertThat(splits.test().classCounts()).containsExactly(1, 1, 1);
    }

    @Test
    void busiMaskNames() {
        assertThat(BusiLayout.isMask("benign (12)_mask.png")).isTrue();
        assertThat(BusiLayout.isMask("benign (12)_mask_1.png")).isTrue();
        assertThat(BusiLayout.isMask("benign (12).png")).isFalse();
        assertThat(BusiLayout.isMask("masked (1).png")).isFalse();
    }

    @Test
    void kermanyUsesTheGivenSplitsEvenWhenNestedTwice() throws Exception {
        Path xray = root.resolve("chest_xray/chest_xray");
        int[][] counts = {{4, 6}, {1, 2}, {3, 3}};
        String[] splits = {"train", "val", "test"};
        for (int s = 0; s < 3; s++) {
            for (int c = 0; c < 2; c++) {
                String cls = c == 0 ? "NORMAL" : "PNEUMONIA";
                for (int i = 0; i < counts[s][c]; i++) {
                    SampleImages.writeRgb(xray.resolve(splits[s]).resolve(cls).resolve("IM-" + i + ".jpeg"), 6, 5, i, "jpeg");
                }
            }
        }
        Files.createDirectories(root.resolve("chest_xray/__MACOSX/chest_xray/train"));
        Files.writeString(xray.resolve("train/.DS_Store"), "junk");

        DatasetSplits data = KermanyLayout.load(root, 0.5, 1, ScanOptions.strict());

        assertThat(KermanyLayout.locate(root)).isEqualTo(xray);
        assertThat(data.train().classes()).containsExactly("NORMAL", "PNEUMONIA");
        assertThat(data.train().classCounts()).containsExactly(4, 6);
        assertThat(data.metaValidation().classCounts()).containsExactly(1, 2);
        assertThat(data.test().classCounts()).containsExactly(3, 3);
        assertThat(data.metaValidation().samples()).allMatch(s -> s.path().startsWith(xray.resolve("val")));
    }

    @Test
    void splitFoldersWithoutValHoldOutAStratifiedFraction() {
        for (int i = 0; i < 10; i++) {
            SampleImages.png(root.resolve("train/a/" + i + ".png"), i);
            SampleImages.png(root.resolve("train/b/" + i + ".png"), i);
        }
        SampleImages.png(root.resolve("test/b/0.png"), 0);
        DatasetSplits data = SplitFolders.load(root, 0.2, 3, ScanOptions.strict());
        assertThat(data.train().classCounts()).containsExactly(8, 8);
        assertThat(data.metaValidation().classCounts()).containsExactly(2, 2);
        // The test folder lacks class a, yet b keeps label 1.
        assertThat(data.test().samples()).extracting(Sample::label).containsExactly(1);
    }

    @Test
    void kermanyWithoutTestFolderIsNamed() {
        SampleImages.png(root.resolve("chest_xray/train/NORMAL/a.png"), 0);
        assertThatThrownBy(() -> KermanyLayout.load(root, 0.1, 0, ScanOptions.strict()))
                .isInstanceOf(BadInputException.class)
                .hasMessage(root + ": no chest_xray train/ and test/ folders found");
    }

    @Test
    void pocusFoldsAreStratifiedAndDeterministic() {
        int[] perClass = {23, 17, 11};
        String[] classes = {"covid19", "pneumonia", "regular"};
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < perClass[c]; i++) {
                SampleImages.png(root.resolve(classes[c]).resolve(String.format("frame%03d.png", i)), i);
            }
        }
        CrossValidation cv = PocusLayout.crossValidation(root, 42, ScanOptions.strict());
        assertThat(cv.folds()).isEqualTo(PocusLayout.FOLDS);

        int[] sizes = new int[5];
        int[][] perFold = new int[5][3];
        int[] folds = cv.assignment();
        for (int i = 0; i < folds.length; i++) {
            sizes[folds[i]]++;
            perFold[folds[i]][cv.set().get(i).label()]++;
        }
        assertThat(Arrays.stream(sizes).max().getAsInt() - Arrays.stream(sizes).min().getAsInt()).isLessThanOrEqualTo(1);
        for (int c = 0; c < 3; c++) {
            int lo = Integer.MAX_VALUE;
            int hi = 0;
            for (int f = 0; f < 5; f++) {
                lo = Math.min(lo, perFold[f][c]);
                hi = Math.max(hi, perFold[f][c]);
            }
            assertThat(hi - lo).as("class %d spread over folds", c).isLessThanOrEqualTo(1);
        }

        assertThat(PocusLayout.crossValidation(root, 42, ScanOptions.strict()).assignment()).isEqualTo(folds);
        assertThat(PocusLayout.crossValidation(root, 43, ScanOptions.strict()).assignment()).isNotEqualTo(folds);

        HoldOut run = cv.fold(2);
        assertThat(run.held().size()).isEqualTo(sizes[2]);
        assertThat(run.kept().size() + run.held().size()).isEqualTo(51);
        DatasetSplits splits = cv.splits(2, 0.2, 7);
        assertThat(splits.test()).isEqualTo(run.held());
        assertThat(splits.train().size() + splits.metaValidation().size()).isEqualTo(run.kept().size());
    }

    @Test
    void pocusFoldFoldersAreUsedAsGiven() {
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i <= k; i++) {
                SampleImages.png(root.resolve("split" + k + "/covid/" + i + ".png"), i);
                SampleImages.png(root.resolve("split" + k + "/regular/" + i + ".png"), i);
            }
        }
        SampleImages.png(root.resolve("split1/pneumonia/0.png"), 0);
        CrossValidation cv = PocusLayout.crossValidation(root, 0, ScanOptions.strict());
        assertThat(cv.folds()).isEqualTo(3);
        assertThat(cv.set().classes()).containsExactly("covid", "pneumonia", "regular");
        assertThat(cv.assignment()).containsExactly(0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2);
        assertThat(cv.fold(1).held().samples()).allMatch(s -> s.path().startsWith(root.resolve("split1")));
    }

    @Test
    void aMissingPocusFoldFolderIsNamed() {
        for (int k : new int[] {0, 1, 3, 4}) {
            SampleImages.png(root.resolve("split" + k + "/covid/0.png"), k);
            SampleImages.png(root.resolve("split" + k + "/regular/0.png"), k);
        }
        assertThatThrownBy(() -> PocusLayout.crossValidation(root, 0, ScanOptions.strict()))
                .isInstanceOf(BadInputException.class)
                .hasMessage(root + ": fold folders must be numbered 0..4 once each: split2 is missing (found split0,"
                        + " split1, split3, split4)");
    }
}
