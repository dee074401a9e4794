package org.metalr.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.metalr.api.Batch;
import org.metalr.api.HostTensor;
import org.metalr.data.BadInputException;
import org.metalr.data.BatchStream;
import org.metalr.data.CyclingBatches;
import org.metalr.data.DatasetSplits;
import org.metalr.data.LabelledSet;
import org.metalr.data.ScanOptions;
import org.metalr.data.SeededRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image folders to train/meta-validation/test batch streams, as a trainer uses them. */
class ImageBatchesTest {

    @TempDir
    Path root;

    @BeforeEach
    void folders() {
        for (int i = 0; i < 12; i++) {
            SampleImages.writeRgb(root.resolve("train/a/" + i + ".png"), 20, 16, i, "png");
            SampleImages.writeGrey(root.resolve("train/b/" + i + ".png"), 12, 14, i);
        }
        for (int i = 0; i < 3; i++) {
            SampleImages.writeRgb(root.resolve("test/a/" + i + ".png"), 20, 16, 50 + i, "png");
            SampleImages.writeGrey(root.resolve("test/b/" + i + ".png"), 12, 14, 50 + i);
        }
    }

    static ImagePipeline pipeline() {
        return ImagePipeline.builder(3, 8, 8)
                .randomResizedCrop(new RandomResizedCrop(0.5, 1.0, 0.75, 1.33))
                .horizontalFlip(0.5)
                .normalize(Normalize.of(0.3f, 0.3f))
                .build();
    }

    private static List<float[]> drain(BatchStream s) {
        List<float[]> out = new ArrayList<>();
        try (s) {
            while (s.hasNext()) {
                Batch b = s.next();
                out.add(b.inputs().toFloatArray());
                out.add(Arrays.stream(b.labels()).mapToObj(Long::toString).reduce("", String::concat).chars()
                        .mapToObj(c -> (float) c).collect(BatchLoaderFloats.COLLECTOR));
            }
        }
        return out;
    }

    @Test
    void trainValTestStreamsHaveTheRightShapesAndRoles() {
        DatasetSplits splits = SplitFolders.load(root, 0.25, 1, ScanOptions.strict());
        try (ImageBatches data = ImageBatches.open(splits, pipeline(), ImageBatches.Options.defaults(4, 7))) {
            assertThat(data.classes()).containsExactly("a", "b");
            assertThat(splits.train().classCounts()).containsExactly(9, 9);
            assertThat(splits.metaValidation().classCounts()).containsExactly(3, 3);

            try (BatchStream train = data.train(0)) {
                Batch first = train.next();
                assertThat(first.inputs().kind()).isEqualTo(HostTensor.Kind.FLOAT32);
                assertThat(first.inputs().shape()).containsExactly(4, 3, 8, 8);
                assertThat(train.batches()).isEqualTo(5);
            }

            // Test batches: dataset order, no augmentation, so equal to the eval pipeline on each file.
            List<Batch> test = new ArrayList<>();
            try (BatchStream s = data.test()) {
                s.forEachRemaining(test::add);
            }
            assertThat(test).extracting(Batch::size).containsExactly(4, 2);
            assertThat(test.get(0).labels()).containsExactly(0, 0, 0, 1);
            float[] expected = pipeline().withoutAugmentation()
                    .apply(ImageDecoder.decode(splits.test().get(3).path()), new SeededRandom(99)).data();
            float[] got = Arrays.copyOfRange(test.get(0).inputs().toFloatArray(), 3 * 192, 4 * 192);
            assertThat(got).isEqualTo(expected);

            CyclingBatches val = data.metaValidation();
            for (int i = 0; i < 4; i++) {
                assertThat(val.next().size()).isIn(4, 2);
            }
            assertThat(val.epoch()).isEqualTo(1);
            assertThat(data.metaValidation()).isSameAs(val);
        }
    }

    @Test
    void augmentedBatchesAreIdenticalWithOneOrThreeDecodingThreads() {
        DatasetSplits splits = SplitFolders.load(root, 0.25, 1, ScanOptions.strict());
        List<List<float[]>> runs = new ArrayList<>();
        for (int threads : new int[] {1, 3}) {
            try (ImageBatches data = ImageBatches.open(splits, pipeline(),
                    ImageBatches.Options.defaults(5, 21).withThreads(threads).withCache(threads == 3))) {
                List<float[]> all = new ArrayList<>();
                all.addAll(drain(data.train(0)));
                all.addAll(drain(data.train(1)));
                all.add(data.metaValidation().next().inputs().toFloatArray());
                runs.add(all);
            }
        }
        assertThat(runs.get(1)).usingElementComparator(Arrays::compare).isEqualTo(runs.get(0));
        // Augmentation is on: epoch 0 and 1 differ.
        assertThat(runs.get(0).get(0)).isNotEqualTo(runs.get(0).get(8));
    }

    @Test
    void aCorruptImageFailsTheBatchNamingTheFile() throws Exception {
        Path bad = root.resolve("test/a/1.png");
        byte[] good = Files.readAllBytes(bad);
        Files.write(bad, Arrays.copyOf(good, 30));
        // The scan reads every header: a truncated file is refused before any batch.
        assertThatThrownBy(() -> SplitFolders.load(root, 0.25, 1, ScanOptions.strict()))
                .isInstanceOf(BadInputException.class).hasMessage(bad + ": truncated PNG data (IHDR chunk cut short)");
        // A file damaged after the scan fails the batch that holds it, naming it.
        Files.write(bad, good);
        DatasetSplits splits = SplitFolders.load(root, 0.25, 1, ScanOptions.strict());
        Files.write(bad, Arrays.copyOf(good, 30));
        try (ImageBatches data = ImageBatches.open(splits, pipeline(), ImageBatches.Options.defaults(2, 7))) {
            BatchStream s = data.test();
            assertThatThrownBy(s::next)
                    .isInstanceOf(BadInputException.class)
                    .hasMessage(bad + ": truncated PNG data (IHDR chunk cut short)");
        }
    }

    @Test
    void pocusPaperPipelineKeeps64x64AndIsDeterministicWithoutAugmentation() {
        ImagePipeline p = ImagePipeline.pocusPaper();
        assertThat(p.outputShape()).containsExactly(3, 64, 64);
        FloatImage image = ImageDecoder.decode(SampleImages.writeGrey(root.resolve("x.png"), 64, 64, 3));
        FloatImage a = p.withoutAugmentation().apply(image, new SeededRandom(1));
        FloatImage b = p.withoutAugmentation().apply(image, new SeededRandom(2));
        assertThat(a.data()).isEqualTo(b.data());
        // Resize at the same size is a no-op: the result is the normalised input.
        assertThat(a.get(1, 10, 20)).isEqualTo((image.get(0, 10, 20) - 0.18f) / 0.24f);
        assertThat(p.apply(image, new SeededRandom(1)).data()).isNotEqualTo(a.data());
    }

    @Test
    void labelledSetReportsItsClassCounts() {
        LabelledSet train = SplitFolders.load(root, 0.25, 1, ScanOptions.strict()).train();
        assertThat(train.toString()).contains("18 samples", "[a, b]", "[9, 9]");
    }

    /** Collects boxed floats into a float[]. */
    static final class BatchLoaderFloats {
        static final java.util.stream.Collector<Float, ?, float[]> COLLECTOR = java.util.stream.Collectors.collectingAndThen(
                java.util.stream.Collectors.toList(), list -> {
                    float[] out = new float[list.size()];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = list.get(i);
                    }
                    return out;
                });

        private BatchLoaderFloats() {
        }
    }
}
