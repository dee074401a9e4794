package org.metalr.data.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.api.UserInputException;
import org.metalr.data.DataFingerprint;
import org.metalr.data.DatasetSplits;
import org.metalr.data.LabelledSet;
import org.metalr.data.Sample;
import org.metalr.data.idx.IdxFixture;
import org.metalr.data.image.ImageDataset;

/**
 * The few-label cut ({@code --classes}, {@code --train-per-class}, {@code --val-per-class}): what it keeps,
 * how it relabels, that its choice is seeded, stable and nested, that it reaches every classification layout's
 * runs and their fingerprint, and what it refuses.
 */
class SubsetOptionsTest {

    @TempDir
    Path tmp;

    private static final List<String> CLASSES = List.of("ant", "bee", "cat", "dog");

    /** {@code n} samples per class of a set called {@code set}, named {@code set/class/i}. */
    private static LabelledSet set(String set, int... perClass) {
        List<Sample> samples = new ArrayList<>();
        // interleaved classes, so keeping the set's order is visible
        for (int i = 0; i < 100; i++) {
            for (int c = 0; c < perClass.length; c++) {
                if (i < perClass[c]) {
                    samples.add(new Sample(Path.of(set, CLASSES.get(c), Integer.toString(i)), c));
                }
            }
        }
        return new LabelledSet(CLASSES, samples);
    }

    private static DatasetSplits splits() {
        return new DatasetSplits(set("train", 30, 25, 20, 40), set("val", 6, 5, 4, 8), set("test", 10, 10, 10, 10));
    }

    /** The original class of each sample, read from its name, with its new label. */
    private static List<String> described(LabelledSet set) {
        return set.samples().stream().map(s -> s.path() + "=" + s.label()).toList();
    }

    private static Set<Path> paths(LabelledSet set, int label) {
        return set.samples().stream().filter(s -> s.label() == label).map(Sample::path).collect(Collectors.toSet());
    }

    @Test
    void classesAreKeptInEverySetAndRelabelledInTheOrderGiven() {
        DatasetSplits all = splits();
        DatasetSplits cut = new SubsetOptions(List.of("dog", "1"), null, null).apply(all, 0);
        for (LabelledSet s : List.of(cut.train(), cut.metaValidation(), cut.test())) {
            assertThat(s.classes()).containsExactly("dog", "bee");
            for (Sample x : s.samples()) {
                assertThat(x.path().getName(1).toString()).isEqualTo(x.label() == 0 ? "dog" : "bee");
            }
        }
        assertThat(cut.train().classCounts()).containsExactly(40, 25);
        assertThat(cut.metaValidation().classCounts()).containsExactly(8, 5);
        assertThat(cut.test().classCounts()).containsExactly(10, 10);
        // the set's order: the kept samples of the test set in the order they had
        List<Path> expected = all.test().samples().stream().filter(s -> s.label() == 3 || s.label() == 1)
                .map(Sample::path).toList();
        assertThat(cut.test().samples().stream().map(Sample::path).toList()).isEqualTo(expected);
        // names ignore case
        assertThat(new SubsetOptions(List.of("Cat", "ANT"), null, null).apply(all, 0).train().classes())
                .containsExactly("cat", "ant");
    }

    @Test
    void perClassCountsKeepNOfEachClassAndTheTestSetWhole() {
        DatasetSplits all = splits();
        DatasetSplits cut = new SubsetOptions(List.of(), 7, null).apply(all, 5);
        assertThat(cut.train().classCounts()).containsExactly(7, 7, 7, 7);
        assertThat(cut.metaValidation()).isEqualTo(all.metaValidation());
        assertThat(cut.test()).isEqualTo(all.test());
        DatasetSplits both = new SubsetOptions(List.of("cat", "ant"), 3, 2).apply(all, 5);
        assertThat(both.train().classCounts()).containsExactly(3, 3);
        assertThat(both.metaValidation().classCounts()).containsExactly(2, 2);
        assertThat(both.test().classCounts()).containsExactly(10, 10);
        assertThat(all.train().samples()).containsAll(cut.train().samples());
        // kept in the set's order
        List<Sample> order = all.train().samples().stream().filter(cut.train().samples()::contains).toList();
        assertThat(cut.train().samples()).isEqualTo(order);
    }

    @Test
    void theChoiceIsSeededStableNestedAndIndependentOfTheClassOrder() {
        DatasetSplits all = splits();
        SubsetOptions five = new SubsetOptions(List.of("ant", "bee"), 5, null);
        assertThat(described(five.apply(all, 1).train())).isEqualTo(described(five.apply(all, 1).train()));
        assertThat(paths(five.apply(all, 1).train(), 0)).isNotEqualTo(paths(five.apply(all, 2).train(), 0));
        // a smaller N keeps a subset of a larger N's images
        DatasetSplits twelve = new SubsetOptions(List.of("ant", "bee"), 12, null).apply(all, 1);
        assertThat(paths(twelve.train(), 0)).containsAll(paths(five.apply(all, 1).train(), 0)).hasSize(12);
        assertThat(paths(twelve.train(), 1)).containsAll(paths(five.apply(all, 1).train(), 1));
        // the same images of bee whether it is class 0 or 1, and whoever its companion is
        Set<Path> bee = paths(new SubsetOptions(List.of("bee", "ant"), 5, null).apply(all, 1).train(), 0);
        assertThat(bee).isEqualTo(paths(five.apply(all, 1).train(), 1));
        assertThat(bee).isEqualTo(paths(new SubsetOptions(List.of("dog", "bee"), 5, null).apply(all, 1).train(), 1));
        // the training and meta-validation choices are not the same positions of each class
        Set<String> trainPicks = new HashSet<>();
        Set<String> valPicks = new HashSet<>();
        for (int seed = 0; seed < 5; seed++) {
            DatasetSplits c = new SubsetOptions(List.of(), 2, 2).apply(new DatasetSplits(set("x", 4, 4, 4, 4),
                    set("x", 4, 4, 4, 4), set("t", 1, 1, 1, 1)), seed);
            trainPicks.add(described(c.train()).toString());
            valPicks.add(described(c.metaValidation()).toString());
            assertThat(described(c.train())).as("seed " + seed).isNotEqualTo(described(c.metaValidation()));
        }
        assertThat(trainPicks).hasSizeGreaterThan(1);
        assertThat(valPicks).hasSizeGreaterThan(1);
    }

    @Test
    void nothingToCutIsTheIdentity() {
        DatasetSplits all = splits();
        assertThat(SubsetOptions.none().isNone()).isTrue();
        assertThat(SubsetOptions.none().apply(all, 3)).isSameAs(all);
        assertThat(new SubsetOptions(null, null, null)).isEqualTo(SubsetOptions.none());
        assertThat(new SubsetOptions(List.of("0", "1", "2", "3"), null, null).apply(all, 3)).isEqualTo(all);
    }

    @Test
    void badSubsetsAreRefusedNamingTheFlag() {
        DatasetSplits all = splits();
        Map<SubsetOptions, String> cases = Map.of(
                new SubsetOptions(List.of("ant", "eel"), null, null),
                "--classes: the data has no class 'eel'; its classes are 0 ant, 1 bee, 2 cat, 3 dog",
                new SubsetOptions(List.of("ant", "4"), null, null), "--classes: the data has no class '4'",
                new SubsetOptions(List.of("ant", "0"), null, null), "--classes names class 'ant' twice",
                new SubsetOptions(List.of("cat"), null, null), "--classes keeps 1 class; a classifier needs 2 or more",
                new SubsetOptions(List.of("ant", "bee"), 26, null),
                "--train-per-class 26: class 'bee' has 25 training images",
                new SubsetOptions(List.of(), null, 5), "--val-per-class 5: class 'cat' has 4 meta-validation images");
        cases.forEach((subset, message) -> assertThatThrownBy(() -> subset.apply(all, 0))
                .isInstanceOf(UserInputException.class).hasMessageStartingWith(message));
        assertThatThrownBy(() -> new SubsetOptions(List.of(), 0, null)).isInstanceOf(UserInputException.class)
                .hasMessage("--train-per-class must be at least 1, got 0");
        assertThatThrownBy(() -> new SubsetOptions(List.of(), null, -1)).hasMessage("--val-per-class must be at least 1,"
                + " got -1");
        assertThatThrownBy(() -> new SubsetOptions(List.of("ant", " "), null, null))
                .hasMessageStartingWith("--classes: an empty class");
    }

    @Test
    void everyRunOfALayoutIsCutAndItsFingerprintRecordsTheCut() throws Exception {
        Path root = IdxFixture.folder(tmp.resolve("fashion-mnist"), 100, 30, 2, 2, 10, true);
        DatasetLayout idx = DatasetLayouts.registry().named("idx");
        SubsetOptions subset = new SubsetOptions(List.of("Sandal", "3", "Bag"), 4, 1);
        ImageDataset cut = (ImageDataset) DatasetLayouts.open(idx, DataRequest.builder().data(root).subset(subset)
                .build());
        DatasetSplits s = cut.splits(0);
        assertThat(cut.classes()).containsExactly("Sandal", "Dress", "Bag");
        assertThat(s.train().classCounts()).containsExactly(4, 4, 4);
        assertThat(s.metaValidation().classCounts()).containsExactly(1, 1, 1);
        assertThat(s.test().classCounts()).containsExactly(3, 3, 3);
        assertThat(cut.description()).endsWith(", classes Sandal, 3, Bag as 0..2, 4 training images per class,"
                + " 1 meta-validation images per class");

        DataFingerprint fingerprint = DataFingerprint.of(s);
        assertThat(fingerprint.files()).hasSize(12 + 3 + 9);
        assertThat(fingerprint.files().get(0).label()).isBetween(0, 2);
        DataFingerprint same = DataFingerprint.of(((ImageDataset) DatasetLayouts.open(idx,
                DataRequest.builder().data(root).subset(subset).build())).splits(0));
        assertThat(fingerprint.firstDifference(same)).isEmpty();
        for (SubsetOptions other : List.of(new SubsetOptions(List.of("Sandal", "3", "Bag"), 5, 1),
                new SubsetOptions(List.of("3", "Sandal", "Bag"), 4, 1), new SubsetOptions(List.of("Sandal", "3"), 4, 1))) {
            DataFingerprint now = DataFingerprint.of(((ImageDataset) DatasetLayouts.open(idx,
                    DataRequest.builder().data(root).subset(other).build())).splits(0));
            assertThat(fingerprint.firstDifference(now)).as(other.toString()).isPresent();
        }
        DataFingerprint otherSeed = DataFingerprint.of(((ImageDataset) DatasetLayouts.open(idx,
                DataRequest.builder().data(root).subset(subset).splitSeed(9).build())).splits(0));
        assertThat(fingerprint.firstDifference(otherSeed)).isPresent();

        // cross-validation: every fold's training folds are cut
        ImageDataset folds = (ImageDataset) DatasetLayouts.open(idx, DataRequest.builder().data(root).folds(5)
                .subset(new SubsetOptions(List.of("0", "1"), 3, null)).build());
        for (int k = 0; k < 5; k++) {
            assertThat(folds.splits(k).train().classCounts()).containsExactly(3, 3);
            assertThat(folds.splits(k).test().classCounts()).containsExactly(2, 2);
        }
        // refused when the layout opens, before any run
        assertThatThrownBy(() -> DatasetLayouts.open(idx, DataRequest.builder().data(root)
                .subset(new SubsetOptions(List.of(), 9, null)).build())).isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("--train-per-class 9: class 'T-shirt/top' has 8 training images");
    }

    @Test
    void segmentationLayoutsRefuseACutBeforeReading() {
        DatasetLayout lits = DatasetLayouts.registry().named("lits");
        assertThatThrownBy(() -> DatasetLayouts.open(lits, DataRequest.builder().data(tmp.resolve("nowhere"))
                .subset(new SubsetOptions(List.of(), 3, null)).build())).isInstanceOf(UserInputException.class)
                .hasMessage("--classes, --train-per-class and --val-per-class cut a classification dataset; --dataset"
                        + " lits holds volumes with masks");
    }
}
