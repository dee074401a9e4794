package org.metalr.stats.classification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.metalr.stats.Fixtures.assertAllClose;
import static org.metalr.stats.Fixtures.assertClose;
import static org.metalr.stats.Fixtures.numbers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.metalr.stats.Fixtures;

class ConfusionFiguresTest {

    /** scikit-learn's recall (sensitivity), recall of "not c" (specificity) and balanced accuracy. */
    @Test
    void matchesScikitLearn() {
        for (JsonNode c : Fixtures.load("classification.json").get("cases")) {
            int k = c.get("classes").asInt();
            long[][] confusion = confusion(c.get("confusion"));
            double[] figures = numbers(c.get("figures")); // accuracy, balanced, macro AUC, sensitivity[k], specificity[k]
            String what = c.get("name").asText();
            assertClose(ConfusionFigures.balancedAccuracy(confusion), figures[1], 1e-12, 0, what + " balanced accuracy");
            assertAllClose(ConfusionFigures.sensitivity(confusion), Arrays.copyOfRange(figures, 3, 3 + k), 1e-12, 0,
                    what + " sensitivity");
            assertAllClose(ConfusionFigures.specificity(confusion), Arrays.copyOfRange(figures, 3 + k, 3 + 2 * k), 1e-12,
                    0, what + " specificity");
        }
    }

    @Test
    void byHand() {
        long[][] confusion = {{8, 2, 0}, {1, 5, 4}, {0, 0, 0}};
        // class 0: TN = 5 + 4 + 0 + 0 = 9, FP = 1; class 1: TN = 8 + 0 = 8, FP = 2; class 2: TN = 16, FP = 4
        assertThat(ConfusionFigures.specificity(confusion)).containsExactly(0.9, 0.8, 0.8);
        assertThat(ConfusionFigures.sensitivity(confusion)[2]).isNaN();
        assertThat(ConfusionFigures.balancedAccuracy(confusion)).isEqualTo((0.8 + 0.5) / 2);
        assertThat(ConfusionFigures.specificity(new long[][] {{3, 1}, {0, 0}})[0]).isNaN();
    }

    @Test
    void refusesMalformedMatrices() {
        assertThatThrownBy(() -> ConfusionFigures.specificity(new long[][] {{1, 2}, {3}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 1");
        assertThatThrownBy(() -> ConfusionFigures.sensitivity(new long[][] {{-1}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> ConfusionFigures.balancedAccuracy(new long[0][]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no classes");
    }

    static long[][] confusion(JsonNode rows) {
        long[][] out = new long[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = Fixtures.longs(rows.get(i));
        }
        return out;
    }
}
