package org.metalr.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.api.UserInputException;
import org.metalr.data.BadInputException;
import org.metalr.data.DatasetSplits;
import org.metalr.data.LabelledSet;
import org.metalr.data.Sample;
import org.metalr.data.idx.IdxFile;
import org.metalr.data.idx.IdxFixture;
import org.metalr.data.layout.DataRequest;
import org.metalr.data.layout.DatasetLayout;
import org.metalr.data.layout.DatasetLayouts;
import org.metalr.data.layout.Recognition;

/**
 * The {@code idx} layout on IDX files written byte by byte in the test ({@link IdxFixture}): every pixel and
 * label, gzip-compressed or plain, the official splits with the meta-validation hold-out, folds over train, the
 * class names, and the files it must refuse; and on Debian's Fashion-MNIST when installed, checked against
 * Python's own reading of the files.
 */
class IdxLayoutTest {

    private static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    @TempDir
    Path tmp;

    private static DatasetLayout layout() {
        return DatasetLayouts.registry().named("idx");
    }

    private static void assertFollowsTheFormula(LabelledSet set, int offset, int n, int h, int w, int classes) {
        assertThat(set.size()).isEqualTo(n);
        for (int i = 0; i < n; i++) {
            Sample s = set.get(i);
            assertThat(s.label()).isEqualTo(i % classes);
            assertThat(s.inMemory()).isTrue();
            assertThat(s.image().channels()).isEqualTo(1);
            assertThat(s.image().height()).isEqualTo(h);
            assertThat(s.image().width()).isEqualTo(w);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    assertThat(s.image().pixels()[y * w + x] & 0xFF).as(s.name() + " y" + y + " x" + x)
                            .isEqualTo(IdxFixture.pixel(offset, i, y, x));
                }
            }
        }
    }

    @Test
    void compressedAndPlainFilesGiveEveryPixelAndLabel() throws Exception {
        for (boolean gzip : List.of(true, false)) {
            Path root = IdxFixture.folder(tmp.resolve("gz" + gzip), 12, 6, 5, 4, 3, gzip);
            List<LabelledSet> sets = IdxLayout.read(root);
            assertThat(sets).hasSize(2);
            assertFollowsTheFormula(sets.get(0), 0, 12, 5, 4, 3);
            assertFollowsTheFormula(sets.get(1), 100, 6, 5, 4, 3);
            assertThat(sets.get(0).classes()).containsExactly("0", "1", "2");
            assertThat(sets.get(0).get(7).name()).isEqualTo("train-images-idx3-ubyte" + (gzip ? ".gz" : "") + "[7]");
        }
    }

    @Test
    void officialSplitsHoldOutMetaValidationFromTrainAndFoldsCutTrain() throws Exception {
        Path root = IdxFixture.folder(tmp.resolve("mnist"), 30, 9, 4, 4, 3, true);
        DataRequest request = DataRequest.builder().data(root).valFraction(0.2).splitSeed(3).build();
        ImageDataset d = (ImageDataset) DatasetLayouts.open(layout(), request);
        DatasetSplits s = d.splits(0);
        assertThat(s.train().classCounts()).containsExactly(8, 8, 8);
        assertThat(s.metaValidation().classCounts()).containsExactly(2, 2, 2);
        assertThat(names(s.test())).isEqualTo(names(IdxLayout.read(root).get(1)));
        assertThat(names(s.train().concat(s.metaValidation())))
                .containsExactlyInAnyOrderElementsOf(names(IdxLayout.read(root).get(0)));
        assertThat(d.crossValidated()).isFalse();
        assertThat(d.description()).contains("30 train, 9 test");

        ImageDataset folds = (ImageDataset) DatasetLayouts.open(layout(),
                DataRequest.builder().data(root).folds(3).splitSeed(3).build());
        assertThat(folds.folds()).isEqualTo(3);
        assertThat(folds.splits(1).test().size()).isEqualTo(10);
        assertThat(folds.splits(1).test().samples()).allSatisfy(x -> assertThat(x.name()).startsWith("train-"));
    }

    /** Each sample's name and label (an in-memory image's pixels are an array, equal only to itself). */
    private static List<String> names(LabelledSet set) {
        return set.samples().stream().map(x -> x.name() + " " + x.label()).toList();
    }

    @Test
    void theDefaultNormalisationIsTheTrainingPixelsMeanAndStd() throws Exception {
        Path root = IdxFixture.folder(tmp.resolve("mnist"), 6, 3, 2, 3, 2, false);
        List<LabelledSet> sets = IdxLayout.read(root);
        double sum = 0;
        double sq = 0;
        int n = 0;
        for (Sample s : sets.get(0).samples()) {
            for (byte b : s.image().pixels()) {
                double v = (b & 0xFF) / 255.0;
                sum += v;
                sq += v * v;
                n++;
            }
        }
        double mean = sum / n;
        assertThat(n).isEqualTo(36);
        double std = Math.sqrt(sq / n - mean * mean);
        ImageDataset d = (ImageDataset) layout().open(DataRequest.builder().data(root).build());
        assertThat((double) d.normalization().mean()[0]).isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-6));
        assertThat((double) d.normalization().std()[0]).isCloseTo(std, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void classNamesComeFromClassesTxtOrAFashionFolderElseTheLabels() throws Exception {
        Path digits = IdxFixture.folder(tmp.resolve("mnist"), 10, 10, 2, 2, 10, true);
        assertThat(IdxLayout.read(digits).get(0).classes()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7",
                "8", "9");
        Path fashion = IdxFixture.folder(tmp.resolve("Fashion-MNIST"), 10, 10, 2, 2, 10, true);
        assertThat(IdxLayout.read(fashion).get(1).classes()).isEqualTo(IdxLayout.FASHION_MNIST)
                .startsWith("T-shirt/top", "Trouser").endsWith("Ankle boot");
        Path named = IdxFixture.folder(tmp.resolve("named"), 6, 3, 2, 2, 3, false);
        Files.writeString(named.resolve("classes.txt"), "cat\ndog\n\nbird\n");
        assertThat(IdxLayout.read(named).get(0).classes()).containsExactly("cat", "dog", "bird");
        Files.writeString(named.resolve("classes.txt"), "cat\ndog\n");
        assertThatThrownBy(() -> IdxLayout.read(named)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("classes.txt").hasMessageContaining("names 2 classes but the labels go up to 2");
    }

    @Test
    void recognisesAFolderOfIdxFilesAndIsRegistered() throws Exception {
        Path root = IdxFixture.folder(tmp.resolve("mnist"), 4, 2, 2, 2, 2, true);
        assertThat(layout().recognise(root).strength()).isEqualTo(Recognition.Strength.SPECIFIC);
        assertThat(layout().recognise(tmp.resolve("none")).recognised()).isFalse();
        assertThat(DatasetLayouts.detect(DatasetLayouts.registry(), root).name()).isEqualTo("idx");
        assertThat(layout().task()).isEqualTo(DatasetLayout.Task.CLASSIFICATION);
    }

    @Test
    void refusesWhatItCannotReadNamingTheFile() throws Exception {
        Path root = IdxFixture.folder(tmp.resolve("mnist"), 4, 2, 3, 3, 2, false);
        Path images = root.resolve(IdxLayout.TRAIN_IMAGES);
        byte[] good = Files.readAllBytes(images);

        assertRefused(images, Arrays.copyOf(good, good.length - 1), "truncated: its header declares [4, 3, 3], but"
                + " the data ends in item 3");
        assertRefused(images, Arrays.copyOf(good, 14), "truncated: the header ends before its 3 sizes");
        // a header that claims far more than the file holds is refused, not allocated
        assertRefused(images, IdxFixture.bytes(IdxFile.UBYTE, new int[] {Integer.MAX_VALUE, 3, 3}, new byte[9]),
                "truncated: its header declares [2147483647, 3, 3], but the data ends in item 1");
        assertRefused(root.resolve(IdxLayout.TRAIN_LABELS), IdxFixture.bytes(IdxFile.UBYTE,
                new int[] {Integer.MAX_VALUE}, new byte[3]), "truncated: its header declares [2147483647], but the data"
                + " ends after 3 values");
        assertRefused(images, Arrays.copyOf(good, good.length + 1), "holds more bytes than its header declares");
        byte[] badMagic = good.clone();
        badMagic[0] = 1;
        assertRefused(images, badMagic, "not an IDX file");
        assertRefused(images, IdxFixture.bytes(0x0D, new int[] {4, 3, 3}, new byte[4 * 9 * 4]),
                "holds IDX values of type 0x0d; only unsigned bytes (0x08) are read");
        assertRefused(images, IdxFixture.bytes(IdxFile.UBYTE, new int[] {4, 9}, new byte[36]),
                "has 2 dimensions; expected 3: images (count, height, width)");
        assertRefused(images, IdxFixture.bytes(IdxFile.UBYTE, new int[] {0, 3, 3}, new byte[0]),
                "declares size 0 for dimension 0");
        assertRefused(images, IdxFixture.bytes(IdxFile.UBYTE, new int[] {5, 3, 3}, new byte[45]),
                "holds 5 images but train-labels-idx1-ubyte holds 4 labels");
        assertRefused(root.resolve(IdxLayout.TEST_IMAGES), IdxFixture.bytes(IdxFile.UBYTE, new int[] {2, 2, 3},
                new byte[12]),
                "holds 2x3 images but train-images-idx3-ubyte 3x3");
        IdxFixture.write(images, good);

        // a gzip stream cut short
        Path gz = IdxFixture.write(tmp.resolve("gz/t.gz"), good);
        byte[] compressed = Files.readAllBytes(gz);
        Files.write(gz, Arrays.copyOf(compressed, compressed.length / 2));
        assertThatThrownBy(() -> IdxFile.images(gz)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(gz + ": truncated");

        Files.delete(root.resolve(IdxLayout.TEST_LABELS));
        assertThatThrownBy(() -> IdxLayout.read(root)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(root + ": no t10k-labels-idx1-ubyte or t10k-labels-idx1-ubyte.gz");
        assertThatThrownBy(() -> layout().open(DataRequest.builder().data(tmp.resolve("nowhere")).build()))
                .isInstanceOf(UserInputException.class).hasMessageContaining("no such folder");
    }

    /** {@code content} written as {@code file} is refused, naming that file; the file is restored after. */
    private void assertRefused(Path file, byte[] content, String problem) throws Exception {
        byte[] before = Files.readAllBytes(file);
        IdxFixture.write(file, content);
        try {
            assertThatThrownBy(() -> IdxLayout.read(file.getParent())).isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith(file + ": ").hasMessageContaining(problem);
        } finally {
            IdxFixture.write(file, before);
        }
    }

    /** Debian's dataset-fashion-mnist: sizes, class names, and values read back by Python's gzip and struct. */
    @Test
    void debiansFashionMnistAgreesWithPython() throws Exception {
        assumeThat(FASHION_MNIST.resolve("train-images-idx3-ubyte.gz")).as("dataset-fashion-mnist is installed")
                .isRegularFile();
        String script = String.join(";",
                "import gzip, struct, sys",
                "r = lambda n: gzip.open(sys.argv[1] + '/' + n + '.gz').read()",
                "ti, tl, si, sl = r('train-images-idx3-ubyte'), r('train-labels-idx1-ubyte'),"
                        + " r('t10k-images-idx3-ubyte'), r('t10k-labels-idx1-ubyte')",
                "print(*struct.unpack('>III', ti[4:16]), struct.unpack('>I', si[4:8])[0], tl[8], tl[8 + 59999], sl[8],"
                        + " ti[16 + 14 * 28 + 14], ti[16 + 59999 * 784 + 20 * 28 + 9], si[16 + 9999 * 784 + 783],"
                        + " si[16 + 123 * 784 + 300], repr(sum(ti[16:]) / 255 / (len(ti) - 16)))");
        Process p;
        try {
            p = new ProcessBuilder("python3", "-c", script, FASHION_MNIST.toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            assumeThat(false).as("python3 runs").isTrue();
            return;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        String[] v = out.split(" ");

        List<LabelledSet> sets = IdxLayout.read(FASHION_MNIST);
        LabelledSet train = sets.get(0);
        LabelledSet test = sets.get(1);
        assertThat(train.size()).isEqualTo(60_000).isEqualTo(Integer.parseInt(v[0]));
        assertThat(train.get(0).image().height()).isEqualTo(28).isEqualTo(Integer.parseInt(v[1]));
        assertThat(train.get(0).image().width()).isEqualTo(28).isEqualTo(Integer.parseInt(v[2]));
        assertThat(test.size()).isEqualTo(10_000).isEqualTo(Integer.parseInt(v[3]));
        assertThat(train.get(0).label()).isEqualTo(9).isEqualTo(Integer.parseInt(v[4])); // an ankle boot
        assertThat(train.get(59_999).label()).isEqualTo(Integer.parseInt(v[5]));
        assertThat(test.get(0).label()).isEqualTo(Integer.parseInt(v[6]));
        assertThat(train.get(0).image().pixels()[14 * 28 + 14] & 0xFF).isEqualTo(Integer.parseInt(v[7]));
        assertThat(train.get(59_999).image().pixels()[20 * 28 + 9] & 0xFF).isEqualTo(Integer.parseInt(v[8]));
        assertThat(test.get(9_999).image().pixels()[783] & 0xFF).isEqualTo(Integer.parseInt(v[9]));
        assertThat(test.get(123).image().pixels()[300] & 0xFF).isEqualTo(Integer.parseInt(v[10]));
        assertThat(train.classCounts()).containsOnly(6_000);
        assertThat(test.classCounts()).containsOnly(1_000);
        assertThat(train.classes()).isEqualTo(IdxLayout.FASHION_MNIST);

        Normalize n = IdxLayout.statistics(train);
        assertThat((double) n.mean()[0]).isCloseTo(Double.parseDouble(v[11]), org.assertj.core.data.Offset.offset(1e-6));
        // the std Fashion-MNIST's users quote
        assertThat((double) n.std()[0]).isCloseTo(0.3530, org.assertj.core.data.Offset.offset(5e-4));
    }
}
