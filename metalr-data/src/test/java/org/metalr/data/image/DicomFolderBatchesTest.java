package org.metalr.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.api.Batch;
import org.metalr.data.BatchStream;
import org.metalr.data.DatasetSplits;
import org.metalr.data.ScanOptions;
import org.metalr.data.dicom.DicomWindow;
import org.metalr.data.dicom.TestDicom;

/**
 * A folder of DICOM files, classes as folders, read through the data API into training batches
 * (split-folder scan, pipeline with augmentation, batch loader) exactly as a folder of PNG files with
 * the same pixels: so a DICOM folder can be trained on wherever an image folder can.
 */
class DicomFolderBatchesTest {

    @TempDir
    Path root;

    private static final int[] TRAIN = {0, 1, 2, 3, 4, 5, 6, 7};
    private static final int[] TEST = {50, 51, 52};

    /** The same images as PNG under {@code png/} and DICOM under {@code dcm/}: class a grey, class b RGB. */
    private void writeBothFolders() {
        for (String split : new String[] {"train", "test"}) {
            for (int tint : split.equals("train") ? TRAIN : TEST) {
                String a = split + "/a/" + tint;
                String b = split + "/b/" + tint;
                SampleImages.writeGrey(root.resolve("png/" + a + ".png"), 12, 14, tint);
                SampleImages.writeRgb(root.resolve("png/" + b + ".png"), 20, 16, tint, "png");
                TestDicom.grey8(14, 12, DicomDecodingTest.greyPattern(12, 14, tint)).write(root.resolve("dcm/" + a + ".dcm"));
                TestDicom.rgb8(16, 20, DicomDecodingTest.rgbPattern(20, 16, tint), tint % 2).write(root.resolve("dcm/" + b + ".dcm"));
            }
        }
    }

    /** Every batch of two training epochs, one meta-validation batch and the test set, inputs then labels. */
    private static List<Object> batches(Path folder, ImagePipeline pipeline) {
        DatasetSplits splits = SplitFolders.load(folder, 0.25, 3, ScanOptions.strict());
        List<Object> out = new ArrayList<>();
        try (ImageBatches data = ImageBatches.open(splits, pipeline, ImageBatches.Options.defaults(4, 11).withThreads(2))) {
            out.add(data.classes());
            for (BatchStream s : new BatchStream[] {data.train(0), data.train(1), data.test()}) {
                try (s) {
                    while (s.hasNext()) {
                        add(out, s.next());
                    }
                }
            }
            add(out, data.metaValidation().next());
        }
        return out;
    }

    private static void add(List<Object> out, Batch b) {
        out.add(b.inputs().toFloatArray());
        out.add(b.inputs().shape());
        out.add(b.labels());
    }

    @Test
    void aDicomFolderGivesTheSameTrainingBatchesAsThePngFolder() {
        writeBothFolders();
        List<Object> png = batches(root.resolve("png"), ImageBatchesTest.pipeline());
        List<Object> dcm = batches(root.resolve("dcm"), ImageBatchesTest.pipeline());
        assertThat(dcm).hasSize(png.size()).hasSizeGreaterThan(20);
        assertThat(dcm.get(0)).isEqualTo(List.of("a", "b"));
        for (int i = 1; i < png.size(); i++) {
            assertThat(dcm.get(i)).as("item %d", i).isEqualTo(png.get(i));
        }
    }

    @Test
    void sixteenBitImagesEnterThroughTheirWindow() {
        // Stored values 1000 + 10 v: the LINEAR window 2275.5/2551 maps them onto v / 255, the PNG's values.
        DicomWindow window = DicomWindow.parse("2275.5,2551");
        for (String split : new String[] {"train", "test"}) {
            for (int tint : split.equals("train") ? TRAIN : TEST) {
                for (String cls : new String[] {"a", "b"}) {
                    int t = cls.equals("a") ? tint : tint + 100;
                    SampleImages.writeGrey(root.resolve("png/" + split + "/" + cls + "/" + t + ".png"), 10, 9, t);
                    byte[] grey = DicomDecodingTest.greyPattern(10, 9, t);
                    int[] stored = new int[grey.length];
                    for (int i = 0; i < grey.length; i++) {
                        stored[i] = 1000 + 10 * (grey[i] & 0xFF);
                    }
                    String name = split + "/" + cls + "/" + t + ".dcm";
                    // the file's own window, and files with a window the option must override
                    TestDicom.grey16(9, 10, stored).text(0x00281050, "DS", "2275.5").text(0x00281051, "DS", "2551")
                            .write(root.resolve("own/" + name));
                    TestDicom.grey16(9, 10, stored).text(0x00281050, "DS", "0").text(0x00281051, "DS", "10")
                            .write(root.resolve("option/" + name));
                }
            }
        }
        // The window option only touches DICOM files: the PNG folder gives the same batches with it.
        ImagePipeline option = ImagePipeline.builder(3, 8, 8).normalize(Normalize.of(0.3f, 0.3f)).dicomWindow(window).build();
        assertClose(batches(root.resolve("own"), ImageBatchesTest.pipeline()), batches(root.resolve("png"), ImageBatchesTest.pipeline()));
        assertClose(batches(root.resolve("option"), option), batches(root.resolve("png"), option));
        // Without the option, the second folder's own window (0/10) saturates every pixel: white.
        float[] saturated = (float[]) batches(root.resolve("option"), ImageBatchesTest.pipeline()).get(1);
        for (float v : saturated) {
            assertThat(v).isCloseTo((1 - 0.3f) / 0.3f, within(1e-5f));
        }
    }

    /** The same batches up to the window's double arithmetic against {@code v / 255} in float. */
    private static void assertClose(List<Object> dcm, List<Object> png) {
        assertThat(dcm).hasSize(png.size());
        for (int i = 1; i < png.size(); i++) {
            if (png.get(i) instanceof float[] want) {
                float[] got = (float[]) dcm.get(i);
                assertThat(got).hasSameSizeAs(want);
                for (int j = 0; j < want.length; j++) {
                    assertThat(got[j]).as("item %d value %d", i, j).isCloseTo(want[j], within(1e-5f));
                }
            } else {
                assertThat(dcm.get(i)).isEqualTo(png.get(i));
            }
        }
    }
}
