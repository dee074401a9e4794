package org.metalr.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComparisonTableTest {

    private static Map<String, Double> figures(double a, double b, double accuracy) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("sens. a", a);
        m.put("sens. b", b);
        m.put("accuracy", accuracy);
        return m;
    }

    private static ComparisonTable example() {
        return ComparisonTable.builder()
                .addRun("all", figures(0.8, 0.75, 0.75))
                .addRun("all", figures(0.9, 0.5, 0.8))
                .addRun("all", figures(0.85, Double.NaN, 0.7))
                .addRun("metalr", figures(0.95, 0.75, 0.875))
                .addRun("last", Map.of("accuracy", 0.625))
                .build();
    }

    @Test
    void cellsAreMedianMinMaxOfTheDefinedValues() {
        ComparisonTable t = example();
        assertThat(t.methods()).containsExactly("all", "metalr", "last");
        assertThat(t.figures()).containsExactly("sens. a", "sens. b", "accuracy");
        assertThat(t.runs("all")).isEqualTo(3);
        assertThat(t.cell("all", "sens. a")).contains(new ComparisonTable.Cell(0.85, 0.8, 0.9, 3, 0));
        // Two defined values: the median is their mean; the NaN run is counted as undefined.
        assertThat(t.cell("all", "sens. b")).contains(new ComparisonTable.Cell(0.625, 0.5, 0.75, 2, 1));
        assertThat(t.cell("last", "sens. a")).isEmpty();
        assertThat(t.best("accuracy")).containsExactly("metalr");
        assertThat(t.best("sens. b")).containsExactly("metalr");
    }

    @Test
    void markdownInThePapersLayout() {
        assertThat(example().toMarkdown()).isEqualTo("""
                | method | runs | sens. a | sens. b | accuracy |
                |:--|--:|--:|--:|--:|
                | all | 3 | 85.0 [80.0, 90.0] | 62.5 [50.0, 75.0] | 75.0 [70.0, 80.0] |
                | metalr | 1 | 95.0 | 75.0 | 87.5 |
                | last | 1 | – | – | 62.5 |

                Median over runs (seeds, folds) with [min, max], in percent.
                """);
    }

    @Test
    void csvKeepsFullPrecisionFractions() {
        assertThat(example().toCsv()).isEqualTo("""
                method,runs,sens. a median,sens. a min,sens. a max,sens. b median,sens. b min,sens. b max,\
                accuracy median,accuracy min,accuracy max
                all,3,0.85,0.8,0.9,0.625,0.5,0.75,0.75,0.7,0.8
                metalr,1,0.95,0.95,0.95,0.75,0.75,0.75,0.875,0.875,0.875
                last,1,,,,,,,0.625,0.625,0.625
                """);
    }

    @Test
    void namesWithSeparatorsAreQuotedOrEscaped() {
        ComparisonTable t = ComparisonTable.builder()
                .addRun("a|b", Map.of("sens. \"x, y\"", 0.5))
                .build();
        assertThat(t.toCsv()).startsWith("method,runs,\"sens. \"\"x, y\"\" median\",").contains("\na|b,1,0.5,0.5,0.5\n");
        assertThat(t.toMarkdown()).contains("| a\\|b | 1 | 50.0 |");
    }

    @Test
    void anEmptyTableStillHasItsHeader() {
        ComparisonTable t = ComparisonTable.builder().build();
        assertThat(t.toCsv()).isEqualTo("method,runs\n");
        assertThat(t.toMarkdown()).startsWith("| method | runs |\n|:--|--:|\n\n");
    }
}
