package org.metalr.data.volume;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.metalr.data.BadInputException;
import org.metalr.data.SegmentationSource;
import org.metalr.data.SeededRandom;

/**
 * Random crops of LiTS cases with their liver masks, as a {@link SegmentationSource} for a
 * {@link org.metalr.data.BatchLoader}: a {@code [N, 1, X, Y, Z]} float32 batch of windowed CT and the
 * matching 0/1 masks. An epoch holds {@code cropsPerCase} crops of every case; sample {@code i} is cut
 * from case {@code i mod caseCount()} with the draws of the generator the loader gives it (seeded by
 * seed, epoch and {@code i}), so a crop is the same whichever thread cuts it and in whatever order, and
 * each epoch draws new crops. Cases are loaded on first use through the loader's cache. Thread-safe.
 */
public final class LitsCropSource implements SegmentationSource {

    private final List<LitsCase> cases;
    private final LitsLoader loader;
    private final CropSampler sampler;
    private final int cropsPerCase;

    /**
     * @param cropsPerCase crops of each case per epoch, at least 1
     * @throws IllegalArgumentException when {@code cases} is empty or {@code cropsPerCase < 1}
     */
    public LitsCropSource(List<LitsCase> cases, LitsLoader loader, CropSampler sampler, int cropsPerCase) {
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("no cases");
        }
        if (cropsPerCase < 1) {
            throw new IllegalArgumentException("crops per case must be at least 1, got " + cropsPerCase);
        }
        this.cases = List.copyOf(cases);
        this.loader = Objects.requireNonNull(loader, "loader");
        this.sampler = Objects.requireNonNull(sampler, "sampler");
        this.cropsPerCase = cropsPerCase;
        Math.multiplyExact(cases.size(), cropsPerCase); // the epoch must fit an int
    }

    public int caseCount() {
        return cases.size();
    }

    public List<LitsCase> cases() {
        return cases;
    }

    public CropSampler sampler() {
        return sampler;
    }

    public int cropsPerCase() {
        return cropsPerCase;
    }

    /** {@code caseCount() * cropsPerCase()}. */
    @Override
    public int size() {
        return cases.size() * cropsPerCase;
    }

    /** {@code [1, X, Y, Z]}: one channel of windowed CT. */
    @Override
    public int[] sampleShape() {
        return new int[] {1, sampler.sizeX(), sampler.sizeY(), sampler.sizeZ()};
    }

    /** {@code [1, X, Y, Z]}: the liver mask, the output shape of a one-channel 3D U-Net. */
    @Override
    public int[] maskShape() {
        return sampleShape();
    }

    /** The case sample {@code index} is cut from. */
    public LitsCase caseOf(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("sample " + index + " of " + size());
        }
        return cases.get(index % cases.size());
    }

    /**
     * Sample {@code index} as drawn with {@code rng}, with how it was drawn.
     *
     * @throws BadInputException    when its case cannot be used (a {@link VolumeDataException})
     * @throws UncheckedIOException on other read errors
     */
    public VolumeSample sample(int index, SeededRandom rng) {
        LitsCase c = caseOf(index);
        LitsVolume volume;
        try {
            volume = loader.load(c);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read LiTS case " + c.id() + " (" + c.volume() + "): " + e, e);
        }
        return sampler.sample(volume, new SplittableRandom(rng.nextLong()));
    }

    @Override
    public void load(int index, SeededRandom rng, float[] image, int imageOffset, float[] mask, int maskOffset) {
        VolumeSample s = sample(index, rng);
        float[] x = s.image().toFloatArray();
        float[] y = s.label().toFloatArray();
        System.arraycopy(x, 0, image, imageOffset, x.length);
        System.arraycopy(y, 0, mask, maskOffset, y.length);
    }
}
