package org.metalr.data.volume;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.metalr.data.ScanOptions;
import org.metalr.data.SeededRandom;

/**
 * LiTS cases cut into the three sets of a fine-tuning run by case, so that no case (and no crop of it)
 * is in two sets: train, meta-validation (MetaLR's validation crops, and the whole volumes that select the
 * model) and test (whole volumes, never used for any choice). Each list is in increasing case number.
 *
 * @param train          cases training crops are cut from
 * @param metaValidation held-out cases: MetaLR's validation crops and model selection
 * @param test           held-out cases for the final figures only
 */
public record LitsSplits(List<LitsCase> train, List<LitsCase> metaValidation, List<LitsCase> test) {

    private static final long SPLIT_KEY = 0x4C495453L;

    /** @throws IllegalArgumentException when a case number occurs twice, in one set or across sets */
    public LitsSplits {
        train = sorted(train);
        metaValidation = sorted(metaValidation);
        test = sorted(test);
        Map<Integer, String> seen = new HashMap<>();
        check(train, "train", seen);
        check(metaValidation, "meta-validation", seen);
        check(test, "test", seen);
    }

    /**
     * The cases of the LiTS download under {@code root} ({@link LitsLayout#scan(Path, ScanOptions)}: bad
     * cases fail or are skipped and counted as {@code options} say), split by {@link #byCase}.
     *
     * @throws VolumeDataException      as {@link LitsLayout#scan(Path, ScanOptions)}
     * @throws IllegalArgumentException as {@link #byCase}
     * @throws IOException              when the folder cannot be listed
     */
    public static LitsSplits scan(Path root, ScanOptions options, double metaValidationFraction, double testFraction,
            long seed) throws IOException {
        return byCase(LitsLayout.scan(root, options), metaValidationFraction, testFraction, seed);
    }

    /**
     * A seeded split by case: the cases are shuffled with {@code seed}, the first
     * {@code round(testFraction * n)} go to test, the next {@code round(metaValidationFraction * n)} to
     * meta-validation (each at least one when its fraction is positive), the rest to train. The same
     * cases and seed give the same split.
     *
     * @throws IllegalArgumentException when a fraction is outside {@code [0, 1)}, or the split leaves a set
     *         empty (naming the fractions and the number of cases)
     */
    public static LitsSplits byCase(List<LitsCase> cases, double metaValidationFraction, double testFraction,
            long seed) {
        requireFraction("meta-validation", metaValidationFraction);
        requireFraction("test", testFraction);
        int n = cases.size();
        int tests = count(testFraction, n);
        int metas = count(metaValidationFraction, n);
        if (tests == 0 || metas == 0 || tests + metas >= n) {
            throw new IllegalArgumentException("cannot split " + n + " LiTS case(s) into train, meta-validation"
                    + " (fraction " + metaValidationFraction + ", " + metas + " case(s)) and test (fraction "
                    + testFraction + ", " + tests + " case(s)): each set needs at least one case");
        }
        List<LitsCase> byId = sorted(cases);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SeededRandom.derive(seed, SPLIT_KEY).shuffle(order);
        List<LitsCase> test = new ArrayList<>();
        List<LitsCase> meta = new ArrayList<>();
        List<LitsCase> train = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            LitsCase c = byId.get(order[k]);
            (k < tests ? test : k < tests + metas ? meta : train).add(c);
        }
        return new LitsSplits(train, meta, test);
    }

    private static void requireFraction(String set, double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException(set + " fraction must be in [0, 1), got " + fraction);
        }
    }

    private static int count(double fraction, int n) {
        int k = (int) Math.round(fraction * n);
        return fraction > 0 ? Math.max(k, 1) : k;
    }

    private static List<LitsCase> sorted(List<LitsCase> cases) {
        List<LitsCase> out = new ArrayList<>(cases);
        out.sort(Comparator.comparingInt(LitsCase::id));
        return List.copyOf(out);
    }

    private static void check(List<LitsCase> cases, String set, Map<Integer, String> seen) {
        for (LitsCase c : cases) {
            String before = seen.putIfAbsent(c.id(), set);
            if (before != null) {
                throw new IllegalArgumentException("LiTS case " + c.id() + " is in the " + before
                        + (before.equals(set) ? " set twice" : " and the " + set + " sets"));
            }
        }
    }

    @Override
    public String toString() {
        return "LitsSplits[train " + ids(train) + ", meta-validation " + ids(metaValidation) + ", test " + ids(test) + "]";
    }

    private static List<Integer> ids(List<LitsCase> cases) {
        return cases.stream().map(LitsCase::id).toList();
    }
}
