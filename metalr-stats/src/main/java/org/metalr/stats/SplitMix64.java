package org.metalr.stats;

/**
 * Steele, Lea and Flood's SplitMix64 generator (the finaliser of {@code java.util.SplittableRandom}),
 * written out here so that the stream of numbers is fixed by this file and not by a JDK version: the
 * fixture generator in {@code src/test/python} computes the same stream, which lets the tests compare
 * bootstrap intervals exactly for the same resamples. Not thread-safe; one per bootstrap run.
 */
final class SplitMix64 {

    private long state;

    SplitMix64(long seed) {
        this.state = seed;
    }

    long next() {
        long z = state += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * An index in {@code [0, bound)}: the top 32 bits times {@code bound}, shifted down by 32 (Lemire's
     * multiply-shift without the rejection step). Its bias is below {@code bound / 2^32}, about one in
     * a million for 5,000 samples, far inside a bootstrap's own Monte Carlo error.
     */
    int nextIndex(int bound) {
        return (int) (((next() >>> 32) * bound) >>> 32);
    }
}
