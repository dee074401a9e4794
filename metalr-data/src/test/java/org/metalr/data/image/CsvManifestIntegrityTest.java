package org.metalr.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.data.BadInputException;
import org.metalr.data.Sample;
import org.metalr.data.ScanOptions;

/**
 * A manifest cannot leak: one file listed twice (a duplicate row, two splits, two folds, two labels, also
 * through another spelling of its path) is refused naming both lines; integer labels are class indices in
 * numeric order, refused when negative or when they leave classes empty unless {@code --num-classes} says so.
 */
class CsvManifestIntegrityTest {

    @TempDir
    Path dir;

    @BeforeEach
    void images() {
        for (int i = 0; i < 12; i++) {
            SampleImages.png(dir.resolve("imgs/a" + i + ".png"), i);
        }
    }

    private Path csv(String text) throws Exception {
        return Files.writeString(dir.resolve("m.csv"), text);
    }

    @Test
    void aDuplicateRowIsRefused() throws Exception {
        Path csv = csv("path,label\nimgs/a0.png,x\nimgs/a1.png,y\nimgs/a0.png,x\n");
        assertThatThrownBy(() -> CsvManifest.read(csv, ScanOptions.strict())).isInstanceOf(BadInputException.class)
                .hasMessage(csv + ": lines 2 and 4 both list imgs/a0.png: a duplicate row");
    }

    @Test
    void theSameImageInTrainAndTestIsRefusedAlsoUnderAnotherSpelling() throws Exception {
        Path csv = csv("path,label,split\nimgs/a0.png,x,train\nimgs/a1.png,y,train\n./imgs/a0.png,x,test\n");
        assertThatThrownBy(() -> CsvManifest.read(csv, ScanOptions.strict())).isInstanceOf(BadInputException.class)
                .hasMessage(csv + ": lines 2 and 4 both list ./imgs/a0.png, in two splits (train and test): an image must"
                        + " not be both trained and tested on");
    }

    @Test
    void theSameImageInTwoFoldsIsRefused() throws Exception {
        Path csv = csv("path,label,fold\nimgs/a0.png,x,0\nimgs/a1.png,y,1\nimgs/a0.png,x,1\n");
        assertThatThrownBy(() -> CsvManifest.read(csv, ScanOptions.strict())).isInstanceOf(BadInputException.class)
                .hasMessage(csv + ": lines 2 and 4 both list imgs/a0.png, in two folds (0 and 1)");
    }

    @Test
    void oneFileWithTwoLabelsIsRefused() throws Exception {
        Path csv = csv("path,label\nimgs/a0.png,benign\nimgs/a0.png,malignant\n");
        assertThatThrownBy(() -> CsvManifest.read(csv, ScanOptions.strict())).isInstanceOf(BadInputException.class)
                .hasMessage(csv + ": lines 2 and 3 both list imgs/a0.png with two labels, 'benign' and 'malignant'");
    }

    @Test
    void integerLabelsKeepNumericOrder() throws Exception {
        StringBuilder rows = new StringBuilder("path,label\n");
        for (int i = 0; i < 11; i++) {
            rows.append("imgs/a").append(i).append(".png,").append(10 - i).append('\n');
        }
        CsvManifest m = CsvManifest.read(csv(rows.toString()), ScanOptions.strict());
        assertThat(m.all().classes()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
        assertThat(m.all().samples()).extracting(Sample::label).containsExactly(10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
    }

    @Test
    void aNegativeIntegerLabelIsRefused() throws Exception {
        Path csv = csv("path,label\nimgs/a0.png,0\nimgs/a1.png,1\nimgs/a2.png,-1\n");
        assertThatThrownBy(() -> CsvManifest.read(csv, ScanOptions.strict())).isInstanceOf(BadInputException.class)
                .hasMessage(csv + ": line 4: label -1 is negative; integer labels are class indices 0..K-1");
    }

    @Test
    void gapsInIntegerLabelsAreRefusedUnlessTheNumberOfClassesIsGiven() throws Exception {
        Path csv = csv("path,label\nimgs/a0.png,0\nimgs/a1.png,1\nimgs/a2.png,7\n");
        assertThatThrownBy(() -> CsvManifest.read(csv, ScanOptions.strict())).isInstanceOf(BadInputException.class)
                .hasMessage(csv + ": integer labels [0, 1, 7] leave classes 2, 3, 4, 5, 6 without images; number the"
                        + " classes 0..2, or give --num-classes 8 to keep empty classes");
        CsvManifest eight = CsvManifest.read(csv, ScanOptions.strict(), 8);
        assertThat(eight.all().classes()).hasSize(8);
        assertThat(eight.all().samples()).extracting(Sample::label).containsExactly(0, 1, 7);
        assertThatThrownBy(() -> CsvManifest.read(csv, ScanOptions.strict(), 5)).isInstanceOf(BadInputException.class)
                .hasMessage(csv + ": line 4: label 7 is not a class index below --num-classes 5");
    }
}
