package org.metalr.stats;

/**
 * Tail probabilities of the standard normal distribution to about 1e-15 relative, written out so
 * that the Wilcoxon test's normal approximation needs no library: {@code sf(z) = erfc(z / sqrt 2) / 2}
 * with the complementary error function computed from its Maclaurin series below 1 and from its
 * continued fraction (modified Lentz) above, where {@code exp(-x^2)} is evaluated with {@code x^2}
 * split exactly into two doubles so that the relative error does not grow with {@code x}.
 */
final class Normal {

    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
    private static final double ONE_OVER_SQRT_PI = 0.5641895835477563;
    private static final double SQRT_HALF = 0.7071067811865476;

    private Normal() {
    }

    /** {@code P(Z > z)}. */
    static double sf(double z) {
        return 0.5 * erfc(z * SQRT_HALF);
    }

    /** {@code P(Z <= z)}. */
    static double cdf(double z) {
        return 0.5 * erfc(-z * SQRT_HALF);
    }

    static double erfc(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x < 0) {
            return 2 - erfc(-x);
        }
        if (x < 1) {
            return 1 - erf(x);
        }
        if (x > 27.3) {
            return 0; // below the smallest subnormal double
        }
        return expMinusSquare(x) * ONE_OVER_SQRT_PI / continuedFraction(x);
    }

    /** {@code erf(x)} for {@code 0 <= x < 1}: {@code 2/sqrt(pi) sum (-1)^n x^(2n+1) / (n! (2n+1))}. */
    private static double erf(double x) {
        double x2 = x * x;
        double term = x; // (-1)^n x^(2n+1) / n!
        double sum = x;
        for (int n = 1; n < 100; n++) {
            term *= -x2 / n;
            double next = term / (2 * n + 1);
            sum += next;
            if (Math.abs(next) < 1e-17 * Math.abs(sum)) {
                break;
            }
        }
        return TWO_OVER_SQRT_PI * sum;
    }

    /**
     * The denominator {@code x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))} of
     * {@code erfc(x) = exp(-x^2) / (sqrt(pi) * denominator)}, by the modified Lentz method.
     */
    private static double continuedFraction(double x) {
        double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0;
        for (int k = 1; k < 10_000; k++) {
            double a = k / 2.0;
            d = x + a * d;
            d = d == 0 ? 1 / tiny : 1 / d;
            c = x + a / c;
            if (c == 0) {
                c = tiny;
            }
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                return f;
            }
        }
        throw new IllegalStateException("erfc continued fraction did not converge at " + x);
    }

    /** {@code exp(-x^2)} with {@code x^2 = hi + lo} exactly, so the rounding of {@code x^2} does not count. */
    private static double expMinusSquare(double x) {
        double hi = x * x;
        double lo = Math.fma(x, x, -hi);
        return Math.exp(-hi) * Math.exp(-lo);
    }
}
