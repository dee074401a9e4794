package org.metalr.stats;

import org.metalr.stats.WilcoxonSignedRank.Method;

/**
 * The outcome of a {@link WilcoxonSignedRank} test.
 *
 * @param statistic   {@code min(R+, R-)} for the two-sided test, {@code R+} for a one-sided one
 * @param pValue      the p-value, in [0, 1]; NaN without pairs
 * @param method      the method used: {@link Method#EXACT} or {@link Method#APPROX} (zeros turn an
 *                    exact request into the approximation, as in SciPy)
 * @param z           the standardised statistic of the normal approximation; NaN for the exact method
 * @param differences differences ranked (zeros dropped under {@code wilcox} with the approximation)
 */
public record WilcoxonResult(double statistic, double pValue, Method method, double z, int differences) {
}
