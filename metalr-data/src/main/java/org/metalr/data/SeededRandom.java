package org.metalr.data;

/**
 * A small SplitMix64 generator whose sequence is fixed by this class, not by the JDK, so seeded data
 * (shuffles, augmentation, synthetic images) is the same on every Java version. Not thread-safe:
 * derive one per task with {@link #derive(long...)}.
 */
public final class SeededRandom {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private long state;
    private double spareGaussian = Double.NaN;

    public SeededRandom(long seed) {
        this.state = seed;
    }

    /**
     * A generator whose seed depends on every key and their order, e.g. {@code derive(seed, epoch,
     * index)}: neighbouring keys give unrelated streams.
     */
    public static SeededRandom derive(long... keys) {
        return new SeededRandom(mixKeys(keys));
    }

    /** Hashes a sequence of keys into one well-mixed seed. */
    public static long mixKeys(long... keys) {
        long h = 0x243F6A8885A308D3L;
        for (long k : keys) {
            h = mix(h ^ mix(k + GOLDEN));
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public long nextLong() {
        state += GOLDEN;
        return mix(state);
    }

    /** Uniform in {@code [0, 1)} with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in {@code [lo, hi)}. */
    public double uniform(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }

    /**
     * Uniform in {@code [0, bound)}, without modulo bias.
     *
     * @throws IllegalArgumentException if {@code bound <= 0}
     */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        long limit = Long.remainderUnsigned(-1L, bound);
        long r;
        do {
            r = nextLong();
        } while (Long.compareUnsigned(r, -1L - limit) > 0);
        return (int) Long.remainderUnsigned(r, bound);
    }

    /** Standard normal, by the polar Box-Muller method. */
    public double nextGaussian() {
        if (!Double.isNaN(spareGaussian)) {
            double g = spareGaussian;
            spareGaussian = Double.NaN;
            return g;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = Math.sqrt(-2 * Math.log(s) / s);
        spareGaussian = v * f;
        return u * f;
    }

    /** Shuffles {@code a} in place (Fisher-Yates). */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
