package org.metalr.data.volume;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Training crops from LiTS cases, addressed by a sample index: sample {@code i} is cut from case
 * {@code i mod caseCount()} with a generator seeded from {@code (seed, i)} alone, so a sample is the same
 * whichever thread draws it and in whatever order. Cases are loaded through the loader's cache.
 * Thread-safe.
 */
public final class LitsCropSource {

    private final List<LitsCase> cases;
    private final LitsLoader loader;
    private final CropSampler sampler;
    private final long seed;

    /**
     * @throws IllegalArgumentException when {@code cases} is empty
     */
    public LitsCropSource(List<LitsCase> cases, LitsLoader loader, CropSampler sampler, long seed) {
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("no cases");
        }
        this.cases = List.copyOf(cases);
        this.loader = Objects.requireNonNull(loader, "loader");
        this.sampler = Objects.requireNonNull(sampler, "sampler");
        this.seed = seed;
    }

    public int caseCount() {
        return cases.size();
    }

    /**
     * Sample {@code index}.
     *
     * @throws IllegalArgumentException when {@code index} is negative
     * @throws IOException              when its case cannot be loaded (see {@link LitsLoader#load})
     */
    public VolumeSample get(long index) throws IOException {
        if (index < 0) {
            throw new IllegalArgumentException("negative sample index " + index);
        }
        LitsVolume volume = loader.load(cases.get((int) (index % cases.size())));
        return sampler.sample(volume, new SplittableRandom(mix(seed, index)));
    }

    /** A well-spread generator seed for each (seed, index) pair. */
    static long mix(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
