package org.metalr.train.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.metalr.api.HostTensor;

/** AutoLR's arithmetic against values worked out by hand from the authors' formulas. */
class AutoLrRuleTest {

    @Test
    void variationIsTheNormOfTheChangeOverTheElementCountTimesAMillion() {
        // changes (1, 2) and (2): sqrt(1 + 4 + 4) = 3 over 3 elements
        double v = AutoLrRule.variation(
                List.of(HostTensor.of(new float[] {1, 3}, 2), HostTensor.of(new double[] {-2}, 1)),
                List.of(HostTensor.of(new float[] {0, 1}, 2), HostTensor.of(new double[] {0}, 1)));
        assertThat(v).isEqualTo(1e6);
        assertThatThrownBy(() -> AutoLrRule.variation(List.of(), List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rankAgreementCountsHowFarEachValueIsFromItsPlace() {
        assertThat(AutoLrRule.rankAgreement(new double[] {1, 2, 3, 4})).isEqualTo(1.0);
        // reversed: |0-3| + |1-2| + |2-1| + |3-0| = 8, 1 - 2*8/16 = 0
        assertThat(AutoLrRule.rankAgreement(new double[] {4, 3, 2, 1})).isEqualTo(0.0);
        // [3, 1, 2]: sorted 1, 2, 3 sit at 1, 2, 0: |0-1| + |1-2| + |2-0| = 4, 1 - 8/9
        assertThat(AutoLrRule.rankAgreement(new double[] {3, 1, 2})).isCloseTo(1.0 / 9, within(1e-15));
        // ties take the first position of the value (Python's list.index): [2, 2, 1] -> positions 2, 0, 0
        // |0-2| + |1-0| + |2-0| = 5, 1 - 10/9
        assertThat(AutoLrRule.rankAgreement(new double[] {2, 2, 1})).isCloseTo(-1.0 / 9, within(1e-15));
    }

    @Test
    void theScoreIsRoundedToThreeDecimalsHalfEven() {
        assertThat(AutoLrRule.score(new double[] {3, 1, 2})).isEqualTo(0.111);
        // 1 - 2*2/9 = 0.5555... -> 0.556
        assertThat(AutoLrRule.score(new double[] {2, 1, 3})).isEqualTo(0.556);
        // n = 8 with one swap of neighbours: 1 - 2*2/64 = 0.9375 exactly, a tie that rounds to even
        assertThat(AutoLrRule.score(new double[] {1, 2, 3, 4, 5, 6, 8, 7})).isEqualTo(0.938);
        // [1,2,3,4,8,6,7,5]: 5 and 8 are 3 places off each, 1 - 2*6/64 = 0.8125 exactly -> 0.812 (2 is even)
        assertThat(AutoLrRule.score(new double[] {1, 2, 3, 4, 8, 6, 7, 5})).isEqualTo(0.812);
    }

    @Test
    void firstEpochTargetsRampFromTwiceTheMinimumToFourTenthsOfTheMaximum() {
        // min 10, max 100: from 20 to 40 in 3 steps
        assertThat(AutoLrRule.rampTargets(new double[] {100, 10, 50, 70}, 2, 0.4))
                .containsExactly(20, 20 + 20.0 / 3, 20 + 2 * (20.0 / 3), 20 + 3 * (20.0 / 3));
        // when 2*min exceeds 0.4*max the ramp falls, as the authors' code computes it
        assertThat(AutoLrRule.rampTargets(new double[] {4, 1, 2}, 2, 0.4)).containsExactly(2, 1.8, 1.6);
    }

    @Test
    void laterTargetsAreTheVariationsMadeMonotoneFromTheCentre() {
        // min 1, max 4, step 0.75, centre index 2
        // down: d[2]=2 < d[1]=3, so d[1] = 2 - 0.75 = 1.25; d[1]=1.25 >= d[0]=1 stays
        // up:   d[2]=2 <= d[3]=4 stays; d[3]=4 > d[4]=3, so d[4] = 4 + 0.75
        assertThat(AutoLrRule.monotoneTargets(new double[] {1, 3, 2, 4, 3})).containsExactly(1, 1.25, 2, 4, 4.75);
        assertThat(AutoLrRule.monotoneTargets(new double[] {1, 2, 3})).containsExactly(1, 2, 3);
    }

    @Test
    void ratesMoveByTheRatioOfTargetToVariation() {
        // (1 - 2) / (2 / 0.1) + 0.1 = 0.05; (6 - 3) / (3 / 0.01) + 0.01 = 0.02
        double[] r = AutoLrRule.adjustedRates(new double[] {0.1, 0.01}, new double[] {2, 3}, new double[] {1, 6});
        assertThat(r[0]).isCloseTo(0.05, within(1e-17));
        assertThat(r[1]).isCloseTo(0.02, within(1e-17));
        // a block that did not move keeps its rate; a negative target gives the floor, not a negative rate
        assertThat(AutoLrRule.adjustedRates(new double[] {0.1, 0.1}, new double[] {0, 2}, new double[] {5, -1}))
                .containsExactly(0.1, 1e-6);
    }
}
