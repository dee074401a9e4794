package org.metalr.train.metrics;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Segmentation figures of one evaluation (the paper's Table 3): Dice, PPV and sensitivity of each
 * volume, their means over volumes, and the same figures over all voxels of all volumes pooled
 * ({@link #global()}). Empty masks and predictions follow {@link Overlap}. Immutable.
 *
 * <p>The JSON form lists every figure; reading it back rebuilds the object from the threshold and
 * the per-volume counts.
 */
@JsonPropertyOrder({"threshold", "meanDice", "meanPpv", "meanSensitivity", "global", "volumes"})
@JsonIgnoreProperties(value = {"meanDice", "meanPpv", "meanSensitivity", "global"}, allowGetters = true)
public final class SegmentationMetrics implements EvaluationMetrics {

    private final double threshold;
    private final Map<String, Overlap> volumes;

    /**
     * @param threshold the probability threshold the predictions were cut at (recorded, not applied)
     * @param volumes   per-volume counts by volume id, in evaluation order (copied)
     * @throws IllegalArgumentException if there is no volume or the threshold is outside (0, 1)
     */
    @JsonCreator
    public SegmentationMetrics(@JsonProperty("threshold") double threshold,
                               @JsonProperty("volumes") Map<String, Overlap> volumes) {
        Objects.requireNonNull(volumes, "volumes");
        SegmentationAccumulator.checkThreshold(threshold);
        if (volumes.isEmpty()) {
            throw new IllegalArgumentException("no volumes");
        }
        volumes.forEach((id, overlap) -> {
            Objects.requireNonNull(id, "volume id");
            Objects.requireNonNull(overlap, "overlap of volume " + id);
        });
        this.threshold = threshold;
        this.volumes = Collections.unmodifiableMap(new LinkedHashMap<>(volumes));
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
        return mean(Overlap::dice);
    }

    /** Mean of the per-volume PPVs. */
    @JsonProperty("meanPpv")
    public double meanPpv() {
        return mean(Overlap::ppv);
    }

    /** Mean of the per-volume sensitivities. */
    @JsonProperty("meanSensitivity")
    public double meanSensitivity() {
        return mean(Overlap::sensitivity);
    }

    private double mean(ToDoubleFunction<Overlap> figure) {
        double sum = 0;
        for (Overlap o : volumes.values()) {
            sum += figure.applyAsDouble(o);
        }
        return sum / volumes.size();
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
    public boolean equals(Object o) {
        return o instanceof SegmentationMetrics other
                && Double.compare(threshold, other.threshold) == 0
                && volumes.equals(other.volumes);
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(threshold) + volumes.hashCode();
    }

    @Override
    public String toString() {
        return "SegmentationMetrics[volumes=" + volumes.size() + ", meanDice=" + meanDice() + ", meanPpv=" + meanPpv()
                + ", meanSensitivity=" + meanSensitivity() + ", global=" + global() + "]";
    }
}
