package org.metalr.runs.metrics;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Voxel counts of a binary segmentation against its mask, and the overlap figures derived from them:
 * Dice {@code 2TP / (2TP + FP + FN)}, PPV (precision) {@code TP / (TP + FP)} and sensitivity
 * {@code TP / (TP + FN)}.
 *
 * <p>Empty sets, so that every figure is defined: when prediction and mask are both empty, all three
 * are 1 (perfect agreement). A ratio whose denominator is zero while the other set is not empty is 0:
 * PPV of an empty prediction against a non-empty mask (a missed structure), sensitivity of a
 * non-empty prediction against an empty mask (a false alarm).
 *
 * @param voxels          voxels compared
 * @param truePositives   predicted and in the mask
 * @param falsePositives  predicted, not in the mask
 * @param falseNegatives  in the mask, not predicted
 */
@JsonPropertyOrder({"voxels", "truePositives", "falsePositives", "falseNegatives", "dice", "ppv", "sensitivity"})
@JsonIgnoreProperties(value = {"dice", "ppv", "sensitivity"}, allowGetters = true)
public record Overlap(long voxels, long truePositives, long falsePositives, long falseNegatives) {

    /** @throws IllegalArgumentException if a count is negative or the counts exceed {@code voxels} */
    public Overlap {
        if (voxels < 0 || truePositives < 0 || falsePositives < 0 || falseNegatives < 0) {
            throw new IllegalArgumentException("negative count in " + describe(voxels, truePositives, falsePositives,
                    falseNegatives));
        }
        if (truePositives + falsePositives + falseNegatives > voxels) {
            throw new IllegalArgumentException("counts exceed the voxels in "
                    + describe(voxels, truePositives, falsePositives, falseNegatives));
        }
    }

    /** Sums the counts of two overlaps (for the figures over all voxels). */
    public Overlap plus(Overlap other) {
        return new Overlap(voxels + other.voxels, truePositives + other.truePositives,
                falsePositives + other.falsePositives, falseNegatives + other.falseNegatives);
    }

    @JsonProperty("dice")
    public double dice() {
        long denominator = 2 * truePositives + falsePositives + falseNegatives;
        return denominator == 0 ? 1.0 : 2.0 * truePositives / denominator;
    }

    @JsonProperty("ppv")
    public double ppv() {
        return ratio(truePositives, truePositives + falsePositives, falseNegatives);
    }

    @JsonProperty("sensitivity")
    public double sensitivity() {
        return ratio(truePositives, truePositives + falseNegatives, falsePositives);
    }

    /** {@code numerator / denominator}; for a zero denominator 1 if {@code other} is 0 too, else 0. */
    private static double ratio(long numerator, long denominator, long other) {
        if (denominator == 0) {
            return other == 0 ? 1.0 : 0.0;
        }
        return (double) numerator / denominator;
    }

    private static String describe(long voxels, long tp, long fp, long fn) {
        return "Overlap[voxels=" + voxels + ", TP=" + tp + ", FP=" + fp + ", FN=" + fn + "]";
    }
}
