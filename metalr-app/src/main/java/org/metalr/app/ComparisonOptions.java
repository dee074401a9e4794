package org.metalr.app;

import java.util.List;
import java.util.Set;
import org.metalr.api.UserInputException;
import org.metalr.report.ComparisonPage;
import org.metalr.runs.metrics.Figure;

/**
 * {@code --reference} and {@code --metric} of a comparison: checked against the methods and the
 * model's kind before any run starts, and applied when the page is built.
 */
final class ComparisonOptions {

    private static final Set<String> CLASSIFICATION = Set.of(Figure.ACCURACY, Figure.BALANCED_ACCURACY, Figure.AUC,
            Figure.MACRO_F1);
    private static final Set<String> PER_CLASS = Set.of(Figure.SENSITIVITY, Figure.SPECIFICITY, Figure.PRECISION,
            Figure.F1, Figure.AUC);
    private static final Set<String> SEGMENTATION = Set.of(Figure.DICE, Figure.PPV, Figure.SENSITIVITY, Figure.HD95,
            Figure.SURFACE_DICE, Figure.DICE_ALL_VOXELS, Figure.PPV_ALL_VOXELS, Figure.SENSITIVITY_ALL_VOXELS);

    private ComparisonOptions() {
    }

    /**
     * @throws UserInputException naming {@code --reference} when it is given but not among the methods,
     *     or {@code --metric} when it is no figure of this kind of model
     */
    static void check(String reference, String metric, List<String> methods, boolean segmentation) {
        if (reference != null && !methods.contains(reference)) {
            throw new UserInputException("--reference: '" + reference + "' is not among the methods compared: "
                    + String.join(", ", methods));
        }
        if (metric == null) {
            return;
        }
        boolean known;
        if (segmentation) {
            known = SEGMENTATION.contains(metric);
        } else {
            int slash = metric.indexOf('/');
            known = slash < 0 ? CLASSIFICATION.contains(metric)
                    : PER_CLASS.contains(metric.substring(0, slash)) && slash < metric.length() - 1;
        }
        if (!known) {
            throw new UserInputException("--metric: '" + metric + "' is not a figure of a "
                    + (segmentation ? "segmentation; expected one of " + String.join(", ", sorted(SEGMENTATION))
                    : "classification; expected one of " + String.join(", ", sorted(CLASSIFICATION))
                            + ", or <figure>/<class> with <figure> one of " + String.join(", ", sorted(PER_CLASS))));
        }
    }

    /**
     * The page with the reference and metric applied.
     *
     * @throws UserInputException naming {@code --metric} when no run has that figure (a class name that
     *     is not the data's)
     */
    static ComparisonPage build(ComparisonPage.Builder page, String reference, String metric) {
        try {
            return page.reference(reference).metric(metric).build();
        } catch (IllegalArgumentException e) {
            throw new UserInputException((metric != null && e.getMessage().contains("'" + metric + "'") ? "--metric: "
                    : "--reference: ") + e.getMessage(), e);
        }
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }
}
