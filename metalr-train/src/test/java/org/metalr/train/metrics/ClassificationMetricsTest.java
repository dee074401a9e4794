package org.metalr.train.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.metalr.runs.metrics.ClassificationMetrics;

class ClassificationMetricsTest {

    /** Probability rows whose argmax is {@code predicted}, and whose class columns rank as given. */
    private static double[] onehotish(int predicted, int classes) {
        double[] row = new double[classes];
        java.util.Arrays.fill(row, 0.1);
        row[predicted] = 0.8;
        return row;
    }

    @Test
    void confusionAndPerClassFiguresMatchHandComputation() {
        // true:      0 0 0 1 1 2 2 2
        // predicted: 0 1 0 1 2 2 2 0
        long[] labels = {0, 0, 0, 1, 1, 2, 2, 2};
        int[] predicted = {0, 1, 0, 1, 2, 2, 2, 0};
        double[][] probs = new double[labels.length][];
        for (int i = 0; i < labels.length; i++) {
            probs[i] = onehotish(predicted[i], 3);
        }
        ClassificationMetrics m = ClassificationMetrics.ofProbabilities(labels, probs, 3);

        assertThat(m.confusion()).isEqualTo(new long[][] {{2, 1, 0}, {0, 1, 1}, {1, 0, 2}});
        assertThat(m.samples()).isEqualTo(8);
        assertThat(m.accuracy()).isEqualTo(5.0 / 8);
        assertThat(m.sensitivity()).containsExactly(2.0 / 3, 1.0 / 2, 2.0 / 3);
        assertThat(m.precision()).containsExactly(2.0 / 3, 1.0 / 2, 2.0 / 3);
        // F1 = 2TP / (2TP + FP + FN): class 0: 4/(4+1+1), class 1: 2/(2+1+1), class 2: 4/(4+1+1)
        assertThat(m.f1()).containsExactly(4.0 / 6, 2.0 / 4, 4.0 / 6);
        assertThat(m.macroF1()).isCloseTo((4.0 / 6 + 0.5 + 4.0 / 6) / 3, within(1e-15));
    }

    @Test
    void aucIsTheMannWhitneyStatisticWithTiesCountingOneHalf() {
        // class 1 scores: positives {0.8, 0.5}, negatives {0.5, 0.2}.
        // pairs (pos > neg): 0.8>0.5, 0.8>0.2, 0.5=0.5 (one half), 0.5>0.2  -> 3.5 / 4
        long[] labels = {1, 1, 0, 0};
        double[][] probs = {{0.2, 0.8}, {0.5, 0.5}, {0.5, 0.5}, {0.8, 0.2}};
        ClassificationMetrics m = ClassificationMetrics.ofProbabilities(labels, probs, 2);
        assertThat(m.auc()[1]).isEqualTo(0.875);
        assertThat(m.auc()[0]).isEqualTo(0.875);
        assertThat(m.macroAuc()).isEqualTo(0.875);
        // argmax takes the first of equal maxima: the 0.5/0.5 rows predict class 0
        assertThat(m.confusion()).isEqualTo(new long[][] {{2, 0}, {1, 1}});
    }

    @Test
    void aucsRankSoftmaxProbabilitiesNotRawLogits() {
        // Class 0's logit is higher for sample 1 (3 > 2) but its softmax probability is lower
        // (sample 1's other logits are higher still): ranking must follow the probabilities.
        long[] labels = {0, 1};
        double[][] logits = {{2, 0, 0}, {3, 5, 0}};
        ClassificationMetrics m = ClassificationMetrics.of(labels, logits, 3);
        assertThat(m.auc()[0]).isEqualTo(1.0);
        assertThat(m.auc()[2]).isNaN();
    }

    @Test
    void softmaxSurvivesLargeLogits() {
        double[] p = ClassificationMetrics.softmax(new double[] {1000, 0, -1000});
        assertThat(p[0]).isEqualTo(1.0);
        assertThat(p[1]).isGreaterThanOrEqualTo(0.0).isLessThan(1e-300);
        ClassificationMetrics m = ClassificationMetrics.of(new long[] {0, 1}, new double[][] {{1000, 0}, {0, 1000}}, 2);
        assertThat(m.accuracy()).isEqualTo(1.0);
        assertThat(m.auc()).containsExactly(1.0, 1.0);
    }

    @Test
    void figuresOfAbsentClassesAreNaNAndSkippedByMacroMeans() {
        // class 2 never labelled and never predicted; class 1 labelled, never predicted
        long[] labels = {0, 0, 1};
        double[][] probs = {{0.9, 0.1, 0.0}, {0.6, 0.4, 0.0}, {0.7, 0.3, 0.0}};
        ClassificationMetrics m = ClassificationMetrics.ofProbabilities(labels, probs, 3);
        assertThat(m.sensitivity()[1]).isEqualTo(0.0);
        assertThat(m.sensitivity()[2]).isNaN();
        assertThat(m.precision()[1]).isNaN();
        assertThat(m.precision()[2]).isNaN();
        assertThat(m.f1()[1]).isEqualTo(0.0);
        assertThat(m.f1()[2]).isNaN();
        assertThat(m.macroF1()).isEqualTo((0.8 + 0.0) / 2);
        assertThat(m.auc()[2]).isNaN();
        // class 1 positives {0.3} vs negatives {0.1, 0.4}: 1 of 2 pairs
        assertThat(m.auc()[1]).isEqualTo(0.5);
        assertThat(m.macroAuc()).isEqualTo((m.auc()[0] + 0.5) / 2);
    }

    @Test
    void accessorsReturnCopies() {
        ClassificationMetrics m = new ClassificationMetrics(new long[][] {{1, 0}, {0, 1}}, new double[] {1, 1});
        m.confusion()[0][0] = 99;
        m.auc()[0] = 0;
        assertThat(m.confusion()[0][0]).isEqualTo(1);
        assertThat(m.auc()[0]).isEqualTo(1.0);
        assertThat(m).isEqualTo(new ClassificationMetrics(new long[][] {{1, 0}, {0, 1}}, new double[] {1, 1}))
                .hasSameHashCodeAs(new ClassificationMetrics(new long[][] {{1, 0}, {0, 1}}, new double[] {1, 1}));
    }

    @Test
    void badInputIsRejectedWithTheOffendingSample() {
        assertThatThrownBy(() -> ClassificationMetrics.of(new long[] {0, 3}, new double[][] {{0, 1}, {1, 0}}, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label of sample 1 is 3");
        assertThatThrownBy(() -> ClassificationMetrics.of(new long[] {0}, new double[][] {{0, 1, 2}}, 2))
                .hasMessageContaining("scores of sample 0 have 3 values; expected 2");
        assertThatThrownBy(() -> ClassificationMetrics.of(new long[] {0}, new double[][] {{Double.NaN, 1}}, 2))
                .hasMessageContaining("score of sample 0, class 0 is NaN");
        assertThatThrownBy(() -> ClassificationMetrics.of(new long[0], new double[0][], 2))
                .hasMessageContaining("no samples");
        assertThatThrownBy(() -> ClassificationMetrics.of(new long[] {0}, new double[][] {{0, 1}, {1, 0}}, 2))
                .hasMessageContaining("1 labels but 2 score rows");
        assertThatThrownBy(() -> ClassificationMetrics.ofProbabilities(new long[] {0}, new double[][] {{1.5, 0}}, 2))
                .hasMessageContaining("probability of sample 0, class 0 is 1.5");
        assertThatThrownBy(() -> new ClassificationMetrics(new long[][] {{1, 0}}, new double[] {1}))
                .hasMessageContaining("row 0 has 2 entries; expected 1");
        assertThatThrownBy(() -> new ClassificationMetrics(new long[][] {{1}}, new double[] {1.5}))
                .hasMessageContaining("auc of class 0 is 1.5");
    }
}
