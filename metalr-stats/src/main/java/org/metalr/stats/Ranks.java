package org.metalr.stats;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Ranks with ties given the average of the ranks they span ({@code scipy.stats.rankdata(values)}), and
 * the tie groups for the signed-rank test's variance correction. Every rank is a multiple of 1/2, so
 * sums of ranks below 2^52 are exact in a double.
 */
public final class Ranks {

    /** 1-based average rank of each value, by position. */
    final double[] rank;
    private final int[] group;
    private final int groups;

    private Ranks(double[] rank, int[] group, int groups) {
        this.rank = rank;
        this.group = group;
        this.groups = groups;
    }

    /**
     * The 1-based average rank of each value, by position ({@code scipy.stats.rankdata(values)}).
     * Costs one sort.
     *
     * @throws IllegalArgumentException if a value is NaN (it has no rank)
     */
    public static double[] average(double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                throw new IllegalArgumentException("value " + i + " is NaN and has no rank");
            }
        }
        return of(values).rank;
    }

    /** Ranks of the absolute values ({@code scipy.stats.rankdata(abs(d))}). */
    static Ranks ofAbsolute(double[] values) {
        double[] magnitude = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            magnitude[i] = Math.abs(values[i]);
        }
        return of(magnitude);
    }

    private static Ranks of(double[] values) {
        int n = values.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double[] rank = new double[n];
        int[] group = new int[n];
        int groups = 0;
        int start = 0;
        while (start < n) {
            int end = start + 1;
            while (end < n && values[order[end]] == values[order[start]]) {
                end++;
            }
            double average = (start + 1 + end) / 2.0;
            for (int i = start; i < end; i++) {
                rank[order[i]] = average;
                group[order[i]] = groups;
            }
            groups++;
            start = end;
        }
        return new Ranks(rank, group, groups);
    }

    /** {@code sum(t^3 - t)} over groups of {@code t > 1} tied values, counting only the positions kept. */
    double tieCorrection(IntPredicate kept) {
        long[] sizes = new long[groups];
        for (int i = 0; i < rank.length; i++) {
            if (kept.test(i)) {
                sizes[group[i]]++;
            }
        }
        double sum = 0;
        for (long t : sizes) {
            if (t > 1) {
                sum += t * (t * t - 1);
            }
        }
        return sum;
    }
}
