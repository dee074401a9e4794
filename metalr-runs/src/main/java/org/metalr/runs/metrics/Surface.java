package org.metalr.runs.metrics;

import org.metalr.stats.segmentation.Mask;
import org.metalr.stats.segmentation.Spacing;
import org.metalr.stats.segmentation.SurfaceDistances;

/**
 * The surface figures of one volume's prediction against its mask, in millimetres through the
 * volume's voxel spacing: the 95th-percentile Hausdorff distance and the normalised surface Dice at a
 * tolerance, as MONAI's {@code HausdorffDistanceMetric(percentile=95)} and {@code SurfaceDiceMetric}
 * define them ({@link SurfaceDistances} has the details).
 *
 * <p><b>Empty masks.</b> Prediction and mask both empty: both figures NaN (nothing to measure, as
 * MONAI). Exactly one empty (a missed lesion, or a false alarm): surface Dice 0, as MONAI; HD95
 * {@code +Infinity}, the distance to an empty surface. MONAI's own HD95 is NaN there, but only because
 * {@code torch.quantile} interpolates {@code inf - inf}; an infinity keeps the miss in every mean (see
 * {@link SegmentationMetrics}). {@code metrics.json} writes it as the string {@code "Infinity"}.
 *
 * @param hd95        95th-percentile Hausdorff distance, millimetres
 * @param surfaceDice normalised surface Dice, in [0, 1]
 */
public record Surface(double hd95, double surfaceDice) {

    /**
     * The figures of {@code prediction} against {@code reference}.
     *
     * @param toleranceMm the surface Dice's tolerance in millimetres
     * @throws IllegalArgumentException if the masks differ in shape or the tolerance is negative or not finite
     */
    public static Surface between(Mask prediction, Mask reference, Spacing spacing, double toleranceMm) {
        SurfaceDistances d = SurfaceDistances.between(prediction, reference, spacing);
        return new Surface(d.hd95(), d.surfaceDice(toleranceMm));
    }
}
