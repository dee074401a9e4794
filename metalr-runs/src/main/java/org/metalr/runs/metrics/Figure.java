package org.metalr.runs.metrics;

import java.util.Objects;

/**
 * The names of evaluation figures, one vocabulary for every place a figure is named outside
 * {@code metrics.json}: the columns of {@code metrics.csv}, the TensorBoard tags
 * ({@code validation/<name>}), {@code compare --metric} and the comparison's files. Classification:
 * {@value #ACCURACY}, {@value #BALANCED_ACCURACY}, {@value #AUC} (macro), {@value #MACRO_F1}, and per
 * class {@code sensitivity/<class>}, {@code specificity/<class>}, {@code precision/<class>},
 * {@code f1/<class>}, {@code auc/<class>}. Segmentation, means over volumes: {@value #DICE},
 * {@value #PPV}, {@value #SENSITIVITY}, {@value #HD95} (mm), {@value #SURFACE_DICE}; over all voxels
 * pooled: {@value #DICE_ALL_VOXELS}, {@value #PPV_ALL_VOXELS}, {@value #SENSITIVITY_ALL_VOXELS}.
 */
public final class Figure {

    public static final String ACCURACY = "accuracy";
    public static final String BALANCED_ACCURACY = "balanced-accuracy";
    /** Macro one-vs-rest ROC AUC; {@code auc/<class>} is one class's. */
    public static final String AUC = "auc";
    public static final String MACRO_F1 = "macro-f1";
    /** Sensitivity: per class ({@code sensitivity/<class>}) or, for segmentation, mean over volumes. */
    public static final String SENSITIVITY = "sensitivity";
    public static final String SPECIFICITY = "specificity";
    public static final String PRECISION = "precision";
    public static final String F1 = "f1";
    public static final String DICE = "dice";
    public static final String PPV = "ppv";
    /** 95th-percentile Hausdorff distance in millimetres: lower is better. */
    public static final String HD95 = "hd95";
    /** Normalised surface Dice at the run's tolerance. */
    public static final String SURFACE_DICE = "surface-dice";
    public static final String DICE_ALL_VOXELS = "dice-all-voxels";
    public static final String PPV_ALL_VOXELS = "ppv-all-voxels";
    public static final String SENSITIVITY_ALL_VOXELS = "sensitivity-all-voxels";

    private Figure() {
    }

    /** The name of one class's {@code figure}: {@code figure/className}. */
    public static String perClass(String figure, String className) {
        return Objects.requireNonNull(figure, "figure") + "/" + Objects.requireNonNull(className, "className");
    }

    /** Whether a smaller value of the figure is better (a distance); every other figure is better higher. */
    public static boolean lowerIsBetter(String name) {
        return HD95.equals(name);
    }

    /** Whether the figure is a distance in millimetres rather than a fraction. */
    public static boolean millimetres(String name) {
        return HD95.equals(name);
    }
}
