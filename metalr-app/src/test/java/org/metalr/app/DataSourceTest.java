package org.metalr.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.data.DatasetSplits;
import org.metalr.data.Sample;
import org.metalr.data.image.ImageDataset;
import org.metalr.train.TrainConfig;
import org.metalr.train.TrainingData;

/** The layouts {@code --dataset} reads and what {@code --no-shuffle} does to the batches. */
class DataSourceTest {

    @TempDir
    Path tmp;

    private static DataOptions options(String... args) {
        return TestData.dataOptions(args);
    }

    @Test
    void oneImageFolderIsCutOrCrossValidated() throws Exception {
        Path root = TestData.classFolder(tmp.resolve("all"), 10, 1);
        DataSource cut = DataSource.open(options("--data", root.toString()), tmp);
        assertThat(cut.crossValidated()).isFalse();
        DatasetSplits s = cut.splits(0);
        assertThat(s.train().size() + s.metaValidation().size() + s.test().size()).isEqualTo(30);
        assertThat(s.test().size()).isEqualTo(6);
        assertThat(s.metaValidation().size()).isEqualTo(6);

        DataSource folds = DataSource.open(options("--data", root.toString(), "--folds", "5"), tmp);
        assertThat(folds.folds()).isEqualTo(5);
        for (int k = 0; k < 5; k++) {
            assertThat(folds.splits(k).test().size()).isEqualTo(6);
        }
        assertThatThrownBy(() -> folds.splits(5)).hasMessage("--fold must lie in 0..4, got 5");
        assertThatThrownBy(() -> DataSource.open(options("--data", root.toString(), "--fold", "1"), tmp))
                .hasMessageStartingWith("--fold needs --folds N");
    }

    @Test
    void pocusFoldFoldersAndManifests() throws Exception {
        Path pocus = tmp.resolve("pocus");
        for (int k = 0; k < 3; k++) {
            TestData.classFolder(pocus.resolve("split" + k), 2, k);
        }
        DataSource p = DataSource.open(options("--dataset", "pocus", "--data", pocus.toString()), tmp);
        assertThat(p.folds()).isEqualTo(3);
        assertThat(p.splits(2).test().samples()).allSatisfy(x -> assertThat(x.path().toString()).contains("split2"));

        Path csv = tmp.resolve("manifest.csv");
        StringBuilder rows = new StringBuilder("path,label,split\n");
        for (Path f : ImageInputs.list(List.of(pocus.resolve("split0"), pocus.resolve("split1")))) {
            rows.append(f).append(',').append(f.getParent().getFileName()).append(',')
                    .append(f.toString().contains("split0") ? "train" : "test").append('\n');
        }
        Files.writeString(csv, rows);
        DataSource m = DataSource.open(options("--dataset", "manifest", "--data", csv.toString(), "--val-fraction", "0.5"),
                tmp);
        assertThat(m.crossValidated()).isFalse();
        assertThat(m.splits(0).test().size()).isEqualTo(6);
        assertThat(m.splits(0).train().size() + m.splits(0).metaValidation().size()).isEqualTo(6);
    }

    @Test
    void layoutNamesIgnoreCase() throws Exception {
        Path root = TestData.classFolder(tmp.resolve("all"), 5, 1);
        DataSource d = DataSource.open(options("--dataset", "POCUS", "--data", root.toString()), tmp);
        assertThat(d.description()).isEqualTo("POCUS in " + root + ", 5 folds");
        assertThatThrownBy(() -> DataSource.open(options("--dataset", "MNIST", "--data", "x"), tmp))
                .hasMessageStartingWith("--dataset: unknown dataset layout 'MNIST'; expected one of ");
    }

    @Test
    void explicitSplitsAndTheirErrors() throws Exception {
        Path root = TestData.splitFolders(tmp.resolve("s"), 3, 1, 1);
        DataSource d = DataSource.open(options("--train-data", root.resolve("train").toString(), "--test-data",
                root.resolve("test").toString(), "--val-data", root.resolve("val").toString()), tmp);
        assertThat(d.splits(0).metaValidation().size()).isEqualTo(3);
        assertThatThrownBy(() -> DataSource.open(options("--train-data", root.resolve("train").toString()), tmp))
                .hasMessage("explicit splits need --train-data with --test-data, --val-data or both");
        assertThatThrownBy(() -> DataSource.open(options("--dataset", "busi"), tmp))
                .hasMessage("--dataset busi needs --data (or give --train-data and --test-data)");
        assertThatThrownBy(() -> DataSource.open(options("--dataset", "mnist", "--data", "x"), tmp))
                .hasMessageStartingWith("--dataset: unknown dataset layout 'mnist'; expected one of busi, chestxray, ")
                .hasMessageContainingAll("imagefolder", "lits", "manifest", "pocus", "synthetic");
        assertThatThrownBy(() -> DataSource.open(options("--data", tmp.resolve("none").toString()), tmp))
                .hasMessageEndingWith("none: no such folder");
    }

    @Test
    void noShuffleTakesClassesThenFilesInSortedOrder() throws Exception {
        Path root = TestData.splitFolders(tmp.resolve("s"), 5, 2, 1);
        DataOptions o = options("--data", root.toString(), "--no-shuffle", "--image-size", "16");
        DatasetSplits s = DataSource.open(o, tmp).splits(0);
        List<String> names = s.train().samples().stream().map(Sample::path)
                .map(p -> p.getParent().getFileName() + "/" + p.getFileName()).toList();
        assertThat(names).hasSize(15).startsWith("a/img_00.png", "a/img_01.png").endsWith("c/img_04.png").isSorted();
        TrainConfig config = TrainConfig.builder().batchSize(4).build();
        try (TrainingData data = TrainingData.images(s, o.pipeline(3, ImageDataset.PAPER_NORMALIZATION).pipeline(), config,
                TrainingData.Options.defaults().withShuffle(!o.noShuffle).withThreads(0))) {
            int[] identity = IntStream.range(0, 15).toArray();
            assertThat(data.train().order(0)).containsExactly(identity);
            assertThat(data.train().order(3)).containsExactly(identity);
            assertThat(data.metaValidation().order(1)).containsExactly(IntStream.range(0, 6).toArray());
        }
    }

    @Test
    void meanAndStdTakeOneValueOrOnePerChannel() {
        assertThat(ImageOptions.normalize("0.1,0.2,0.3", "0.5", new float[] {0}, new float[] {1}, 3).std())
                .containsExactly(0.5f, 0.5f, 0.5f);
        assertThatThrownBy(() -> ImageOptions.normalize(null, "0", new float[] {0}, new float[] {1}, 3))
                .hasMessage("--std must be positive, got '0'");
        assertThatThrownBy(() -> ImageOptions.normalize("x", null, new float[] {0}, new float[] {1}, 1))
                .hasMessage("--mean expects numbers, got 'x'");
    }
}
