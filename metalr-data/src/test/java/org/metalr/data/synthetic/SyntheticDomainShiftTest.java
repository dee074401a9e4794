package org.metalr.data.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.metalr.data.DatasetSplits;
import org.metalr.data.LabelledSet;
import org.metalr.data.ScanOptions;
import org.metalr.data.Split;
import org.metalr.data.image.FloatImage;
import org.metalr.data.image.ImageDecoder;
import org.metalr.data.image.SplitFolders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticDomainShiftTest {

    private static final SyntheticConfig SMALL = new SyntheticConfig(32, 4, 2, 5, 3, 4, 17);

    @TempDir
    Path dir;

    @Test
    void writesBalancedImageFoldersReadableAsSplits() {
        SyntheticDomainShift.Location where = SyntheticDomainShift.generate(dir, SMALL, 2);

        Map<Split, LabelledSet> source = SplitFolders.scan(where.source(), ScanOptions.strict());
        assertThat(source.keySet()).containsExactly(Split.TRAIN, Split.TEST);
        assertThat(source.get(Split.TRAIN).classes()).containsExactly("cross", "disc", "ring", "square", "triangle");
        assertThat(source.get(Split.TRAIN).classCounts()).containsExactly(4, 4, 4, 4, 4);
        assertThat(source.get(Split.TEST).classCounts()).containsExactly(2, 2, 2, 2, 2);

        DatasetSplits target = SplitFolders.load(where.target(), 0.5, 0, ScanOptions.strict());
        assertThat(target.train().classes()).containsExactly("benign", "malignant", "normal");
        assertThat(target.train().classCounts()).containsExactly(5, 5, 5);
        assertThat(target.metaValidation().classCounts()).containsExactly(3, 3, 3);
        assertThat(target.test().classCounts()).containsExactly(4, 4, 4);
        assertThat(SyntheticDomainShift.countImages(dir)).isEqualTo(SMALL.totalImages()).isEqualTo(20 + 10 + 15 + 9 + 12);

        FloatImage rgb = ImageDecoder.decode(source.get(Split.TRAIN).get(0).path());
        FloatImage grey = ImageDecoder.decode(target.train().get(0).path());
        assertThat(rgb.channels()).isEqualTo(3);
        assertThat(grey.channels()).isEqualTo(1);
        assertThat(grey.height()).isEqualTo(32);
    }

    @Test
    void sameSeedSameBytesWhateverTheThreadsAndAnotherSeedDiffers() throws IOException {
        SyntheticDomainShift.generate(dir.resolve("a"), SMALL, 1);
        SyntheticDomainShift.generate(dir.resolve("b"), SMALL, 3);
        SyntheticDomainShift.generate(dir.resolve("c"), new SyntheticConfig(32, 4, 2, 5, 3, 4, 18), 2);
        Map<String, byte[]> a = files(dir.resolve("a"));
        Map<String, byte[]> b = files(dir.resolve("b"));
        Map<String, byte[]> c = files(dir.resolve("c"));
        assertThat(b.keySet()).isEqualTo(a.keySet());
        for (String name : a.keySet()) {
            assertThat(b.get(name)).as(name).isEqualTo(a.get(name));
        }
        assertThat(c.get("target/train/benign/benign_00000.png")).isNotEqualTo(a.get("target/train/benign/benign_00000.png"));
    }

    @Test
    void targetImagesLookLikeUltrasound() {
        int size = 64;
        double[] fanMean = new double[3];
        int n = 40;
        for (int cls = 0; cls < 3; cls++) {
            for (int i = 0; i < n; i++) {
                float[] img = SyntheticDomainShift.targetImage(cls, size, 5, 0, i);
                // Outside the fan (top corners) is black.
                assertThat(img[0]).isZero();
                assertThat(img[size - 1]).isZero();
                assertThat(img[8 * size + 2]).isZero();
                double sum = 0;
                int count = 0;
                for (int y = 20; y < 50; y++) {
                    for (int x = 16; x < 48; x++) {
                        sum += img[y * size + x];
                        count++;
                    }
                }
                fanMean[cls] += sum / count / n;
            }
        }
        // Tissue around 0.3-0.5 after attenuation; lesions darken the centre of the fan.
        assertThat(fanMean[0]).isBetween(0.2, 0.6);
        assertThat(fanMean[1]).isLessThan(fanMean[0] * 0.95);
        assertThat(fanMean[2]).isLessThan(fanMean[0] * 0.95);
    }

    @Test
    void sourceImagesAreColouredShapes() {
        float[] img = SyntheticDomainShift.sourceImage(1, 32, 5, 0, 0);
        int plane = 32 * 32;
        double channelGap = 0;
        for (int i = 0; i < plane; i++) {
            channelGap += Math.abs(img[i] - img[plane + i]) + Math.abs(img[i] - img[2 * plane + i]);
            assertThat(img[i]).isBetween(0f, 1.2f);
        }
        assertThat(channelGap / plane).isGreaterThan(0.02);
    }

    @Test
    void ensureReusesAMatchingDatasetAndRefusesAnother() throws IOException {
        SyntheticDomainShift.ensure(dir, SMALL, 2);
        Path probe = dir.resolve("target/train/normal/normal_00000.png");
        long modified = Files.getLastModifiedTime(probe).toMillis();
        SyntheticDomainShift.ensure(dir, SMALL, 2);
        assertThat(Files.getLastModifiedTime(probe).toMillis()).isEqualTo(modified);
        assertThatThrownBy(() -> SyntheticDomainShift.ensure(dir, new SyntheticConfig(32, 1, 1, 1, 1, 1, 17), 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("another configuration");
        assertThatThrownBy(() -> SyntheticDomainShift.generate(dir, SMALL, 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already holds");
    }

    @Test
    void configValidatesAndCounts() {
        assertThat(SyntheticConfig.defaults(1).totalImages()).isEqualTo(3000 + 500 + 180 + 90 + 600);
        assertThatThrownBy(() -> new SyntheticConfig(8, 1, 1, 1, 1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(SyntheticDomainShift.TARGET_CLASSES).containsExactly("normal", "benign", "malignant");
    }

    private static Map<String, byte[]> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            List<Path> list = s.filter(Files::isRegularFile).collect(Collectors.toList());
            return list.stream().collect(Collectors.toMap(p -> root.relativize(p).toString().replace('\\', '/'), p -> {
                try {
                    return Files.readAllBytes(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
    }
}
