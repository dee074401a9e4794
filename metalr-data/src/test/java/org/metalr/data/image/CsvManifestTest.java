package org.metalr.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.metalr.data.BadInputException;
import org.metalr.data.BadInputReport;
import org.metalr.data.DatasetSplits;
import org.metalr.data.Sample;
import org.metalr.data.ScanOptions;
import org.metalr.data.Split;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvManifestTest {

    @TempDir
    Path dir;

    @BeforeEach
    void images() {
        for (int i = 0; i < 6; i++) {
            SampleImages.png(dir.resolve("img/" + i + ".png"), i);
        }
        SampleImages.png(dir.resolve("img/with, comma.png"), 9);
    }

    @Test
    void headerChoosesColumnsAndSplitsAreUsed() throws Exception {
        Path csv = Files.writeString(dir.resolve("m.csv"), """
                path,extra,label,split
                img/0.png,x,benign,train
                img/1.png,x,malignant,train
                "img/with, comma.png",x,benign,train

                # a comment
                img/2.png,x,benign,val
                img/3.png,x,malignant,test
                img/4.png,x,benign,TEST
                """);
        CsvManifest m = CsvManifest.read(csv, ScanOptions.strict());
        assertThat(m.hasSplits()).isTrue();
        assertThat(m.hasFolds()).isFalse();
        assertThat(m.all().classes()).containsExactly("benign", "malignant");
        assertThat(m.split(Split.TRAIN).samples()).extracting(Sample::label).containsExactly(0, 1, 0);
        assertThat(m.split(Split.TRAIN).get(2).path()).isEqualTo(dir.resolve("img/with, comma.png"));
        DatasetSplits splits = m.splits(0.5, 1);
        assertThat(splits.metaValidation().size()).isEqualTo(1);
        assertThat(splits.test().size()).isEqualTo(2);
    }

    @Test
    void positionalColumnsWithFoldsAndIntegerLabels() throws Exception {
        Path csv = Files.writeString(dir.resolve("m.csv"), """
                img/0.png,2,0
                img/1.png,0,1
                img/2.png,1,0
                img/3.png,2,1
                """);
        CsvManifest m = CsvManifest.read(csv, ScanOptions.strict());
        assertThat(m.hasFolds()).isTrue();
        assertThat(m.all().classes()).containsExactly("0", "1", "2");
        assertThat(m.all().samples()).extracting(Sample::label).containsExactly(2, 0, 1, 2);
        assertThat(m.crossValidation().folds()).isEqualTo(2);
        assertThat(m.crossValidation().fold(1).held().samples()).extracting(s -> s.path().getFileName().toString())
                .containsExactly("1.png", "3.png");
    }

    @Test
    void fourPositionalColumns() throws Exception {
        Path csv = Files.writeString(dir.resolve("m.csv"), "img/0.png,a,train,0\nimg/1.png,b,test,1\n");
        CsvManifest m = CsvManifest.read(csv, ScanOptions.strict());
        assertThat(m.split(Split.TEST).samples()).extracting(Sample::label).containsExactly(1);
        assertThat(m.crossValidation().assignment()).containsExactly(0, 1);
    }

    @Test
    void rowNamingAMissingFileFailsOrIsSkippedAndCounted() throws Exception {
        Path csv = Files.writeString(dir.resolve("m.csv"), "path,label\nimg/0.png,a\nimg/missing.png,b\nimg/1.png,b\n");
        Path missing = dir.resolve("img/missing.png");
        assertThatThrownBy(() -> CsvManifest.read(csv, ScanOptions.strict()))
                .isInstanceOf(BadInputException.class)
                .hasMessage(missing + ": missing file, listed at m.csv line 3");

        BadInputReport report = new BadInputReport();
        CsvManifest m = CsvManifest.read(csv, ScanOptions.skipping(report, 1));
        assertThat(m.all().size()).isEqualTo(2);
        assertThat(report.skipped()).containsExactly(new BadInputReport.Entry(missing, "missing file, listed at m.csv line 3"));
    }

    @Test
    void malformedRowsNameTheLine() throws Exception {
        Path csv = Files.writeString(dir.resolve("m.csv"), "path,label,split\nimg/0.png,a,train\nimg/1.png,b,holdout\n");
        assertThatThrownBy(() -> CsvManifest.read(csv, ScanOptions.strict()))
                .hasMessage(csv + ": line 3: unknown split 'holdout' (expected train, val or test)");
        Path short1 = Files.writeString(dir.resolve("s.csv"), "path,label\nimg/0.png\n");
        assertThatThrownBy(() -> CsvManifest.read(short1, ScanOptions.strict()))
                .hasMessage(short1 + ": line 2: expected a label in column 2, the row has 1 column(s)");
        Path quote = Files.writeString(dir.resolve("q.csv"), "path,label\n\"img/0.png,a\n");
        assertThatThrownBy(() -> CsvManifest.read(quote, ScanOptions.strict()))
                .hasMessage(quote + ": line 2: unterminated quote");
    }
}
