package org.metalr.train.method;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;
import org.metalr.api.HostTensor;
import org.metalr.api.LrRule;

/**
 * AutoLR's arithmetic (Ro and Choi, AAAI 2021), as the authors' released training script computes
 * it; pure functions over plain arrays, so each step can be checked by hand.
 *
 * <ul>
 *   <li>weight variation of a block: {@code sqrt(sum over its weights of ||W_now - W_start||^2) /
 *       (number of those elements) * 1e6};</li>
 *   <li>rank agreement of variations {@code v_0..v_{n-1}} with depth order: sort them ascending, let
 *       {@code a_i} be the position in {@code v} of the {@code i}-th smallest (the first position
 *       holding that value, as Python's {@code list.index}), then {@code 1 - 2 sum|i - a_i| / n^2},
 *       rounded to 3 decimals (Python's {@code round}, half-even on the exact binary value);</li>
 *   <li>first-epoch targets: a linear ramp from {@code low * min(v)} to {@code high * max(v)};</li>
 *   <li>later targets: {@code v} made monotone outwards from its centre {@code c = floor(n/2)}: going
 *       down from {@code c}, a value above its successor is set to the successor minus {@code (max -
 *       min)/(n-1)}; going up, a value below its predecessor is set to the predecessor plus that step;</li>
 *   <li>new rate {@code (target - v) / (v / lr) + lr}, that is {@code lr * target / v}.</li>
 * </ul>
 */
public final class AutoLrRule {

    /** The authors' scale of weight variations. */
    public static final double SCALE = 1e6;

    private AutoLrRule() {}

    /**
     * The weight variation of one block.
     *
     * @param now   the block's weight tensors now
     * @param start the same tensors at the start of the epoch, in the same order
     */
    public static double variation(List<HostTensor> now, List<HostTensor> start) {
        if (now.size() != start.size() || now.isEmpty()) {
            throw new IllegalArgumentException("need the same, non-empty list of tensors now and at the start");
        }
        double sumSquares = 0;
        long elements = 0;
        for (int t = 0; t < now.size(); t++) {
            double[] a = now.get(t).toDoubleArray();
            double[] b = start.get(t).toDoubleArray();
            if (a.length != b.length) {
                throw new IllegalArgumentException("tensor " + t + " has " + a.length + " elements now, " + b.length + " at the start");
            }
            for (int i = 0; i < a.length; i++) {
                double d = a[i] - b[i];
                sumSquares += d * d;
            }
            elements += a.length;
        }
        return Math.sqrt(sumSquares) / elements * SCALE;
    }

    /** The unrounded rank agreement of {@code values} with their order (1: increasing). */
    public static double rankAgreement(double[] values) {
        int n = values.length;
        if (n == 0) {
            throw new IllegalArgumentException("no variations to rank");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double diff = 0;
        for (int i = 0; i < n; i++) {
            diff += Math.abs(i - firstIndex(values, sorted[i]));
        }
        return 1.0 - diff / ((double) n * n) * 2;
    }

    private static int firstIndex(double[] values, double v) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == v) {
                return i;
            }
        }
        throw new IllegalArgumentException("NaN variation");
    }

    /** The score compared with the threshold: {@link #rankAgreement} rounded to 3 decimals as Python does. */
    public static double score(double[] variations) {
        return new BigDecimal(rankAgreement(variations)).setScale(3, RoundingMode.HALF_EVEN).doubleValue();
    }

    /** The first epoch's targets: {@code low * min} to {@code high * max} in equal steps. */
    public static double[] rampTargets(double[] variations, double low, double high) {
        int n = variations.length;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : variations) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double bias = min * low;
        double interval = n == 1 ? 0 : (max * high - bias) / (n - 1);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = bias + i * interval;
        }
        return out;
    }

    /** Later epochs' targets: the variations made monotone outwards from the centre. */
    public static double[] monotoneTargets(double[] variations) {
        int n = variations.length;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : variations) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double interval = n == 1 ? 0 : (max - min) / (n - 1);
        double[] d = variations.clone();
        int center = n / 2;
        for (int i = center; i > 0; i--) {
            if (d[i] < d[i - 1]) {
                d[i - 1] = d[i] - interval;
            }
        }
        for (int i = center; i < n - 1; i++) {
            if (d[i] > d[i + 1]) {
                d[i + 1] = d[i] + interval;
            }
        }
        return d;
    }

    /**
     * The next rates: {@code (target - v) / (v / lr) + lr}, computed in that order as the authors do.
     * Two guards the authors' code lacks: a block that did not move ({@code v = 0}) keeps its rate
     * rather than dividing by zero, and a rate that comes out below {@link LrRule#FLOOR} (a negative
     * target, possible after the monotone step) is raised to it rather than training backwards.
     */
    public static double[] adjustedRates(double[] rates, double[] variations, double[] targets) {
        if (rates.length != variations.length || rates.length != targets.length) {
            throw new IllegalArgumentException("need one rate, variation and target per block");
        }
        double[] out = new double[rates.length];
        for (int i = 0; i < out.length; i++) {
            if (variations[i] == 0) {
                out[i] = rates[i];
                continue;
            }
            double g = variations[i] / rates[i];
            double next = (targets[i] - variations[i]) / g + rates[i];
            out[i] = Double.isFinite(next) ? Math.max(next, LrRule.FLOOR) : rates[i];
        }
        return out;
    }
}
