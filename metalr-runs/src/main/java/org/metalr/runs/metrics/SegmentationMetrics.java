package org.metalr.runs.metrics;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.metalr.stats.Bootstrap;
import org.metalr.stats.Interval;
import org.metalr.stats.Means;
import org.metalr.stats.classification.ConfusionFigures;

/**
 * Segmentation figures of one evaluation (the paper's Table 3, with the surface figures medical papers
 * add): Dice, PPV and sensitivity of each volume, their means over volumes, and the same over all
 * voxels of all volumes pooled ({@link #global()}); each volume's HD95 and normalised surface Dice
 * ({@link Surface}, in millimetres through the volume's voxel spacing) and their means; for a test set,
 * bootstrap intervals of the means over the volumes. Empty masks and predictions follow
 * {@link Overlap} and {@link Surface}. Immutable.
 *
 * <p><b>Means of the surface figures</b> leave out the volumes where the figure is NaN (prediction and
 * mask both empty: nothing to measure), as MONAI's mean reduction does, and keep infinities: one volume
 * whose lesion was missed entirely (or predicted where there is none) makes the mean HD95
 * {@code +Infinity}, so a missed structure never drops silently out of a mean. The median over runs or
 * volumes stays finite while fewer than half are infinite.
 *
 * <p>The JSON form lists every figure; reading it back rebuilds the object from the threshold, the
 * per-volume counts, the surface figures and the intervals.
 */
@JsonPropertyOrder({"threshold", "meanDice", "meanPpv", "meanSensitivity", "meanHd95", "meanSurfaceDice",
        "surfaceToleranceMm", "global", "volumes", "surfaces", "intervals"})
@JsonIgnoreProperties(value = {"meanDice", "meanPpv", "meanSensitivity", "meanHd95", "meanSurfaceDice", "global"},
        allowGetters = true)
public final class SegmentationMetrics implements EvaluationMetrics {

    /**
     * Bootstrap confidence intervals of the means over the volumes of a test set (the volumes
     * resampled together for every figure, see {@link Means}).
     *
     * @param dice        mean Dice
     * @param ppv         mean PPV
     * @param sensitivity mean sensitivity
     * @param hd95        mean HD95, millimetres; NaN when no volume has one
     * @param surfaceDice mean normalised surface Dice; NaN when no volume has one
     */
    public record Intervals(Interval dice, Interval ppv, Interval sensitivity, Interval hd95, Interval surfaceDice) {

        /** @throws NullPointerException if an interval is missing */
        public Intervals {
            Objects.requireNonNull(dice, "dice");
            Objects.requireNonNull(ppv, "ppv");
            Objects.requireNonNull(sensitivity, "sensitivity");
            Objects.requireNonNull(hd95, "hd95");
            Objects.requireNonNull(surfaceDice, "surfaceDice");
        }
    }

    private final double threshold;
    private final Map<String, Overlap> volumes;
    private final double surfaceToleranceMm;
    private final Map<String, Surface> surfaces;
    private final Intervals intervals;

    /**
     * Figures without surface figures or intervals.
     *
     * @throws IllegalArgumentException as {@link #SegmentationMetrics(double, Map, double, Map, Intervals)}
     */
    public SegmentationMetrics(double threshold, Map<String, Overlap> volumes) {
        this(threshold, volumes, Double.NaN, Map.of(), null);
    }

    /**
     * @param threshold          the probability threshold the predictions were cut at (recorded, not applied)
     * @param volumes            per-volume counts by volume id, in evaluation order (copied)
     * @param surfaceToleranceMm the tolerance of the surface Dice in millimetres; NaN without surface figures
     * @param surfaces           per-volume surface figures by volume id: none, or one per volume (copied;
     *                           null reads as none)
     * @param intervals          the intervals of a test set; null for none
     * @throws IllegalArgumentException if there is no volume, the threshold is outside (0, 1), or the
     *     surface figures are neither absent nor given for exactly the volumes
     */
    @JsonCreator
    public SegmentationMetrics(@JsonProperty("threshold") double threshold,
                               @JsonProperty("volumes") Map<String, Overlap> volumes,
                               @JsonProperty("surfaceToleranceMm") double surfaceToleranceMm,
                               @JsonProperty("surfaces") Map<String, Surface> surfaces,
                               @JsonProperty("intervals") Intervals intervals) {
        Objects.requireNonNull(volumes, "volumes");
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("segmentation threshold must lie strictly between 0 and 1, got "
                    + threshold);
        }
        if (volumes.isEmpty()) {
            throw new IllegalArgumentException("no volumes");
        }
        volumes.forEach((id, overlap) -> {
            Objects.requireNonNull(id, "volume id");
            Objects.requireNonNull(overlap, "overlap of volume " + id);
        });
        Map<String, Surface> s = surfaces == null ? Map.of() : surfaces;
        if (!s.isEmpty() && !s.keySet().equals(volumes.keySet())) {
            throw new IllegalArgumentException("surface figures of volumes " + s.keySet() + " for volumes "
                    + volumes.keySet());
        }
        if (!s.isEmpty() && !(surfaceToleranceMm >= 0 && surfaceToleranceMm < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("surface Dice tolerance must be a finite number of millimetres >= 0, got "
                    + surfaceToleranceMm);
        }
        this.threshold = threshold;
        this.volumes = Collections.unmodifiableMap(new LinkedHashMap<>(volumes));
        this.surfaceToleranceMm = surfaceToleranceMm;
        Map<String, Surface> ordered = new LinkedHashMap<>();
        if (!s.isEmpty()) {
            for (String id : volumes.keySet()) {
                ordered.put(id, Objects.requireNonNull(s.get(id), "surface of volume " + id));
            }
        }
        this.surfaces = Collections.unmodifiableMap(ordered);
        this.intervals = intervals;
    }

    /**
     * These figures with the percentile bootstrap intervals of their means over the volumes, each
     * resample drawing as many volumes as there are, with replacement.
     */
    public SegmentationMetrics withIntervals(Bootstrap bootstrap) {
        Map<String, double[]> cases = new LinkedHashMap<>();
        cases.put(Figure.DICE, perVolume(Overlap::dice));
        cases.put(Figure.PPV, perVolume(Overlap::ppv));
        cases.put(Figure.SENSITIVITY, perVolume(Overlap::sensitivity));
        cases.put(Figure.HD95, perSurface(Surface::hd95));
        cases.put(Figure.SURFACE_DICE, perSurface(Surface::surfaceDice));
        Map<String, Interval> i = bootstrap.stratified(new int[volumes.size()], Means.of(cases));
        return new SegmentationMetrics(threshold, volumes, surfaceToleranceMm, surfaces, new Intervals(
                i.get(Figure.DICE), i.get(Figure.PPV), i.get(Figure.SENSITIVITY), i.get(Figure.HD95),
                i.get(Figure.SURFACE_DICE)));
    }

    @JsonProperty("threshold")
    public double threshold() {
        return threshold;
    }

    /** Per-volume counts and figures by volume id, in evaluation order (unmodifiable). */
    @JsonProperty("volumes")
    public Map<String, Overlap> volumes() {
        return volumes;
    }

    /** The surface Dice's tolerance in millimetres; NaN without surface figures. */
    @JsonProperty("surfaceToleranceMm")
    public double surfaceToleranceMm() {
        return surfaceToleranceMm;
    }

    /** Per-volume HD95 and surface Dice by volume id, in evaluation order; empty when not measured. */
    @JsonProperty("surfaces")
    public Map<String, Surface> surfaces() {
        return surfaces;
    }

    /** The bootstrap intervals of a test set; null for a validation set (none are computed there). */
    @JsonProperty("intervals")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public Intervals intervals() {
        return intervals;
    }

    /** Counts pooled over all voxels of all volumes, and the figures of the pool. */
    @JsonProperty("global")
    public Overlap global() {
        Overlap sum = new Overlap(0, 0, 0, 0);
        for (Overlap o : volumes.values()) {
            sum = sum.plus(o);
        }
        return sum;
    }

    /** Mean of the per-volume Dice scores. */
    @JsonProperty("meanDice")
    public double meanDice() {
        return mean(perVolume(Overlap::dice));
    }

    /** Mean of the per-volume PPVs. */
    @JsonProperty("meanPpv")
    public double meanPpv() {
        return mean(perVolume(Overlap::ppv));
    }

    /** Mean of the per-volume sensitivities. */
    @JsonProperty("meanSensitivity")
    public double meanSensitivity() {
        return mean(perVolume(Overlap::sensitivity));
    }

    /** Mean HD95 in millimetres over the volumes where it is defined (see the class comment); NaN if none. */
    @JsonProperty("meanHd95")
    public double meanHd95() {
        return mean(perSurface(Surface::hd95));
    }

    /** Mean surface Dice over the volumes where it is defined; NaN if none. */
    @JsonProperty("meanSurfaceDice")
    public double meanSurfaceDice() {
        return mean(perSurface(Surface::surfaceDice));
    }

    private double[] perVolume(ToDoubleFunction<Overlap> figure) {
        return volumes.values().stream().mapToDouble(figure).toArray();
    }

    /** Per volume, NaN for every volume when the surface figures were not measured. */
    private double[] perSurface(ToDoubleFunction<Surface> figure) {
        if (surfaces.isEmpty()) {
            double[] none = new double[volumes.size()];
            java.util.Arrays.fill(none, Double.NaN);
            return none;
        }
        return surfaces.values().stream().mapToDouble(figure).toArray();
    }

    /** Mean in order, NaN left out and infinities kept, as {@link Means} (and so the intervals) computes it. */
    private static double mean(double[] values) {
        return ConfusionFigures.definedMean(values);
    }

    /**
     * Every figure by its {@link Figure} name: the means over volumes of Dice, PPV, sensitivity, HD95
     * and surface Dice, then Dice, PPV and sensitivity over all voxels.
     */
    @Override
    public Map<String, Double> figures(List<String> classNames) {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(Figure.DICE, meanDice());
        out.put(Figure.PPV, meanPpv());
        out.put(Figure.SENSITIVITY, meanSensitivity());
        out.put(Figure.HD95, meanHd95());
        out.put(Figure.SURFACE_DICE, meanSurfaceDice());
        Overlap g = global();
        out.put(Figure.DICE_ALL_VOXELS, g.dice());
        out.put(Figure.PPV_ALL_VOXELS, g.ppv());
        out.put(Figure.SENSITIVITY_ALL_VOXELS, g.sensitivity());
        return out;
    }

    /** Table 3: Dice, PPV and sensitivity, means over volumes. */
    @Override
    public List<String> tableFigures(List<String> classNames) {
        return List.of(Figure.DICE, Figure.PPV, Figure.SENSITIVITY);
    }

    /** Mean Dice over volumes. */
    @Override
    public double headline() {
        return meanDice();
    }

    @Override
    public String headlineName() {
        return "Dice";
    }

    @Override
    public String headlineFigure() {
        return Figure.DICE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SegmentationMetrics other
                && Double.compare(threshold, other.threshold) == 0
                && volumes.equals(other.volumes)
                && Double.compare(surfaceToleranceMm, other.surfaceToleranceMm) == 0
                && surfaces.equals(other.surfaces)
                && Objects.equals(intervals, other.intervals);
    }

    @Override
    public int hashCode() {
        return Objects.hash(threshold, volumes, surfaceToleranceMm, surfaces, intervals);
    }

    @Override
    public String toString() {
        return "SegmentationMetrics[volumes=" + volumes.size() + ", meanDice=" + meanDice() + ", meanPpv=" + meanPpv()
                + ", meanSensitivity=" + meanSensitivity() + ", meanHd95=" + meanHd95() + ", global=" + global() + "]";
    }
}
