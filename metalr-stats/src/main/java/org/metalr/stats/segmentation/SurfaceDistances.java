package org.metalr.stats.segmentation;

import java.util.Arrays;
import java.util.Objects;
import org.metalr.stats.Percentiles;

/**
 * Distances between the surfaces of a predicted and a reference 3D binary mask, and the surface
 * figures built on them: the 95th-percentile Hausdorff distance (HD95) and the normalised surface Dice
 * (NSD) at a tolerance in millimetres. Definitions as MONAI's {@code HausdorffDistanceMetric(percentile=95)}
 * and {@code SurfaceDiceMetric} with their defaults (Euclidean distance, {@code use_subvoxels=False},
 * {@code directed=False}), in millimetres through the voxel spacing:
 *
 * <ul>
 *   <li><b>Surface</b>: the voxels of a mask with at least one of their six face neighbours outside the
 *       mask or outside the grid ({@code mask ^ binary_erosion(mask)} with SciPy's default cross-shaped
 *       structure and the border counted as background, as MONAI's {@code get_mask_edges}).
 *   <li><b>Distances</b>: from each surface voxel of one mask to the nearest surface voxel of the other,
 *       centre to centre, by an exact Euclidean distance transform with the spacing
 *       ({@link DistanceTransform}); in both directions.
 *   <li><b>HD95</b>: the larger of the two directed 95th percentiles (linear interpolation between
 *       order statistics, as {@code torch.quantile}/{@code numpy.percentile}), not the percentile of
 *       the pooled distances.
 *   <li><b>NSD at tolerance {@code t}</b>: surface voxels of both masks within {@code t} (distance
 *       {@code <= t}) of the other surface, over all surface voxels of both masks.
 * </ul>
 *
 * <p><b>Empty masks</b> (MONAI's conventions): both empty: HD95 and NSD are NaN (nothing to measure;
 * MONAI returns NaN). Exactly one empty: NSD is 0, as MONAI; HD95 is {@code +Infinity}, the distance
 * to an empty surface. MONAI's surface distances are infinite there too, but its HD95 of them comes
 * out NaN, because {@code torch.quantile} interpolates {@code inf - inf}; we keep the infinity so that a
 * missed structure (or a false alarm) is not silently dropped as undefined from a mean over cases.
 *
 * <p>Values are doubles; MONAI returns float32 and compares float32 distances with the tolerance, which
 * can differ from this class where a distance lies within float32 rounding of the tolerance.
 *
 * <p>Cost: the masks are cropped to the bounding box of their union (exact: no surface lies outside
 * it), then two distance transforms of the box; memory about 9 bytes per voxel of the box.
 */
public final class SurfaceDistances {

    private final double[] predictionToReference;
    private final double[] referenceToPrediction;

    private SurfaceDistances(double[] predictionToReference, double[] referenceToPrediction) {
        this.predictionToReference = predictionToReference;
        this.referenceToPrediction = referenceToPrediction;
    }

    /**
     * The surface distances of {@code prediction} against {@code reference}.
     *
     * @throws IllegalArgumentException if the masks differ in shape
     */
    public static SurfaceDistances between(Mask prediction, Mask reference, Spacing spacing) {
        Objects.requireNonNull(prediction, "prediction");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(spacing, "spacing");
        if (!prediction.sameShape(reference)) {
            throw new IllegalArgumentException("prediction " + prediction + " and reference " + reference
                    + " differ in shape");
        }
        Box box = Box.ofUnion(prediction, reference);
        if (box == null) {
            return new SurfaceDistances(new double[0], new double[0]);
        }
        boolean[] predictionSurface = box.surface(prediction);
        boolean[] referenceSurface = box.surface(reference);
        return new SurfaceDistances(box.distances(predictionSurface, referenceSurface, spacing),
                box.distances(referenceSurface, predictionSurface, spacing));
    }

    /**
     * Distances in millimetres from each surface voxel of the prediction to the reference's surface,
     * ascending (a copy); {@code +Infinity} for each when the reference is empty, none when the
     * prediction is.
     */
    public double[] predictionToReference() {
        return predictionToReference.clone();
    }

    /** Distances from each surface voxel of the reference to the prediction's surface, as above. */
    public double[] referenceToPrediction() {
        return referenceToPrediction.clone();
    }

    /** The 95th-percentile Hausdorff distance in millimetres; see the class comment for empty masks. */
    public double hd95() {
        return hausdorff(0.95);
    }

    /**
     * The larger of the two directed {@code fraction}-quantiles of the surface distances (1 for the
     * Hausdorff distance itself); NaN when both masks are empty, {@code +Infinity} when one is.
     *
     * @throws IllegalArgumentException if {@code fraction} is outside [0, 1]
     */
    public double hausdorff(double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("Hausdorff quantile " + fraction + " is outside [0, 1]");
        }
        boolean predictionEmpty = predictionToReference.length == 0;
        boolean referenceEmpty = referenceToPrediction.length == 0;
        if (predictionEmpty && referenceEmpty) {
            return Double.NaN;
        }
        if (predictionEmpty || referenceEmpty) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.max(Percentiles.ofSorted(predictionToReference, fraction),
                Percentiles.ofSorted(referenceToPrediction, fraction));
    }

    /**
     * The normalised surface Dice at {@code toleranceMm}: the share of both surfaces' voxels that lie
     * within the tolerance of the other surface; NaN when both masks are empty, 0 when one is.
     *
     * @throws IllegalArgumentException if the tolerance is negative or not finite
     */
    public double surfaceDice(double toleranceMm) {
        if (!(toleranceMm >= 0 && toleranceMm < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("surface Dice tolerance must be a finite number of millimetres >= 0, got "
                    + toleranceMm);
        }
        int total = predictionToReference.length + referenceToPrediction.length;
        if (total == 0) {
            return Double.NaN;
        }
        return (double) (within(predictionToReference, toleranceMm) + within(referenceToPrediction, toleranceMm))
                / total;
    }

    /** How many of the ascending {@code distances} are at most {@code tolerance}. */
    private static int within(double[] distances, double tolerance) {
        int low = 0;
        int high = distances.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (distances[mid] <= tolerance) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** The bounding box of the union of two masks, and what is computed inside it. */
    private record Box(Mask grid, int x0, int y0, int z0, int nx, int ny, int nz) {

        /** The box, or null when both masks are empty. */
        static Box ofUnion(Mask a, Mask b) {
            int x0 = Integer.MAX_VALUE;
            int y0 = Integer.MAX_VALUE;
            int z0 = Integer.MAX_VALUE;
            int x1 = -1;
            int y1 = -1;
            int z1 = -1;
            boolean[] va = a.voxels();
            boolean[] vb = b.voxels();
            int i = 0;
            for (int z = 0; z < a.nz(); z++) {
                for (int y = 0; y < a.ny(); y++) {
                    for (int x = 0; x < a.nx(); x++, i++) {
                        if (va[i] || vb[i]) {
                            x0 = Math.min(x0, x);
                            x1 = Math.max(x1, x);
                            y0 = Math.min(y0, y);
                            y1 = Math.max(y1, y);
                            z0 = Math.min(z0, z);
                            z1 = Math.max(z1, z);
                        }
                    }
                }
            }
            return x1 < 0 ? null : new Box(a, x0, y0, z0, x1 - x0 + 1, y1 - y0 + 1, z1 - z0 + 1);
        }

        /**
         * The surface voxels of {@code mask} inside the box: in the mask with a face neighbour outside it.
         * Everything outside the box is background for both masks, so the box's border is the mask's
         * border as SciPy's erosion sees it.
         */
        boolean[] surface(Mask mask) {
            boolean[] inside = crop(mask);
            boolean[] surface = new boolean[inside.length];
            int i = 0;
            for (int z = 0; z < nz; z++) {
                for (int y = 0; y < ny; y++) {
                    for (int x = 0; x < nx; x++, i++) {
                        surface[i] = inside[i] && !(x > 0 && inside[i - 1] && x < nx - 1 && inside[i + 1]
                                && y > 0 && inside[i - nx] && y < ny - 1 && inside[i + nx]
                                && z > 0 && inside[i - nx * ny] && z < nz - 1 && inside[i + nx * ny]);
                    }
                }
            }
            return surface;
        }

        private boolean[] crop(Mask mask) {
            boolean[] voxels = mask.voxels();
            boolean[] out = new boolean[nx * ny * nz];
            int i = 0;
            for (int z = 0; z < nz; z++) {
                for (int y = 0; y < ny; y++) {
                    System.arraycopy(voxels, x0 + grid.nx() * (y0 + y + grid.ny() * (z0 + z)), out, i, nx);
                    i += nx;
                }
            }
            return out;
        }

        /**
         * Distances from each voxel of {@code from} to the nearest voxel of {@code to}, ascending; all
         * infinite when {@code to} is empty.
         */
        double[] distances(boolean[] from, boolean[] to, Spacing spacing) {
            int count = 0;
            boolean anyTarget = false;
            for (int i = 0; i < from.length; i++) {
                if (from[i]) {
                    count++;
                }
                anyTarget |= to[i];
            }
            double[] out = new double[count];
            if (!anyTarget) {
                Arrays.fill(out, Double.POSITIVE_INFINITY);
                return out;
            }
            double[] squared = DistanceTransform.squared(to, nx, ny, nz, spacing);
            int j = 0;
            for (int i = 0; i < from.length; i++) {
                if (from[i]) {
                    out[j++] = Math.sqrt(squared[i]);
                }
            }
            Arrays.sort(out);
            return out;
        }
    }
}
