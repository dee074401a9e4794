package org.metalr.data.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.api.UserInputException;
import org.metalr.data.ScanOptions;
import org.metalr.data.SegmentationSource;
import org.metalr.data.SeededRandom;
import org.metalr.data.layout.CropOptions;
import org.metalr.data.layout.DataRequest;
import org.metalr.data.layout.DatasetLayouts;

/**
 * The {@code lits} layout through the registry: the split by case {@link LitsSplits#scan} makes, crops and
 * volumes cut as the request's crop options say, named volumes for evaluation, and the description a run
 * records, listing the cases of each set.
 */
class LitsDatasetTest {

    @TempDir
    Path root;

    private LitsDataset open(DataRequest.Builder request) throws IOException {
        return (LitsDataset) DatasetLayouts.open(DatasetLayouts.registry().named("lits"), request.build());
    }

    private void writeCases(int n) {
        for (int id = 0; id < n; id++) {
            LitsFixture.writePhantom(root, id, 20, 18, 10, ".nii.gz");
        }
    }

    @Test
    void splitsByCaseAsLitsSplitsAndDescribesTheSets() throws IOException {
        writeCases(6);
        CropOptions crops = CropOptions.defaults().withCrop(8, 8, 4).withCropsPerCase(3).withTileOverlap(0.5);
        LitsDataset d = open(DataRequest.builder().data(root).valFraction(0.2).testFraction(0.3).splitSeed(4)
                .crops(crops));
        LitsSplits expected = LitsSplits.scan(root, ScanOptions.strict(), 0.2, 0.3, 4);
        assertThat(d.splits()).isEqualTo(expected);
        assertThat(d.description()).isEqualTo("LiTS in " + root);
        assertThat(d.classes()).containsExactly("liver");
        assertThat(d.sizes()).isEqualTo(expected.train().size() + " training, " + expected.metaValidation().size()
                + " meta-validation, " + expected.test().size() + " test cases");
        assertThat(d.preprocessing()).isEqualTo(crops.preprocessing());
        assertThat(d.folds()).isEqualTo(1);
        assertThat(d.crossValidated()).isFalse();

        SegmentationSets sets = d.open(false);
        assertThat(sets.description().keySet()).containsExactly("trainCases", "metaValidationCases", "cropShape",
                "cropsPerCase", "foregroundShare", "flipProbability", "validationCases", "tileOverlap", "testCases");
        assertThat(sets.description().get("trainCases")).isEqualTo(ids(expected.train()));
        assertThat(sets.description().get("metaValidationCases")).isEqualTo(ids(expected.metaValidation()));
        assertThat(sets.description().get("validationCases")).isEqualTo(ids(expected.metaValidation()));
        assertThat(sets.description().get("testCases")).isEqualTo(ids(expected.test()));
        assertThat((int[]) sets.description().get("cropShape")).containsExactly(1, 8, 8, 4);
        assertThat(sets.description().get("cropsPerCase")).isEqualTo(3);
        assertThat(sets.description().get("foregroundShare")).isEqualTo(0.5);
        assertThat(sets.description().get("flipProbability")).isEqualTo(0.5);
        assertThat(sets.description().get("tileOverlap")).isEqualTo(0.5);
        assertThat(sets.train().size()).isEqualTo(3 * expected.train().size());
        assertThat(sets.metaValidation().size()).isEqualTo(3 * expected.metaValidation().size());
        assertThat(sets.window().overlap()).isEqualTo(0.5);
        assertThat(sets.window().sizeZ()).isEqualTo(4);
    }

    @Test
    void theSetsAreTheCropSourcesAndVolumesOfTheCases() throws IOException {
        writeCases(5);
        CropOptions crops = CropOptions.defaults().withCrop(8, 8, 4).withCropsPerCase(2).withFlipProbability(1);
        LitsDataset d = open(DataRequest.builder().data(root).crops(crops));
        LitsLoader loader = LitsLoader.modelsGenesis();
        LitsCropSource train = new LitsCropSource(d.splits().train(), loader,
                new CropSampler(8, 8, 4, 0.5, 1), 2);
        LitsCropSource metaUnflipped = new LitsCropSource(d.splits().metaValidation(), loader,
                new CropSampler(8, 8, 4, 0.5, 0), 2);
        SegmentationSets plain = d.open(false);
        SegmentationSets augmented = d.open(true);
        for (int i = 0; i < train.size(); i++) {
            assertSameSample(plain.train(), train, i);
        }
        for (int i = 0; i < metaUnflipped.size(); i++) {
            assertSameSample(plain.metaValidation(), metaUnflipped, i);
            LitsCropSource metaFlipped = new LitsCropSource(d.splits().metaValidation(), loader,
                    new CropSampler(8, 8, 4, 0.5, 1), 2);
            assertSameSample(augmented.metaValidation(), metaFlipped, i);
        }
        List<LitsCase> test = d.splits().test();
        assertThat(plain.test().size()).isEqualTo(test.size());
        for (int i = 0; i < test.size(); i++) {
            assertThat(plain.test().name(i)).isEqualTo("volume-" + test.get(i).id());
            VolumeSet.MaskedVolume v = plain.test().load(i);
            LitsVolume direct = loader.load(test.get(i));
            assertThat(v.image().toArray()).containsExactly(direct.image().toArray());
            assertThat(v.mask().toArray()).containsExactly(direct.label().toArray());
        }
        assertThat(plain.validation().name(0)).isEqualTo("volume-" + d.splits().metaValidation().get(0).id());
    }

    private static void assertSameSample(SegmentationSource actual, LitsCropSource expected, int i) {
        int n = SegmentationSource.numel(expected.sampleShape());
        float[] x = new float[n];
        float[] y = new float[n];
        float[] ex = new float[n];
        float[] ey = new float[n];
        actual.load(i, SeededRandom.derive(7, i), x, 0, y, 0);
        expected.load(i, SeededRandom.derive(7, i), ex, 0, ey, 0);
        assertThat(x).as("crop %d", i).containsExactly(ex);
        assertThat(y).as("mask %d", i).containsExactly(ey);
    }

    @Test
    void foldsAndCasesTooFewForTheFractionsAreRefused() throws IOException {
        writeCases(2);
        assertThatThrownBy(() -> open(DataRequest.builder().data(root).folds(3))).isInstanceOf(UserInputException.class)
                .hasMessage("--folds/--fold: LiTS is split by case with --val-fraction and --test-fraction");
        assertThatThrownBy(() -> open(DataRequest.builder().data(root))).isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("cannot split 2 LiTS case(s) into train, meta-validation");
        assertThatThrownBy(() -> open(DataRequest.builder())).isInstanceOf(UserInputException.class)
                .hasMessage("--dataset lits needs --data (or give --train-data and --test-data)");
    }

    private static List<Integer> ids(List<LitsCase> cases) {
        return cases.stream().map(LitsCase::id).toList();
    }
}
