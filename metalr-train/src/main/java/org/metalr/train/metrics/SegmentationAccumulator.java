package org.metalr.train.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Counts true/false positives and false negatives volume by volume: a voxel is predicted foreground
 * when its probability is at least the threshold (0.5 unless given), and is foreground in the mask
 * when the mask holds 1. Keeps four counts per volume, not the voxels. Not thread-safe.
 */
public final class SegmentationAccumulator {

    /** The default probability threshold. */
    public static final double DEFAULT_THRESHOLD = 0.5;

    private final double threshold;
    private final Map<String, Overlap> volumes = new LinkedHashMap<>();

    public SegmentationAccumulator() {
        this(DEFAULT_THRESHOLD);
    }

    /** @throws IllegalArgumentException if {@code threshold} is not strictly between 0 and 1 */
    public SegmentationAccumulator(double threshold) {
        checkThreshold(threshold);
        this.threshold = threshold;
    }

    static void checkThreshold(double threshold) {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("segmentation threshold must lie strictly between 0 and 1, got "
                    + threshold);
        }
    }

    public double threshold() {
        return threshold;
    }

    /** Volumes added so far. */
    public int size() {
        return volumes.size();
    }

    /**
     * Adds one volume: foreground probabilities and the binary mask, voxel for voxel in the same
     * order (any layout, as long as both share it).
     *
     * @throws IllegalArgumentException if {@code id} was added before, the lengths differ or are zero,
     *     a probability lies outside [0, 1] (logits passed by mistake, or NaN), or a mask value is
     *     neither 0 nor 1
     */
    public void addVolume(String id, float[] probabilities, float[] mask) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(probabilities, "probabilities");
        Objects.requireNonNull(mask, "mask");
        if (volumes.containsKey(id)) {
            throw new IllegalArgumentException("volume '" + id + "' was already added");
        }
        if (probabilities.length != mask.length) {
            throw new IllegalArgumentException("volume '" + id + "': " + probabilities.length
                    + " probabilities but " + mask.length + " mask voxels");
        }
        if (mask.length == 0) {
            throw new IllegalArgumentException("volume '" + id + "' has no voxels");
        }
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int i = 0; i < mask.length; i++) {
            float p = probabilities[i];
            if (!(p >= 0f && p <= 1f)) {
                throw new IllegalArgumentException("volume '" + id + "': probability of voxel " + i + " is " + p
                        + "; expected [0, 1]");
            }
            float m = mask[i];
            if (m != 0f && m != 1f) {
                throw new IllegalArgumentException("volume '" + id + "': mask voxel " + i + " is " + m
                        + "; expected 0 or 1");
            }
            boolean predicted = p >= threshold;
            boolean truth = m == 1f;
            if (predicted && truth) {
                tp++;
            } else if (predicted) {
                fp++;
            } else if (truth) {
                fn++;
            }
        }
        volumes.put(id, new Overlap(mask.length, tp, fp, fn));
    }

    /**
     * The metrics of the volumes added so far.
     *
     * @throws IllegalStateException if no volume was added
     */
    public SegmentationMetrics result() {
        if (volumes.isEmpty()) {
            throw new IllegalStateException("no volumes were added");
        }
        return new SegmentationMetrics(threshold, volumes);
    }
}
