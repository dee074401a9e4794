package org.metalr.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.data.BadInputException;
import org.metalr.data.DatasetSplits;
import org.metalr.data.LabelledSet;
import org.metalr.data.Sample;
import org.metalr.data.layout.DataRequest;
import org.metalr.data.layout.DatasetLayout;
import org.metalr.data.layout.DatasetLayouts;
import org.metalr.data.layout.Recognition;
import org.metalr.data.npy.NpyFormatException;
import org.metalr.data.npy.NpyHeader;

/**
 * The {@code medmnist} layout on {@code .npz} files written by NumPy ({@code make_medmnist_fixtures.py}):
 * every pixel and label against the generator's formula, stored and deflated archives alike, the official
 * splits and folds over train+val, and the files it must refuse.
 */
class MedMnistLayoutTest {

    private static final Map<String, Integer> OFFSET = Map.of("train", 0, "val", 100, "test", 200);

    @TempDir
    Path tmp;

    private static Path fixture(String name) throws Exception {
        return Path.of(MedMnistLayoutTest.class.getResource("/org/metalr/data/medmnist/" + name).toURI());
    }

    /** The generator's pixel formula. */
    private static int pixel(String split, int i, int y, int x, int c) {
        return (OFFSET.get(split) + 31 * i + 7 * y + 3 * x + 50 * c) % 256;
    }

    private static void assertFollowsTheFormula(List<LabelledSet> sets, int h, int w, int channels) {
        assertThat(sets).hasSize(3);
        int[] sizes = {12, 6, 6};
        for (int s = 0; s < 3; s++) {
            String split = MedMnistLayout.SPLITS.get(s);
            LabelledSet set = sets.get(s);
            assertThat(set.classes()).containsExactly("0", "1", "2");
            assertThat(set.size()).isEqualTo(sizes[s]);
            for (int i = 0; i < set.size(); i++) {
                Sample sample = set.get(i);
                assertThat(sample.label()).isEqualTo(i % 3);
                assertThat(sample.inMemory()).isTrue();
                assertThat(sample.name()).endsWith(" " + split + "_images[" + i + "]");
                assertThat(sample.image().height()).isEqualTo(h);
                assertThat(sample.image().width()).isEqualTo(w);
                assertThat(sample.image().channels()).isEqualTo(channels);
                byte[] px = sample.image().pixels();
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        for (int c = 0; c < channels; c++) {
                            assertThat(px[(y * w + x) * channels + c] & 0xFF).as(sample.name() + " y" + y + " x" + x)
                                    .isEqualTo(pixel(split, i, y, x, c));
                        }
                    }
                }
            }
        }
    }

    @Test
    void greyFilesStoredOrDeflatedGiveEveryPixelAndLabel() throws Exception {
        List<LabelledSet> stored = MedMnistLayout.read(fixture("grey_stored.npz"));
        assertFollowsTheFormula(stored, 8, 8, 1);
        assertFollowsTheFormula(MedMnistLayout.read(fixture("grey_deflated.npz")), 8, 8, 1);
        assertFollowsTheFormula(MedMnistLayout.read(fixture("labels_1d.npz")), 8, 8, 1);
    }

    @Test
    void rgbImagesKeepTheirChannelsLast() throws Exception {
        assertFollowsTheFormula(MedMnistLayout.read(fixture("rgb.npz")), 6, 5, 3);
    }

    @Test
    void anArrayImageEntersThePipelineAsAPngOfTheSamePixels() throws Exception {
        Sample sample = MedMnistLayout.read(fixture("rgb.npz")).get(1).get(4);
        BufferedImage png = new BufferedImage(5, 6, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 5; x++) {
                png.setRGB(x, y, pixel("val", 4, y, x, 0) << 16 | pixel("val", 4, y, x, 1) << 8 | pixel("val", 4, y, x, 2));
            }
        }
        Path file = tmp.resolve("same.png");
        ImageIO.write(png, "png", file.toFile());
        ImagePipeline pipeline = ImagePreset.PAPER.builder(3, 16, false).normalize(MedMnistLayout.NORMALIZATION).build();
        float[] fromArray = new float[3 * 16 * 16];
        float[] fromPng = new float[3 * 16 * 16];
        pipeline.finish(pipeline.prepare(pipeline.decode(sample)), null, fromArray, 0);
        pipeline.finish(pipeline.prepare(pipeline.decode(new Sample(file, 0))), null, fromPng, 0);
        assertThat(fromArray).containsExactly(fromPng);
    }

    @Test
    void theOfficialSplitsOrFoldsOverTrainAndVal() throws Exception {
        DatasetLayout layout = DatasetLayouts.registry().named("medmnist");
        Path file = fixture("grey_deflated.npz");
        assertThat(layout.recognise(file).strength()).isEqualTo(Recognition.Strength.SPECIFIC);
        assertThat(DatasetLayouts.detect(DatasetLayouts.registry(), file).name()).isEqualTo("medmnist");

        ImageDataset official = (ImageDataset) layout.open(DataRequest.builder().data(file).build());
        assertThat(official.description()).isEqualTo("MedMNIST " + file + " (official splits: 12 train, 6 val, 6 test)");
        assertThat(official.crossValidated()).isFalse();
        assertThat(official.normalization()).isSameAs(MedMnistLayout.NORMALIZATION);
        DatasetSplits s = official.splits(0);
        assertThat(List.of(s.train().size(), s.metaValidation().size(), s.test().size())).containsExactly(12, 6, 6);
        assertThat(s.test().get(5).name()).endsWith("test_images[5]");

        ImageDataset folds = (ImageDataset) layout.open(DataRequest.builder().data(file).folds(3).build());
        assertThat(folds.folds()).isEqualTo(3);
        int tested = 0;
        for (int k = 0; k < 3; k++) {
            DatasetSplits f = folds.splits(k);
            tested += f.test().size();
            assertThat(f.train().size() + f.metaValidation().size() + f.test().size()).isEqualTo(18);
            assertThat(f.test().samples()).noneMatch(x -> x.name().contains("test_images"));
        }
        assertThat(tested).isEqualTo(18);
    }

    @Test
    void filesItCannotUseAreRefusedNamingTheArray() throws Exception {
        Path multi = fixture("multilabel.npz");
        assertThatThrownBy(() -> MedMnistLayout.read(multi)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(multi + ": train_labels of shape (12, 14) holds 14 labels per image: a"
                        + " multi-label file (as ChestMNIST)");
        Path volumes = fixture("volumes.npz");
        assertThatThrownBy(() -> MedMnistLayout.read(volumes))
                .hasMessageStartingWith(volumes + ": train_images of shape (12, 4, 4, 4) holds 3D volumes: classifying"
                        + " volumes needs a 3D classifier");
        Path floats = fixture("float.npz");
        assertThatThrownBy(() -> MedMnistLayout.read(floats))
                .hasMessage(floats + ": train_images holds '<f4' elements; expected uint8 ('|u1')");
        Path fortran = fixture("fortran.npz");
        assertThatThrownBy(() -> MedMnistLayout.read(fortran))
                .hasMessageStartingWith(fortran + ": val_images is stored in Fortran order");
        Path none = tmp.resolve("none.npz");
        assertThatThrownBy(() -> MedMnistLayout.read(none)).hasMessage(none + ": no such file");
        Path text = java.nio.file.Files.writeString(tmp.resolve("text.npz"), "not a zip");
        assertThatThrownBy(() -> MedMnistLayout.read(text)).hasMessageStartingWith(text + ": not a .npz file");
    }

    @Test
    void npyHeadersOfEveryVersion() throws Exception {
        String dict = "{'descr': '|u1', 'fortran_order': False, 'shape': (5,), }";
        byte[] v1 = header(1, dict);
        NpyHeader h = NpyHeader.read(new ByteArrayInputStream(v1));
        assertThat(h).isEqualTo(new NpyHeader("|u1", false, new long[] {5}));
        assertThat(h.shapeText()).isEqualTo("(5,)");
        assertThat(NpyHeader.read(new ByteArrayInputStream(header(2, dict.replace("(5,)", "(2, 3)")))).shape())
                .containsExactly(2, 3);
        assertThat(NpyHeader.read(new ByteArrayInputStream(header(3, dict.replace("(5,)", "()")))).elements())
                .isEqualTo(1);
        assertThatThrownBy(() -> NpyHeader.read(new ByteArrayInputStream("PK\3\4....".getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(NpyFormatException.class).hasMessageContaining("does not start with \\x93NUMPY");
        assertThatThrownBy(() -> NpyHeader.read(new ByteArrayInputStream(header(1, "{'descr': '|u1'}"))))
                .hasMessageStartingWith("a .npy header without descr, fortran_order or shape");
    }

    private static byte[] header(int version, String dict) {
        byte[] text = dict.getBytes(StandardCharsets.US_ASCII);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
        int n = text.length;
        out.writeBytes(version == 1 ? new byte[] {(byte) n, (byte) (n >> 8)}
                : new byte[] {(byte) n, (byte) (n >> 8), (byte) (n >> 16), (byte) (n >> 24)});
        out.writeBytes(text);
        return out.toByteArray();
    }
}
