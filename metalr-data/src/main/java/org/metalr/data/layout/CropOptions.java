package org.metalr.data.layout;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a segmentation layout cuts its volumes: training crops, and the tiles whole volumes are predicted
 * by. Part of a {@link DataRequest}; classification layouts ignore it.
 *
 * @param cropX           crop (and evaluation tile) size along x; the 3D U-Net needs multiples of 8
 * @param cropY           along y
 * @param cropZ           along z
 * @param foregroundShare share of training crops centred on a foreground voxel, in {@code [0, 1]}
 * @param flipProbability probability of mirroring each axis of a training crop, in {@code [0, 1]}
 * @param cropsPerCase    crops of every training case per epoch (and of every meta-validation case per
 *                        pass through it), at least 1
 * @param tileOverlap     overlap of neighbouring evaluation tiles, in {@code [0, 1)}
 * @param cacheBytes      budget of the cache of loaded cases, shared by a run's four sets
 */
public record CropOptions(int cropX, int cropY, int cropZ, double foregroundShare, double flipProbability,
        int cropsPerCase, double tileOverlap, long cacheBytes) {

    /** The default cache budget: a few typical LiTS cases. */
    public static final long DEFAULT_CACHE_BYTES = 2L << 30;

    /** @throws IllegalArgumentException naming the option that is out of range */
    public CropOptions {
        if (cropX < 1 || cropY < 1 || cropZ < 1) {
            throw new IllegalArgumentException("crop sizes must be positive: " + cropX + "x" + cropY + "x" + cropZ);
        }
        if (!(foregroundShare >= 0 && foregroundShare <= 1)) {
            throw new IllegalArgumentException("foreground share must be in [0, 1]: " + foregroundShare);
        }
        if (!(flipProbability >= 0 && flipProbability <= 1)) {
            throw new IllegalArgumentException("flip probability must be in [0, 1]: " + flipProbability);
        }
        if (cropsPerCase < 1) {
            throw new IllegalArgumentException("crops per case must be at least 1, got " + cropsPerCase);
        }
        if (!(tileOverlap >= 0 && tileOverlap < 1)) {
            throw new IllegalArgumentException("overlap must be in [0, 1): " + tileOverlap);
        }
        if (cacheBytes < 0) {
            throw new IllegalArgumentException("cache budget must not be negative, got " + cacheBytes);
        }
    }

    /**
     * Models Genesis' 64x64x32 crops, half of them centred on the foreground, each axis flipped half the
     * time, 8 crops per case and epoch, evaluation tiles overlapping by a quarter, a 2 GiB cache.
     */
    public static CropOptions defaults() {
        return new CropOptions(64, 64, 32, 0.5, 0.5, 8, 0.25, DEFAULT_CACHE_BYTES);
    }

    public CropOptions withCrop(int x, int y, int z) {
        return new CropOptions(x, y, z, foregroundShare, flipProbability, cropsPerCase, tileOverlap, cacheBytes);
    }

    public CropOptions withForegroundShare(double share) {
        return new CropOptions(cropX, cropY, cropZ, share, flipProbability, cropsPerCase, tileOverlap, cacheBytes);
    }

    public CropOptions withFlipProbability(double p) {
        return new CropOptions(cropX, cropY, cropZ, foregroundShare, p, cropsPerCase, tileOverlap, cacheBytes);
    }

    public CropOptions withCropsPerCase(int n) {
        return new CropOptions(cropX, cropY, cropZ, foregroundShare, flipProbability, n, tileOverlap, cacheBytes);
    }

    public CropOptions withTileOverlap(double overlap) {
        return new CropOptions(cropX, cropY, cropZ, foregroundShare, flipProbability, cropsPerCase, overlap, cacheBytes);
    }

    public CropOptions withCacheBytes(long bytes) {
        return new CropOptions(cropX, cropY, cropZ, foregroundShare, flipProbability, cropsPerCase, tileOverlap, bytes);
    }

    /**
     * The preprocessing these options stand for, as a run's {@code config.json} records it:
     * {@code crop}, {@code cropsPerCase}, {@code foregroundShare}, {@code flipProbability}, {@code tileOverlap}.
     */
    public Map<String, Object> preprocessing() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("crop", List.of(cropX, cropY, cropZ));
        p.put("cropsPerCase", cropsPerCase);
        p.put("foregroundShare", foregroundShare);
        p.put("flipProbability", flipProbability);
        p.put("tileOverlap", tileOverlap);
        return p;
    }
}
