package org.metalr.data.volume;

import java.util.SplittableRandom;
import org.metalr.api.HostTensor;

/**
 * Draws random training crops from a loaded case. With probability {@code foregroundShare} the box is
 * centred on a foreground voxel drawn uniformly from the liver mask (shifted inwards where the centre lies
 * closer to the border than half the box, so the voxel stays inside); otherwise the box is placed uniformly
 * inside the volume. A case without foreground always gets a uniform box. Each axis is then flipped with
 * probability {@code flipProbability}. Along an axis shorter than the box, the box is centred and padded
 * (image and label with 0). All randomness comes from the generator passed in, so a seeded generator gives
 * the same crop.
 */
public final class CropSampler {

    private final int sizeX;
    private final int sizeY;
    private final int sizeZ;
    private final double foregroundShare;
    private final double flipProbability;

    /**
     * @param foregroundShare share of crops centred on foreground, in {@code [0, 1]}
     * @param flipProbability probability of mirroring each axis, in {@code [0, 1]}
     * @throws IllegalArgumentException when a size is not positive or a probability is outside {@code [0, 1]}
     */
    public CropSampler(int sizeX, int sizeY, int sizeZ, double foregroundShare, double flipProbability) {
        new CropBox(0, 0, 0, sizeX, sizeY, sizeZ); // validates the sizes
        if (!(foregroundShare >= 0 && foregroundShare <= 1)) {
            throw new IllegalArgumentException("foreground share must be in [0, 1]: " + foregroundShare);
        }
        if (!(flipProbability >= 0 && flipProbability <= 1)) {
            throw new IllegalArgumentException("flip probability must be in [0, 1]: " + flipProbability);
        }
        this.sizeX = sizeX;
        this.sizeY = sizeY;
        this.sizeZ = sizeZ;
        this.foregroundShare = foregroundShare;
        this.flipProbability = flipProbability;
    }

    /** Models Genesis' 64x64x32 crops with the given foreground share, each axis flipped half the time. */
    public static CropSampler modelsGenesis(double foregroundShare) {
        return new CropSampler(64, 64, 32, foregroundShare, 0.5);
    }

    /** Draws one crop of {@code volume}. */
    public VolumeSample sample(LitsVolume volume, SplittableRandom rng) {
        Volume image = volume.image();
        int[] foreground = volume.foreground();
        boolean centred = rng.nextDouble() < foregroundShare && foreground.length > 0;
        CropBox box;
        if (centred) {
            int i = foreground[rng.nextInt(foreground.length)];
            int cx = i % image.nx();
            int cy = (i / image.nx()) % image.ny();
            int cz = i / (image.nx() * image.ny());
            box = new CropBox(around(cx, sizeX, image.nx()), around(cy, sizeY, image.ny()),
                    around(cz, sizeZ, image.nz()), sizeX, sizeY, sizeZ);
        } else {
            box = new CropBox(uniform(rng, sizeX, image.nx()), uniform(rng, sizeY, image.ny()),
                    uniform(rng, sizeZ, image.nz()), sizeX, sizeY, sizeZ);
        }
        Flips flips = Flips.random(rng, flipProbability);
        long[] shape = {1, sizeX, sizeY, sizeZ};
        HostTensor x = HostTensor.of(VolumeCrops.extract(image, box, flips, 0f), shape);
        HostTensor y = HostTensor.of(VolumeCrops.extractMask(volume.mask(), image, box, flips), shape);
        return new VolumeSample(x, y, volume.source().id(), box, flips, centred);
    }

    /** Corner of a box of {@code size} centred on {@code c}, kept inside {@code [0, n)} when it fits. */
    private static int around(int c, int size, int n) {
        if (n <= size) {
            return -((size - n) / 2);
        }
        return Math.max(0, Math.min(n - size, c - size / 2));
    }

    private static int uniform(SplittableRandom rng, int size, int n) {
        return n <= size ? -((size - n) / 2) : rng.nextInt(n - size + 1);
    }

    public int sizeX() {
        return sizeX;
    }

    public int sizeY() {
        return sizeY;
    }

    public int sizeZ() {
        return sizeZ;
    }

    public double foregroundShare() {
        return foregroundShare;
    }

    public double flipProbability() {
        return flipProbability;
    }
}
