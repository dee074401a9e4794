package org.metalr.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.data.volume.LitsCase;
import org.metalr.data.volume.LitsSplits;

/**
 * What a run's {@code config.json} says about its data comes from the data: the same keys, in the same
 * order, for images (sizes only) and for volumes (sizes, then the cases of each set and the crops).
 */
class TrainingDataDescribeTest {

    @TempDir
    Path tmp;

    @Test
    void imagesDescribeTheirClassesAndSizes() {
        try (TrainingData data = Fixtures.data(Fixtures.config("all").build(), false)) {
            assertThat(data.describe()).containsExactly(entry("classes", List.of("a", "b", "c")), entry("train", 24),
                    entry("metaValidation", 12), entry("validation", 12), entry("test", 9),
                    entry("evaluatedOn", "samples"), entry("shuffle", false));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void volumesAddTheirCasesAndCrops() throws IOException {
        LitsSplits splits = LitsFixtures.splits(tmp);
        try (TrainingData data = LitsFixtures.data(splits, LitsFixtures.config("all").build())) {
            Map<String, Object> d = data.describe();
            assertThat(d.keySet()).containsExactly("classes", "train", "metaValidation", "validation", "test",
                    "evaluatedOn", "shuffle", "trainCases", "metaValidationCases", "cropShape", "cropsPerCase",
                    "foregroundShare", "flipProbability", "validationCases", "tileOverlap", "testCases", "fingerprint");
            assertThat(d).contains(entry("classes", List.of("liver")), entry("train", 6), entry("metaValidation", 2),
                    entry("validation", 1), entry("test", 1), entry("evaluatedOn", "volumes"), entry("shuffle", true),
                    entry("trainCases", ids(splits.train())), entry("metaValidationCases", ids(splits.metaValidation())),
                    entry("cropsPerCase", 2), entry("foregroundShare", 0.5), entry("flipProbability", 0.5),
                    entry("validationCases", ids(splits.metaValidation())), entry("tileOverlap", 0.0),
                    entry("testCases", ids(splits.test())));
            assertThat((int[]) d.get("cropShape")).containsExactly(1, 16, 16, 8);
            // Every file read, volume then mask, set by set: what a resume compares.
            List<org.metalr.data.DataFingerprint.Entry> files = (List<org.metalr.data.DataFingerprint.Entry>) d.get("fingerprint");
            int cases = splits.train().size() + splits.metaValidation().size() + splits.test().size();
            assertThat(files).hasSize(2 * cases);
            assertThat(files.get(0).path()).isEqualTo(splits.train().get(0).volume().toString());
            assertThat(files.get(1).path()).isEqualTo(splits.train().get(0).segmentation().toString());
            assertThat(files.get(files.size() - 1).set()).isEqualTo("test");
            assertThat(files).allMatch(f -> f.size() > 0 && !f.modified().isEmpty());
        }
    }

    private static List<Integer> ids(List<LitsCase> cases) {
        return cases.stream().map(LitsCase::id).toList();
    }
}
