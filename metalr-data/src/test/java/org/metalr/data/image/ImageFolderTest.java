package org.metalr.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.metalr.data.BadInputException;
import org.metalr.data.BadInputReport;
import org.metalr.data.LabelledSet;
import org.metalr.data.Sample;
import org.metalr.data.ScanOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ImageFolder convention, and the bad inputs a folder scan meets. */
class ImageFolderTest {

    @TempDir
    Path root;

    @Test
    void classesAndFilesInTorchvisionOrder() throws Exception {
        SampleImages.png(root.resolve("zebra/b.png"), 0);
        SampleImages.png(root.resolve("zebra/a.PNG"), 1);
        SampleImages.png(root.resolve("apple/sub/x.png"), 2);
        SampleImages.png(root.resolve("apple/c.png"), 3);
        SampleImages.writeRgb(root.resolve("apple/b.jpg"), 4, 4, 0, "jpeg");
        SampleImages.writeRgb(root.resolve("Mango/m.bmp"), 4, 4, 0, "bmp");
        Files.writeString(root.resolve("apple/readme.txt"), "not an image");
        Files.writeString(root.resolve("apple/.DS_Store"), "junk");
        Files.writeString(root.resolve("labels.csv"), "beside the classes");

        ScanOptions options = ScanOptions.strict();
        LabelledSet set = ImageFolder.scan(root, options);

        // Sorted by code point, as Python sorts: upper case first.
        assertThat(set.classes()).containsExactly("Mango", "apple", "zebra");
        assertThat(set.samples()).extracting(s -> root.relativize(s.path()).toString().replace('\\', '/'))
                .containsExactly("Mango/m.bmp", "apple/b.jpg", "apple/c.png", "apple/sub/x.png", "zebra/a.PNG", "zebra/b.png");
        assertThat(set.samples()).extracting(Sample::label).containsExactly(0, 1, 1, 1, 2, 2);
        assertThat(options.report().ignoredByReason()).containsEntry("not an image file", 1)
                .containsEntry("hidden or archive metadata", 1).containsEntry("not in a class folder", 1);
        assertThat(options.report().skippedCount()).isZero();
    }

    @Test
    void missingRootAndNoClassFolders() throws Exception {
        Path missing = root.resolve("absent");
        assertThatThrownBy(() -> ImageFolder.scan(missing, ScanOptions.strict()))
                .isInstanceOf(BadInputException.class).hasMessage(missing + ": no such folder");
        Files.writeString(root.resolve("a.png"), "x");
        assertThatThrownBy(() -> ImageFolder.scan(root, ScanOptions.strict()))
                .hasMessage(root + ": no class folders (expected one sub-folder per class)");
    }

    @Test
    void emptyClassFolderFailsOrIsSkippedAndCounted() throws Exception {
        SampleImages.png(root.resolve("a/1.png"), 0);
        Files.createDirectories(root.resolve("b"));
        Files.writeString(root.resolve("b/notes.txt"), "no images here");
        SampleImages.png(root.resolve("c/1.png"), 0);

        assertThatThrownBy(() -> ImageFolder.scan(root, ScanOptions.strict()))
                .isInstanceOf(BadInputException.class)
                .hasMessage(root.resolve("b") + ": empty class folder 'b': no PNG, JPEG, BMP or DICOM images");

        BadInputReport report = new BadInputReport();
        LabelledSet set = ImageFolder.scan(root, ScanOptions.skipping(report, 1));
        // The class keeps its index, so labels still follow the folder names.
        assertThat(set.classes()).containsExactly("a", "b", "c");
        assertThat(set.classCounts()).containsExactly(1, 0, 1);
        assertThat(report.skipped()).containsExactly(
                new BadInputReport.Entry(root.resolve("b"), "empty class folder 'b': no PNG, JPEG, BMP or DICOM images"));
    }

    @Test
    void unsupportedImageFileFailsOrIsSkippedAndCounted() throws Exception {
        SampleImages.png(root.resolve("a/1.png"), 0);
        Path gif = SampleImages.bytes(root.resolve("a/2.gif"), "GIF89a".getBytes());
        assertThatThrownBy(() -> ImageFolder.scan(root, ScanOptions.strict()))
                .hasMessage(gif + ": unsupported image format .gif (supported: PNG, JPEG, BMP, DICOM)");
        BadInputReport report = new BadInputReport();
        assertThat(ImageFolder.scan(root, ScanOptions.skipping(report, 1)).size()).isEqualTo(1);
        assertThat(report.skippedCount()).isEqualTo(1);
    }

    @Test
    void corruptAndTruncatedImagesAreSkippedAndCountedWhenAsked() throws Exception {
        for (int i = 0; i < 6; i++) {
            SampleImages.png(root.resolve("a/" + i + ".png"), i);
        }
        Path truncated = root.resolve("a/2.png");
        byte[] b = Files.readAllBytes(truncated);
        Files.write(truncated, java.util.Arrays.copyOf(b, b.length - 20));
        Path text = SampleImages.bytes(root.resolve("a/4.png"), "<html>".getBytes());

        BadInputReport report = new BadInputReport();
        LabelledSet set = ImageFolder.scan(root, ScanOptions.skipping(report, 3));

        assertThat(set.samples()).extracting(s -> s.path().getFileName().toString())
                .containsExactly("0.png", "1.png", "3.png", "5.png");
        assertThat(report.skipped()).extracting(BadInputReport.Entry::file).containsExactly(truncated, text);
        assertThat(report.skipped().get(0).problem()).isEqualTo("truncated PNG data (IDAT chunk cut short)");
        assertThat(report.skipped().get(1).problem()).startsWith("not a PNG, JPEG, BMP or DICOM image");
        assertThat(report.summary()).startsWith("2 bad input(s) skipped").contains(truncated.toString());

        // Without skipping, the scan reads every header and refuses the first bad file (in listing order).
        assertThatThrownBy(() -> ImageFolder.scan(root, ScanOptions.strict())).isInstanceOf(BadInputException.class)
                .hasMessage(truncated + ": truncated PNG data (IDAT chunk cut short)");
    }

    @Test
    void fixedClassListRejectsUnknownFolders() throws Exception {
        SampleImages.png(root.resolve("b/1.png"), 0);
        SampleImages.png(root.resolve("x/1.png"), 0);
        assertThatThrownBy(() -> ImageFolder.scan(root, List.of("a", "b"), ScanOptions.strict()))
                .hasMessage(root.resolve("x") + ": class folder 'x' is not one of the classes [a, b]");
        LabelledSet set = ImageFolder.scan(root, List.of("a", "b"), ScanOptions.skipping(new BadInputReport(), 1));
        assertThat(set.classes()).containsExactly("a", "b");
        assertThat(set.samples()).extracting(Sample::label).containsExactly(1);
    }
}
