package org.metalr.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.metalr.stats.Bootstrap;
import org.metalr.stats.PairedComparison;
import org.metalr.stats.Summary;

class ComparisonTableTest {

    private static final List<String> TABLE = List.of("sensitivity/a", "accuracy");
    /** metalr - all on seeds 0..6: all positive (exact two-sided p = 2/2^7). */
    private static final int[] BETTER = {1, 2, 3, 4, 5, 6, 7};
    /** last - all: signs alternate (scipy.stats.wilcoxon(d, method='exact'): statistic 12, p 0.8125). */
    private static final int[] MIXED = {1, -2, 3, -4, 5, -6, 7};

    private static double reference(int seed) {
        return 0.70 + 0.01 * seed;
    }

    private static Map<String, Double> figures(double sensitivity, double accuracy) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("sensitivity/a", sensitivity);
        m.put("accuracy", accuracy);
        return m;
    }

    private static ComparisonTable.Builder sevenSeeds() {
        ComparisonTable.Builder b = ComparisonTable.builder().bootstrap(new Bootstrap(2000, 0.95, 11));
        for (int s = 0; s < 7; s++) {
            b.addRun("all", "seed " + s, figures(0.5, reference(s)), TABLE);
            b.addRun("metalr", "seed " + s, figures(0.5 + 0.01 * s, reference(s) + 0.01 * BETTER[s]), TABLE);
            // predicts one class: sensitivity 100% on it, no better for that
            b.addRun("last", "seed " + s, figures(1.0, reference(s) + 0.01 * MIXED[s]), TABLE);
        }
        return b;
    }

    @Test
    void eachMethodIsSummarisedAndComparedWithTheReferenceOnItsPairs() {
        ComparisonTable t = sevenSeeds().build();
        assertThat(t.reference()).isEqualTo("all");
        assertThat(t.metric()).isEqualTo("accuracy");
        assertThat(t.methods()).containsExactly("all", "metalr", "last");
        assertThat(t.pairs()).hasSize(7);
        ComparisonTable.Cell all = t.cell("all", "accuracy").orElseThrow();
        assertThat(all.comparison()).isNull();
        assertThat(all.summary().mean()).isCloseTo(0.73, within(1e-12));
        assertThat(all.summary().median()).isCloseTo(0.73, within(1e-12));
        assertThat(all.summary().min()).isCloseTo(0.70, within(1e-12));
        assertThat(all.summary().sd()).isCloseTo(Math.sqrt(28.0 / 6) * 0.01, within(1e-12));

        PairedComparison metalr = t.cell("metalr", "accuracy").orElseThrow().comparison();
        assertThat(metalr.pairs()).isEqualTo(7);
        assertThat(metalr.meanDifference().estimate()).isCloseTo(0.04, within(1e-12));
        assertThat(metalr.medianDifference()).isCloseTo(0.04, within(1e-12));
        assertThat(metalr.meanDifference().lower()).isGreaterThan(0).isLessThan(0.04);
        assertThat(metalr.wilcoxon().pValue()).isCloseTo(2.0 / 128, within(1e-12));
        PairedComparison last = t.cell("last", "accuracy").orElseThrow().comparison();
        assertThat(last.wilcoxon().statistic()).isEqualTo(12.0);
        assertThat(last.wilcoxon().pValue()).isCloseTo(0.8125, within(1e-12));
        // Holm over the two methods compared: 2 x 0.015625, then max(0.8125, 0.03125)
        assertThat(metalr.holmP()).isCloseTo(0.03125, within(1e-12));
        assertThat(last.holmP()).isCloseTo(0.8125, within(1e-12));
        assertThat(t.marked()).containsExactly("metalr");
    }

    @Test
    void aDegenerateMethodIsNotMarkedForItsPerfectSensitivity() {
        // the quick demo's case: one seed, a method predicting class a only (sensitivity 100%)
        ComparisonTable one = ComparisonTable.builder()
                .addRun("all", "seed 0", figures(0.5, 0.7), TABLE)
                .addRun("last", "seed 0", figures(1.0, 0.6), TABLE).build();
        assertThat(one.tableRow("last").get(2)).isEqualTo("100.0");
        assertThat(one.headlineRow("last").get(4)).isEqualTo("-10.0 [-10.0, -10.0]");
        assertThat(one.toMarkdown()).doesNotContainPattern("\\*\\*[-+0-9]");
        // over seven seeds only the paired test marks: metalr on accuracy, not last's perfect sensitivity alone
        ComparisonTable t = sevenSeeds().build();
        assertThat(t.tableRow("last").get(3)).doesNotContain("**");
        assertThat(t.tableRow("metalr").get(3)).startsWith("**");
    }

    @Test
    void fewerThanSixPairsCannotBeSignificantAndTheNoteSaysSo() {
        ComparisonTable.Builder b = ComparisonTable.builder();
        for (int s = 0; s < 5; s++) {
            b.addRun("all", "seed " + s, figures(0.5, reference(s)), TABLE);
            b.addRun("metalr", "seed " + s, figures(0.5, reference(s) + 0.1 + 0.01 * s), TABLE);
        }
        ComparisonTable t = b.build();
        assertThat(t.cell("metalr", "accuracy").orElseThrow().comparison().wilcoxon().pValue()).isEqualTo(0.0625);
        assertThat(t.marked()).isEmpty();
        assertThat(t.notes()).anyMatch(n -> n.contains("n = 5 pairs") && n.contains("cannot reach p < 0.05"));
        assertThat(t.toMarkdown()).doesNotContainPattern("\\*\\*[-+0-9]");
    }

    @Test
    void undefinedValuesLeaveTheirPairOut() {
        ComparisonTable t = ComparisonTable.builder()
                .addRun("all", "seed 0", figures(0.5, 0.7), TABLE)
                .addRun("all", "seed 1", figures(0.5, Double.NaN), TABLE)
                .addRun("all", "seed 2", figures(0.5, 0.8), TABLE)
                .addRun("metalr", "seed 0", figures(0.5, 0.75), TABLE)
                .addRun("metalr", "seed 1", figures(0.5, 0.9), TABLE)
                .addRun("metalr", "seed 3", figures(0.5, 0.9), TABLE)
                .build();
        ComparisonTable.Cell all = t.cell("all", "accuracy").orElseThrow();
        assertThat(all.summary()).isEqualTo(Summary.of(new double[] {0.7, Double.NaN, 0.8}));
        assertThat(all.summary().ignored()).isEqualTo(1);
        assertThat(t.cell("metalr", "accuracy").orElseThrow().comparison().pairs()).isEqualTo(1);
    }

    @Test
    void theReferenceAndMetricAreChosenOrFallBackWithANote() {
        ComparisonTable.Builder b = ComparisonTable.builder()
                .addRun("last", "seed 0", figures(0.5, 0.7), TABLE)
                .addRun("metalr", "seed 0", figures(0.5, 0.8), TABLE);
        ComparisonTable t = b.build();
        assertThat(t.reference()).isEqualTo("last");
        assertThat(t.notes().get(0)).contains("all, is not among the methods; last is the reference");
        ComparisonTable m = b.reference("metalr").metric("sensitivity/a").build();
        assertThat(m.reference()).isEqualTo("metalr");
        assertThat(m.metric()).isEqualTo("sensitivity/a");
        assertThat(m.headlineRow("metalr").get(0)).isEqualTo("metalr (reference)");
        assertThatThrownBy(() -> b.reference("auto").build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'auto'").hasMessageContaining("last, metalr");
        assertThatThrownBy(() -> b.reference(null).metric("dice").build()).hasMessageContaining("'dice'")
                .hasMessageContaining("sensitivity/a, accuracy");
    }

    @Test
    void csvAndJsonCarryEveryFigure() {
        ComparisonTable t = sevenSeeds().build();
        String[] lines = t.toCsv().split("\n");
        assertThat(lines[0]).startsWith("figure,method,reference,runs,mean,sd,median,min,max,pairs,mean_difference,"
                + "mean_difference_lower,mean_difference_upper,median_difference,wilcoxon_statistic,p,p_holm,marked,seed 0,");
        assertThat(lines).hasSize(1 + 2 * 3);
        assertThat(lines).anyMatch(l -> l.startsWith("accuracy,metalr,all,7,") && l.contains(",0.015625,0.03125,true,"));
        JsonNode json = t.toJson("x");
        assertThat(json.get("reference").asText()).isEqualTo("all");
        JsonNode cmp = json.get("figures").get("accuracy").get("methods").get("last").get("comparison");
        assertThat(cmp.get("p").asDouble()).isCloseTo(0.8125, within(1e-12));
        assertThat(cmp.get("pairs").asInt()).isEqualTo(7);
        assertThat(json.get("figures").get("accuracy").get("methods").get("all").get("values").size()).isEqualTo(7);
    }

    @Test
    void namesWithSeparatorsAreQuotedOrEscaped() {
        ComparisonTable t = ComparisonTable.builder()
                .addRun("a|b", "seed 0", Map.of("accuracy", 0.5), List.of("accuracy"))
                .addRun("all", "seed \"x, y\"", Map.of("accuracy", 0.5), List.of("accuracy"))
                .build();
        assertThat(t.toCsv().split("\n")[0]).endsWith(",seed 0,\"seed \"\"x, y\"\"\"");
        assertThat(t.toMarkdown()).contains("| a\\|b | 1 | 50.0 |");
    }

    @Test
    void anEmptyComparisonSaysSo() {
        ComparisonTable t = ComparisonTable.builder().build();
        assertThat(t.metric()).isNull();
        assertThat(t.toMarkdown()).isEqualTo("No run has test figures.\n");
    }
}
