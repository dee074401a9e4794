package org.metalr.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Segmentation figures of one evaluation (the paper's Table 3): Dice, PPV and sensitivity as means
 * over volumes and over all voxels pooled, and per volume. Immutable.
 *
 * @param threshold         the probability threshold of the predictions; NaN when absent
 * @param meanDice          mean Dice over volumes
 * @param meanPpv           mean PPV (precision) over volumes
 * @param meanSensitivity   mean sensitivity over volumes
 * @param global            the figures over all voxels pooled; null when absent
 * @param volumes           per-volume figures by volume id, in file order
 * @param missing           key paths the file lacks
 */
public record SegmentationResult(double threshold, double meanDice, double meanPpv, double meanSensitivity,
        Overlap global, Map<String, Overlap> volumes, List<String> missing) implements Evaluation {

    /** Keys that mark an evaluation as a segmentation. */
    static final List<String> KEYS = List.of("meanDice", "meanPpv", "meanSensitivity", "global", "volumes");

    /** Dice, PPV and sensitivity of one volume or of a pool; NaN where absent. */
    public record Overlap(double dice, double ppv, double sensitivity) {
    }

    public SegmentationResult {
        volumes = Collections.unmodifiableMap(new LinkedHashMap<>(volumes));
        missing = List.copyOf(missing);
    }

    @Override
    public double headline() {
        return meanDice;
    }

    @Override
    public String headlineName() {
        return "Dice";
    }

    @Override
    public Map<String, Double> tableFigures(List<String> classes) {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("Dice", meanDice);
        out.put("PPV", meanPpv);
        out.put("sensitivity", meanSensitivity);
        return out;
    }

    static SegmentationResult read(JsonValue v) throws RunFileException {
        List<String> missing = new ArrayList<>();
        JsonValue threshold = v.get("threshold");
        double t = threshold.present() ? threshold.number() : Double.NaN;
        Overlap global = null;
        JsonValue g = v.get("global");
        if (g.present()) {
            global = overlap(g, missing);
        } else {
            missing.add(g.path());
        }
        Map<String, Overlap> volumes = new LinkedHashMap<>();
        JsonValue vols = v.get("volumes");
        if (vols.present()) {
            for (Map.Entry<String, JsonValue> e : vols.members().entrySet()) {
                volumes.put(e.getKey(), overlap(e.getValue(), missing));
            }
        } else {
            missing.add(vols.path());
        }
        return new SegmentationResult(t, ClassificationResult.figure(v.get("meanDice"), missing),
                ClassificationResult.figure(v.get("meanPpv"), missing),
                ClassificationResult.figure(v.get("meanSensitivity"), missing), global, volumes, missing);
    }

    private static Overlap overlap(JsonValue v, List<String> missing) throws RunFileException {
        v.requireObject();
        return new Overlap(ClassificationResult.figure(v.get("dice"), missing),
                ClassificationResult.figure(v.get("ppv"), missing),
                ClassificationResult.figure(v.get("sensitivity"), missing));
    }
}
