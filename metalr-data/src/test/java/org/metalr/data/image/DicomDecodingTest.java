package org.metalr.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.data.BadInputException;
import org.metalr.data.BadInputReport;
import org.metalr.data.LabelledSet;
import org.metalr.data.ScanOptions;
import org.metalr.data.SeededRandom;
import org.metalr.data.dicom.DicomImage;
import org.metalr.data.dicom.DicomWindow;
import org.metalr.data.dicom.TestDicom;

/** DICOM files where PNG and JPEG files are accepted: the decoder, the pipeline's window, folder scans. */
class DicomDecodingTest {

    @TempDir
    Path dir;

    /** The pixels of {@link SampleImages#writeGrey}. */
    static byte[] greyPattern(int width, int height, int tint) {
        byte[] b = new byte[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                b[y * width + x] = (byte) ((x * 16 + y * 3 + tint) & 0xFF);
            }
        }
        return b;
    }

    /** The pixels of {@link SampleImages#writeRgb}. */
    static int[] rgbPattern(int width, int height, int tint) {
        int[] p = new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                p[y * width + x] = SampleImages.rgb(x, y, tint);
            }
        }
        return p;
    }

    private Path resource(String name) throws IOException {
        try (InputStream in = DicomImage.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return Files.write(dir.resolve(name), in.readAllBytes());
        }
    }

    @Test
    void anEightBitDicomDecodesExactlyAsAPngOfTheSamePixels() {
        FloatImage png = ImageDecoder.decode(SampleImages.writeGrey(dir.resolve("g.png"), 12, 7, 5));
        FloatImage dcm = ImageDecoder.decode(TestDicom.grey8(7, 12, greyPattern(12, 7, 5)).write(dir.resolve("g.dcm")));
        assertThat(dcm.channels()).isEqualTo(1);
        assertThat(dcm.data()).isEqualTo(png.data());

        FloatImage rgbPng = ImageDecoder.decode(SampleImages.writeRgb(dir.resolve("c.png"), 9, 5, 3, "png"));
        for (int planar = 0; planar <= 1; planar++) {
            FloatImage rgb = ImageDecoder.decode(TestDicom.rgb8(5, 9, rgbPattern(9, 5, 3), planar).write(dir.resolve("c" + planar + ".dcm")));
            assertThat(rgb.channels()).isEqualTo(3);
            assertThat(rgb.data()).as("planar configuration %d", planar).isEqualTo(rgbPng.data());
        }
    }

    @Test
    void aDicomFileIsKnownByItsPrefixWhateverItsNameAndWithoutItByItsExtension() throws IOException {
        byte[] bytes = TestDicom.grey8(2, 3, new byte[] {0, 51, 102, (byte) 153, (byte) 204, (byte) 255}).bytes();
        float[] want = {0f, 0.2f, 0.4f, 0.6f, 0.8f, 1f};
        assertThat(ImageDecoder.decode(Files.write(dir.resolve("IM0001"), bytes)).data()).isEqualTo(want);
        assertThat(ImageDecoder.decode(Files.write(dir.resolve("misnamed.png"), bytes)).data()).isEqualTo(want);

        Path noPrefix = resource("nometa_implicit_le.dcm");
        assertThat(ImageDecoder.decode(noPrefix).data()).isEqualTo(DicomImage.read(noPrefix).render(null));
        Path renamed = Files.copy(noPrefix, dir.resolve("nometa.bin"));
        assertThatThrownBy(() -> ImageDecoder.decode(renamed)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(renamed + ": not a PNG, JPEG, BMP or DICOM image");
    }

    @Test
    void thePipelinesDicomWindowReachesTheDecoder() throws IOException {
        Path mr = resource("MR_small.dcm"); // its own window: 600/1600
        DicomWindow narrow = DicomWindow.parse("300,500");
        ImagePipeline plain = ImagePipeline.builder(1, 64, 64).build();
        ImagePipeline windowed = ImagePipeline.builder(1, 64, 64).dicomWindow(narrow).horizontalFlip(0.5).build();

        assertThat(plain.dicomWindow()).isEmpty();
        assertThat(windowed.dicomWindow()).contains(narrow);
        assertThat(windowed.withoutAugmentation().dicomWindow()).contains(narrow);
        assertThat(windowed.toString()).contains("DICOM window 300,500");
        assertThat(plain.decode(mr).data()).isEqualTo(DicomImage.read(mr).render(null));
        assertThat(windowed.decode(mr).data()).isEqualTo(DicomImage.read(mr).render(narrow))
                .isNotEqualTo(plain.decode(mr).data());
        assertThat(ImageDecoder.decode(mr, narrow).data()).isEqualTo(windowed.decode(mr).data());
        float[] viaApply = windowed.withoutAugmentation().apply(windowed.decode(mr), new SeededRandom(0)).data();
        assertThat(viaApply).isEqualTo(DicomImage.read(mr).render(narrow)); // 64x64, no normalisation: unchanged
    }

    @Test
    void aFolderScanTakesDicomFilesAndSkipsACompressedOneNamingItsTransferSyntax() throws IOException {
        TestDicom.grey8(4, 4, greyPattern(4, 4, 1)).write(dir.resolve("root/a/1.dcm"));
        TestDicom.grey8(4, 4, greyPattern(4, 4, 2)).write(dir.resolve("root/a/2.DICOM"));
        TestDicom.rgb8(4, 4, rgbPattern(4, 4, 3), 0).write(dir.resolve("root/b/1.dcm"));
        Path jpeg2000 = Files.copy(resource("JPEG2000.dcm"), dir.resolve("root/b/2.dcm"));

        // Failing on bad input, the scan reads the headers and refuses the compressed file before any work.
        assertThatThrownBy(() -> ImageFolder.scan(dir.resolve("root"), ScanOptions.strict()))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith(jpeg2000 + ": compressed DICOM pixel"
                        + " data is not supported: transfer syntax 1.2.840.10008.1.2.4.91 (JPEG 2000)");
        BadInputReport report = new BadInputReport();
        LabelledSet set = ImageFolder.scan(dir.resolve("root"), ScanOptions.skipping(report, 1));
        assertThat(set.classes()).containsExactly("a", "b");
        assertThat(set.classCounts()).containsExactly(2, 1);
        assertThat(report.skipped()).hasSize(1);
        assertThat(report.skipped().get(0).file()).isEqualTo(jpeg2000);
        assertThat(report.skipped().get(0).problem())
                .startsWith("compressed DICOM pixel data is not supported: transfer syntax 1.2.840.10008.1.2.4.91 (JPEG 2000)");
    }

    @Test
    void aManifestTakesDicomFilesWithoutAnExtension() throws IOException {
        TestDicom.grey8(3, 3, greyPattern(3, 3, 4)).write(dir.resolve("IM0001"));
        TestDicom.grey8(3, 3, greyPattern(3, 3, 5)).write(dir.resolve("IM0002"));
        Path csv = Files.writeString(dir.resolve("manifest.csv"), "path,label\nIM0001,normal\nIM0002,lesion\n");
        CsvManifest manifest = CsvManifest.read(csv, ScanOptions.strict());
        LabelledSet all = manifest.all();
        ImageSampleSource source = new ImageSampleSource(all, ImagePipeline.builder(1, 3, 3).build(), false);
        float[] x = new float[9];
        source.load(0, new SeededRandom(0), x, 0);
        assertThat(List.of(all.get(0).label(), all.get(1).label())).containsExactly(1, 0); // classes sorted: lesion, normal
        assertThat(x).isEqualTo(ImageDecoder.decode(SampleImages.writeGrey(dir.resolve("p.png"), 3, 3, 4)).data());
    }
}
