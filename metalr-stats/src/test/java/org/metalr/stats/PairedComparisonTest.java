package org.metalr.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PairedComparisonTest {

    private static final double[] REFERENCE = {0.80, 0.78, 0.83, 0.81, 0.79, 0.82, 0.80, 0.77};

    @Test
    void eachMethodAgainstTheReferenceWithHolmAcrossMethods() {
        Map<String, double[]> methods = new LinkedHashMap<>();
        methods.put("metalr", new double[] {0.84, 0.83, 0.85, 0.86, 0.82, 0.85, 0.83, 0.80});
        methods.put("last", new double[] {0.79, 0.79, 0.82, 0.80, 0.80, 0.81, 0.79, 0.78});
        methods.put("copy", REFERENCE.clone());
        Bootstrap bootstrap = new Bootstrap(2000, 0.95, 11);
        List<PairedComparison> out = PairedComparison.against("all", REFERENCE, methods, bootstrap,
                WilcoxonSignedRank.SCIPY_DEFAULT);

        assertThat(out).extracting(PairedComparison::method).containsExactly("metalr", "last", "copy");
        PairedComparison metalr = out.get(0);
        assertThat(metalr.reference()).isEqualTo("all");
        assertThat(metalr.pairs()).isEqualTo(8);
        assertThat(metalr.meanDifference()).isEqualTo(bootstrap.pairedMeanDifference(methods.get("metalr"), REFERENCE));
        assertThat(metalr.medianDifference()).isCloseTo(0.03, offset(1e-12)); // differences 0.02, 0.03 x4, 0.04, 0.05 x2
        WilcoxonResult direct = WilcoxonSignedRank.SCIPY_DEFAULT.test(methods.get("metalr"), REFERENCE);
        assertThat(metalr.wilcoxon()).isEqualTo(direct);

        // the copy's test is undefined (every difference zero) and stays out of Holm's family of two
        PairedComparison copy = out.get(2);
        assertThat(copy.wilcoxon().pValue()).isNaN();
        assertThat(copy.holmP()).isNaN();
        double[] expected = Holm.adjust(new double[] {out.get(0).wilcoxon().pValue(), out.get(1).wilcoxon().pValue()});
        assertThat(out.get(0).holmP()).isEqualTo(expected[0]);
        assertThat(out.get(1).holmP()).isEqualTo(expected[1]);
        assertThat(copy.meanDifference().estimate()).isZero();
    }

    @Test
    void unpairedRunsNameTheMethod() {
        assertThatThrownBy(() -> PairedComparison.against("all", REFERENCE, Map.of("metalr", new double[] {0.8}),
                Bootstrap.seeded(1), WilcoxonSignedRank.SCIPY_DEFAULT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metalr against all");
    }
}
