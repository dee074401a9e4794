package org.metalr.train.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.metalr.data.volume.Volume;
import org.metalr.runs.metrics.Overlap;
import org.metalr.runs.metrics.SegmentationMetrics;
import org.metalr.runs.metrics.Surface;
import org.metalr.stats.Bootstrap;
import org.metalr.stats.segmentation.Mask;
import org.metalr.stats.segmentation.Spacing;

/**
 * Measures a segmentation volume by volume: a voxel is predicted foreground when its probability is
 * at least the threshold (0.5 unless given), and is foreground in the mask when the mask holds 1. Per
 * volume it keeps four voxel counts ({@link Overlap}) and the surface figures ({@link Surface}: HD95
 * and surface Dice at the tolerance, in millimetres through the mask volume's spacing, which is the
 * NIfTI header's), not the voxels. Not thread-safe.
 *
 * <p>Cost per volume: one pass over the voxels, and two exact Euclidean distance transforms of the
 * bounding box of prediction and mask together (about 9 bytes per voxel of the box).
 */
public final class SegmentationAccumulator {

    /** The default probability threshold. */
    public static final double DEFAULT_THRESHOLD = 0.5;
    /** The default surface Dice tolerance, millimetres. */
    public static final double DEFAULT_TOLERANCE_MM = 1.0;

    private final double threshold;
    private final double toleranceMm;
    private final Map<String, Overlap> volumes = new LinkedHashMap<>();
    private final Map<String, Surface> surfaces = new LinkedHashMap<>();

    /** The default threshold and tolerance. */
    public SegmentationAccumulator() {
        this(DEFAULT_THRESHOLD, DEFAULT_TOLERANCE_MM);
    }

    /**
     * @throws IllegalArgumentException if {@code threshold} is not strictly between 0 and 1, or the
     *     tolerance is negative or not finite
     */
    public SegmentationAccumulator(double threshold, double toleranceMm) {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("segmentation threshold must lie strictly between 0 and 1, got "
                    + threshold);
        }
        if (!(toleranceMm >= 0 && toleranceMm < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("surface Dice tolerance must be a finite number of millimetres >= 0, got "
                    + toleranceMm);
        }
        this.threshold = threshold;
        this.toleranceMm = toleranceMm;
    }

    public double threshold() {
        return threshold;
    }

    /** Volumes added so far. */
    public int size() {
        return volumes.size();
    }

    /**
     * Adds one volume: foreground probabilities voxel for voxel in the mask's order (x fastest), and
     * the binary mask with its shape and voxel spacing.
     *
     * @throws IllegalArgumentException if {@code id} was added before, the probabilities are not one per
     *     voxel of the mask, a probability lies outside [0, 1] (logits passed by mistake, or NaN), or a
     *     mask value is neither 0 nor 1
     */
    public void addVolume(String id, float[] probabilities, Volume mask) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(probabilities, "probabilities");
        Objects.requireNonNull(mask, "mask");
        if (volumes.containsKey(id)) {
            throw new IllegalArgumentException("volume '" + id + "' was already added");
        }
        int n = mask.voxelCount();
        if (probabilities.length != n) {
            throw new IllegalArgumentException("volume '" + id + "': " + probabilities.length
                    + " probabilities but " + n + " mask voxels");
        }
        boolean[] predictedVoxels = new boolean[n];
        boolean[] truthVoxels = new boolean[n];
        long tp = 0;
        long fp = 0;
        long fn = 0;
        int i = 0;
        for (int z = 0; z < mask.nz(); z++) {
            for (int y = 0; y < mask.ny(); y++) {
                for (int x = 0; x < mask.nx(); x++, i++) {
                    float p = probabilities[i];
                    if (!(p >= 0f && p <= 1f)) {
                        throw new IllegalArgumentException("volume '" + id + "': probability of voxel " + i + " is " + p
                                + "; expected [0, 1]");
                    }
                    float m = mask.get(x, y, z);
                    if (m != 0f && m != 1f) {
                        throw new IllegalArgumentException("volume '" + id + "': mask voxel " + i + " is " + m
                                + "; expected 0 or 1");
                    }
                    boolean predicted = p >= threshold;
                    boolean positive = m == 1f;
                    predictedVoxels[i] = predicted;
                    truthVoxels[i] = positive;
                    if (predicted && positive) {
                        tp++;
                    } else if (predicted) {
                        fp++;
                    } else if (positive) {
                        fn++;
                    }
                }
            }
        }
        volumes.put(id, new Overlap(n, tp, fp, fn));
        surfaces.put(id, Surface.between(new Mask(mask.nx(), mask.ny(), mask.nz(), predictedVoxels),
                new Mask(mask.nx(), mask.ny(), mask.nz(), truthVoxels), Spacing.of(mask.spacing()), toleranceMm));
    }

    /**
     * The metrics of the volumes added so far.
     *
     * @throws IllegalStateException if no volume was added
     */
    public SegmentationMetrics result() {
        return result(null);
    }

    /**
     * The metrics of the volumes added so far, with the bootstrap intervals of their means over the
     * volumes (a test set), or without intervals for a null {@code bootstrap}.
     *
     * @throws IllegalStateException if no volume was added
     */
    public SegmentationMetrics result(Bootstrap bootstrap) {
        if (volumes.isEmpty()) {
            throw new IllegalStateException("no volumes were added");
        }
        SegmentationMetrics m = new SegmentationMetrics(threshold, volumes, toleranceMm, surfaces, null);
        return bootstrap == null ? m : m.withIntervals(bootstrap);
    }
}
