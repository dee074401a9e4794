package org.metalr.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Seeded, stratified ways to cut a set: a held-out fraction, and folds for cross-validation. */
public final class Splits {

    private Splits() {
    }

    /**
     * Holds out {@code fraction} of each class, chosen by a seeded shuffle within the class. A class
     * with {@code n} samples gives {@code round(fraction * n)} to the held-out part, at least one when
     * {@code fraction > 0} and {@code n >= 2}, and never all of them when {@code fraction < 1}. Both
     * parts keep the set's order.
     *
     * @throws IllegalArgumentException if {@code fraction} is outside {@code [0, 1]}
     */
    public static HoldOut stratifiedHoldOut(LabelledSet set, double fraction, long seed) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("hold-out fraction must be in [0, 1], got " + fraction);
        }
        boolean[] held = new boolean[set.size()];
        int[][] byClass = indicesByClass(set);
        for (int c = 0; c < byClass.length; c++) {
            int[] idx = byClass[c];
            int n = idx.length;
            int take = (int) Math.round(fraction * n);
            if (fraction > 0 && n >= 2) {
                take = Math.max(take, 1);
            }
            if (fraction < 1 && n >= 2) {
                take = Math.min(take, n - 1);
            }
            SeededRandom.derive(seed, 0x484F4C44L, c).shuffle(idx);
            for (int k = 0; k < take; k++) {
                held[idx[k]] = true;
            }
        }
        return partition(set, held);
    }

    /**
     * Assigns each sample one of {@code k} folds, stratified: each class is shuffled with the seed and
     * dealt round-robin, continuing the deal across classes so fold sizes differ by at most one and
     * each class's count per fold by at most one.
     *
     * @return the fold of each sample, in set order
     * @throws IllegalArgumentException if {@code k < 2}
     */
    public static int[] stratifiedFolds(LabelledSet set, int k, long seed) {
        if (k < 2) {
            throw new IllegalArgumentException("need at least 2 folds, got " + k);
        }
        int[] folds = new int[set.size()];
        int[][] byClass = indicesByClass(set);
        int dealt = 0;
        for (int c = 0; c < byClass.length; c++) {
            int[] idx = byClass[c];
            SeededRandom.derive(seed, 0x464F4C44L, c).shuffle(idx);
            for (int i : idx) {
                folds[i] = dealt++ % k;
            }
        }
        return folds;
    }

    /** Sample indices of each class (indexed by label), in set order. */
    public static int[][] indicesByClass(LabelledSet set) {
        int[] counts = set.classCounts();
        int[][] out = new int[counts.length][];
        int[] fill = new int[counts.length];
        for (int c = 0; c < counts.length; c++) {
            out[c] = new int[counts[c]];
        }
        for (int i = 0; i < set.size(); i++) {
            int c = set.get(i).label();
            out[c][fill[c]++] = i;
        }
        return out;
    }

    static HoldOut partition(LabelledSet set, boolean[] held) {
        List<Integer> keep = new ArrayList<>();
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < held.length; i++) {
            (held[i] ? out : keep).add(i);
        }
        return new HoldOut(set.subset(toArray(keep)), set.subset(toArray(out)));
    }

    private static int[] toArray(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    static String describe(int[] folds, int k) {
        int[] sizes = new int[k];
        for (int f : folds) {
            sizes[f]++;
        }
        return Arrays.toString(sizes);
    }
}
