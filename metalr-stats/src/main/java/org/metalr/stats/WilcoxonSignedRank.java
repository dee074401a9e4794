package org.metalr.stats;

import java.util.Arrays;
import java.util.Objects;

/**
 * The Wilcoxon signed-rank test of paired samples, computed exactly as SciPy 1.10's
 * {@code scipy.stats.wilcoxon(x, y, zero_method, correction, alternative, method)} computes it, so a
 * reviewer's SciPy gives the same p-values (the tests hold them to 1e-12 relative).
 *
 * <p>With {@code d = x - y}, the absolute differences are ranked with ties given their average rank;
 * {@code R+} and {@code R-} are the rank sums of the positive and negative differences. The statistic
 * is {@code min(R+, R-)} for the two-sided test and {@code R+} for the one-sided ones.
 *
 * <p><b>Method.</b> {@link Method#AUTO} takes the exact distribution for at most 50 differences
 * (zeros included in the count) and the normal approximation above. {@link Method#EXACT} uses the
 * null distribution of {@code R+} for {@code n} distinct non-zero differences, {@code P(R+ = r)},
 * built by the recursion SciPy uses (each rank joins the positive sum with probability one half);
 * the two-sided p-value is {@code 2 min(P(R+ <= r), P(R+ >= r))} (1 at the centre of the
 * distribution), clipped to 1. Each tail is summed from its small end.
 *
 * <p><b>Zeros and ties, exactly as SciPy 1.10.</b>
 * <ul>
 *   <li>Zeros under the exact method: SciPy cannot take zeros into the exact distribution and switches
 *       to the normal approximation with the chosen {@link ZeroMethod}; so does this class, and
 *       {@link WilcoxonResult#method()} says which was used.
 *   <li>Ties under the exact method: the distribution is still that of distinct ranks, and the
 *       observed {@code R+} (a multiple of 1/2 when ties are averaged) is truncated to an integer
 *       before the tails are read. This is SciPy's behaviour, not an exact conditional test; the
 *       p-value is approximate under ties.
 *   <li>Normal approximation: mean {@code n(n+1)/4}, variance {@code n(n+1)(2n+1)/24} less
 *       {@code sum(t^3 - t)/48} over groups of {@code t} tied ranks; {@code pratt} removes the zeros'
 *       share (Cureton 1967) and leaves their ties out of the correction; {@code zsplit} splits the
 *       zeros' rank sum evenly between {@code R+} and {@code R-}; {@code wilcox} drops zeros before
 *       ranking. The continuity correction moves the statistic by 1/2 toward the mean.
 *   <li>No pairs: statistic and p-value NaN. All differences zero under the approximation with
 *       {@code wilcox} or {@code pratt}: {@link IllegalArgumentException}, as SciPy raises.
 * </ul>
 *
 * <p><b>Cost.</b> A sort of the differences; the exact distribution takes {@code O(n^3)} additions
 * and {@code n(n+1)/2} doubles ({@code n = 50}: about 20,000 additions). Exact is supported up to
 * {@value #MAX_EXACT} differences, where {@code 2^-n} still is a normal double.
 *
 * @param zeroMethod  how zero differences enter the normal approximation
 * @param correction  whether the normal approximation applies the continuity correction
 * @param alternative the alternative hypothesis
 * @param method      exact distribution, normal approximation, or the choice by size
 */
public record WilcoxonSignedRank(ZeroMethod zeroMethod, boolean correction, Alternative alternative, Method method) {

    /** Largest number of differences for the exact distribution. */
    public static final int MAX_EXACT = 1000;

    /** How zero differences are treated (SciPy's {@code zero_method}). */
    public enum ZeroMethod {
        /** Zeros are dropped before ranking (Wilcoxon 1945); SciPy's default. */
        WILCOX,
        /** Zeros are ranked, their ranks dropped from both sums (Pratt 1959). */
        PRATT,
        /** Zeros are ranked and their rank sum split evenly between the positive and negative sums. */
        ZSPLIT
    }

    /** How the p-value is computed (SciPy's {@code method}). */
    public enum Method {
        /** Exact for at most 50 differences, else the normal approximation. */
        AUTO,
        /** The exact null distribution (SciPy switches to the approximation when zeros are present). */
        EXACT,
        /** The normal approximation. */
        APPROX
    }

    /** SciPy's defaults: {@code zero_method="wilcox"}, no continuity correction, two-sided, {@code method="auto"}. */
    public static final WilcoxonSignedRank SCIPY_DEFAULT =
            new WilcoxonSignedRank(ZeroMethod.WILCOX, false, Alternative.TWO_SIDED, Method.AUTO);

    public WilcoxonSignedRank {
        Objects.requireNonNull(zeroMethod, "zeroMethod");
        Objects.requireNonNull(alternative, "alternative");
        Objects.requireNonNull(method, "method");
    }

    /** These settings with another alternative. */
    public WilcoxonSignedRank withAlternative(Alternative other) {
        return new WilcoxonSignedRank(zeroMethod, correction, other, method);
    }

    /**
     * Tests the pairs {@code (x[i], y[i])}.
     *
     * @throws IllegalArgumentException if the lengths differ, a value is NaN, the exact method is asked
     *     for more than {@value #MAX_EXACT} differences, or every difference is zero under the
     *     approximation with {@code wilcox} or {@code pratt}
     */
    public WilcoxonResult test(double[] x, double[] y) {
        if (x.length == 0 && y.length == 0) {
            return new WilcoxonResult(Double.NaN, Double.NaN, method == Method.APPROX ? Method.APPROX : Method.EXACT,
                    Double.NaN, 0);
        }
        return testDifferences(Differences.of(x, y));
    }

    /**
     * Tests paired differences {@code d} (not modified).
     *
     * @throws IllegalArgumentException as {@link #test}
     */
    public WilcoxonResult testDifferences(double[] differences) {
        Objects.requireNonNull(differences, "differences");
        if (differences.length == 0) {
            return test(differences, differences);
        }
        for (int i = 0; i < differences.length; i++) {
            if (Double.isNaN(differences[i])) {
                throw new IllegalArgumentException("difference " + i + " is NaN");
            }
        }
        Method mode = method == Method.AUTO ? (differences.length <= 50 ? Method.EXACT : Method.APPROX) : method;
        int zeros = 0;
        for (double v : differences) {
            if (v == 0) {
                zeros++;
            }
        }
        if (zeros > 0 && mode == Method.EXACT) {
            mode = Method.APPROX;
        }
        double[] d = differences;
        if (mode == Method.APPROX) {
            if (zeroMethod != ZeroMethod.ZSPLIT && zeros == d.length) {
                throw new IllegalArgumentException("every difference is zero: zero method " + zeroMethod
                        + " leaves nothing to rank");
            }
            if (zeroMethod == ZeroMethod.WILCOX) {
                d = Arrays.stream(d).filter(v -> v != 0).toArray();
            }
        }
        Ranks ranks = Ranks.ofAbsolute(d);
        double rPlus = 0;
        double rMinus = 0;
        double rZero = 0;
        for (int i = 0; i < d.length; i++) {
            if (d[i] > 0) {
                rPlus += ranks.rank[i];
            } else if (d[i] < 0) {
                rMinus += ranks.rank[i];
            } else {
                rZero += ranks.rank[i];
            }
        }
        if (zeroMethod == ZeroMethod.ZSPLIT) {
            rPlus += rZero / 2;
            rMinus += rZero / 2;
        }
        double t = alternative == Alternative.TWO_SIDED ? Math.min(rPlus, rMinus) : rPlus;
        return mode == Method.EXACT ? exact(d.length, rPlus, t) : approximate(d, ranks, zeros, t);
    }

    private WilcoxonResult exact(int n, double rPlus, double t) {
        if (n > MAX_EXACT) {
            throw new IllegalArgumentException("the exact Wilcoxon distribution is supported up to " + MAX_EXACT
                    + " differences, got " + n + "; use the normal approximation");
        }
        double[] pmf = distribution(n);
        int r = (int) rPlus; // SciPy truncates a tied (half-integer) rank sum
        int last = pmf.length - 1;
        double p = switch (alternative) {
            case TWO_SIDED -> r == last / 2 ? 1.0 : 2 * Math.min(lowerTail(pmf, r), upperTail(pmf, r));
            case GREATER -> upperTail(pmf, r);
            case LESS -> lowerTail(pmf, r);
        };
        return new WilcoxonResult(t, Math.min(1.0, Math.max(0.0, p)), Method.EXACT, Double.NaN, n);
    }

    private WilcoxonResult approximate(double[] d, Ranks ranks, int zeros, double t) {
        double count = d.length;
        double mean = count * (count + 1) * 0.25;
        double variance = count * (count + 1) * (2 * count + 1);
        double tieSum;
        if (zeroMethod == ZeroMethod.PRATT) {
            mean -= zeros * (zeros + 1.0) * 0.25;
            variance -= zeros * (zeros + 1.0) * (2.0 * zeros + 1);
            tieSum = ranks.tieCorrection(i -> d[i] != 0);
        } else {
            tieSum = ranks.tieCorrection(i -> true);
        }
        variance -= 0.5 * tieSum;
        double se = Math.sqrt(variance / 24);
        double shift = 0;
        if (correction) {
            shift = switch (alternative) {
                case TWO_SIDED -> 0.5 * Math.signum(t - mean);
                case LESS -> -0.5;
                case GREATER -> 0.5;
            };
        }
        double z = (t - mean - shift) / se;
        double p = switch (alternative) {
            case TWO_SIDED -> 2 * Normal.sf(Math.abs(z));
            case GREATER -> Normal.sf(z);
            case LESS -> Normal.cdf(z);
        };
        return new WilcoxonResult(t, p, Method.APPROX, z, d.length);
    }

    /** {@code P(R+ = r)}, r = 0..n(n+1)/2, for n distinct non-zero differences (SciPy's recursion; exact values). */
    static double[] distribution(int n) {
        double[] c = {1.0};
        for (int k = 1; k <= n; k++) {
            double[] next = new double[k * (k + 1) / 2 + 1];
            int m = c.length;
            for (int i = 0; i < m; i++) {
                next[i] = c[i] * 0.5;
            }
            int offset = next.length - m;
            for (int i = 0; i < m; i++) {
                next[offset + i] += c[i] * 0.5;
            }
            c = next;
        }
        return c;
    }

    /** {@code P(R+ <= r)}, summed from the small end. */
    private static double lowerTail(double[] pmf, int r) {
        double sum = 0;
        for (int i = 0; i <= Math.min(r, pmf.length - 1); i++) {
            sum += pmf[i];
        }
        return sum;
    }

    /** {@code P(R+ >= r)}, summed from the small end. */
    private static double upperTail(double[] pmf, int r) {
        double sum = 0;
        for (int i = pmf.length - 1; i >= Math.max(r, 0); i--) {
            sum += pmf[i];
        }
        return sum;
    }
}
