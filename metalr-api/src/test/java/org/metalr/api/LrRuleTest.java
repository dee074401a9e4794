package org.metalr.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LrRuleTest {

    @Test
    void paperRuleIsAdditiveDescentWithTheFloor() {
        LrRule rule = LrRule.paper(0.5);
        assertThat(rule.lookAhead()).isEqualTo(LrRule.LookAhead.DESCENT);
        assertThat(rule.next(1e-3, -2e-3)).isEqualTo(1e-3 + 0.5 * 2e-3);
        assertThat(rule.next(1e-3, 1.0)).isEqualTo(1e-6);
        assertThat(rule.next(1e-3, -1e6)).isEqualTo(1e-3 + 0.5e6);
    }

    @Test
    void officialRuleIsMultiplicativeAscentClampedAndHoldsTheLastGroupFiveEpochs() {
        LrRule rule = LrRule.official();
        assertThat(rule.lookAhead()).isEqualTo(LrRule.LookAhead.ASCENT);
        assertThat(rule.hyperLr()).isEqualTo(0.1);
        assertThat(rule.next(1e-3, 2.0)).isEqualTo(1e-3 * (1 - 0.1 * 2.0));
        assertThat(rule.next(1e-3, -1e3)).isEqualTo(1e-2);
        assertThat(rule.next(1e-3, 1e3)).isEqualTo(1e-6);
        assertThat(rule.holdsLast(5)).isTrue();
        assertThat(rule.holdsLast(6)).isFalse();
    }

    @Test
    void multiplicativeRuleLooksAheadByDescent() {
        LrRule rule = LrRule.multiplicative(0.1);
        assertThat(rule.lookAhead().sign()).isEqualTo(-1.0);
        assertThat(rule.update()).isEqualTo(LrRule.Update.MULTIPLICATIVE);
        assertThat(rule.holdsLast(1)).isFalse();
    }

    @Test
    void rulesAreFoundByName() {
        assertThat(LrRule.named("paper", 1e-5)).isEqualTo(LrRule.paper(1e-5));
        assertThat(LrRule.named("official", 0.1)).isEqualTo(LrRule.official());
        assertThatThrownBy(() -> LrRule.named("adaptive", 0.1))
                .hasMessageContaining("unknown LR rule 'adaptive'")
                .hasMessageContaining("paper, official, multiplicative, cosine");
        assertThat(LrRule.named("cosine", 0.2)).isEqualTo(LrRule.cosine(0.2));
    }

    @Test
    void cosineIsTheMultiplicativeRuleWithTheCosineSignal() {
        LrRule cosine = LrRule.cosine(0.1);
        LrRule spelled = LrRule.multiplicative(0.1).withNormalize(LrRule.Normalize.COSINE);
        assertThat(cosine.name()).isEqualTo("cosine");
        assertThat(new LrRule("multiplicative", cosine.lookAhead(), cosine.update(), cosine.hyperLr(), cosine.floor(),
                cosine.ceiling(), cosine.holdLastEpochs(), cosine.direction(), cosine.normalize(),
                cosine.floorRelative(), cosine.ceilingRelative(), cosine.metaEvery())).isEqualTo(spelled);
        assertThat(cosine.lookAhead()).isEqualTo(LrRule.LookAhead.DESCENT);
        assertThat(cosine.normalize()).isEqualTo(LrRule.Normalize.COSINE);
        assertThat(cosine.bounds(1e-3)).isEqualTo("[1.0E-6, 0.01]");
        assertThat(cosine.holdsLast(1)).isFalse();
    }

    @Test
    void invalidSettingsNameTheSetting() {
        assertThatThrownBy(() -> LrRule.paper(0)).hasMessageContaining("hyper learning rate");
        assertThatThrownBy(() -> LrRule.official().withBounds(1e-2, 1e-3)).hasMessageContaining("floor <= ceiling");
        assertThatThrownBy(() -> LrRule.official().withHoldLastEpochs(-1)).hasMessageContaining("holdLastEpochs");
    }

    @Test
    void theNamedRulesLookAheadAlongTheGradientWithTheRawSignalEveryIteration() {
        for (LrRule rule : new LrRule[] {LrRule.paper(1e-3), LrRule.official(), LrRule.multiplicative(0.1)}) {
            assertThat(rule.direction()).isEqualTo(LrRule.Direction.GRADIENT);
            assertThat(rule.normalize()).isEqualTo(LrRule.Normalize.NONE);
            assertThat(rule.floorRelative() || rule.ceilingRelative()).isFalse();
            assertThat(rule.metaEvery()).isEqualTo(1);
            assertThat(rule.learnsAt(1) && rule.learnsAt(2) && rule.learnsAt(77)).isTrue();
        }
    }

    @Test
    void relativeBoundsScaleWithEachGroupsInitialRate() {
        LrRule rule = LrRule.multiplicative(0.1).withBounds(0.01, true, 10, true);
        // a group that started at 1e-3 lives in [1e-5, 1e-2], one that started at 1e-2 in [1e-4, 1e-1]
        assertThat(rule.next(1e-3, 1e3, 1e-3)).isEqualTo(0.01 * 1e-3);
        assertThat(rule.next(1e-3, -1e3, 1e-3)).isEqualTo(10 * 1e-3);
        assertThat(rule.next(1e-2, -1e3, 1e-2)).isEqualTo(10 * 1e-2);
        assertThat(rule.next(1e-3, 2.0, 1e-3)).isEqualTo(1e-3 * (1 - 0.1 * 2.0));
        assertThat(rule.bounds(1e-2)).isEqualTo("[" + 0.01 * 1e-2 + ", " + 10 * 1e-2 + "]");
        assertThat(rule.spelledBounds()).isEqualTo("0.01x,10.0x");
        // mixed: an absolute floor with a relative ceiling
        LrRule mixed = LrRule.official().withBounds(1e-6, false, 10, true);
        assertThat(mixed.next(1e-3, 1e3, 1e-3)).isEqualTo(1e-6);
        assertThat(mixed.next(1e-3, -1e3, 1e-3)).isEqualTo(1e-2);
        assertThatThrownBy(() -> rule.next(1e-3, 1.0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> LrRule.official().withBounds(2, true, 10, true))
                .hasMessageContaining("must contain the initial rate");
        assertThatThrownBy(() -> LrRule.official().withBounds(0.1, true, 0.5, true))
                .hasMessageContaining("must contain the initial rate");
    }

    @Test
    void theLogUpdateIsAStepOnTheLogOfTheRate() {
        LrRule log = LrRule.multiplicative(0.1).withUpdate(LrRule.Update.LOG).withBounds(1e-9, 1);
        assertThat(log.next(1e-3, 2.0)).isEqualTo(1e-3 * Math.exp(-0.1 * 2.0));
        // a rise and a fall of the same signal cancel; the multiplicative update does not
        assertThat(log.next(log.next(1e-3, 3.0), -3.0)).isCloseTo(1e-3, org.assertj.core.api.Assertions.within(1e-18));
        LrRule mult = LrRule.multiplicative(0.1).withBounds(1e-9, 1);
        assertThat(mult.next(mult.next(1e-3, 3.0), -3.0)).isCloseTo(1e-3 * (1 - 0.3 * 0.3), org.assertj.core.api.Assertions.within(1e-18));
        // a signal past 1/eta drives the multiplicative rate to the floor, the log rate only down
        assertThat(mult.next(1e-3, 20.0)).isEqualTo(1e-9);
        assertThat(log.next(1e-3, 20.0)).isEqualTo(1e-3 * Math.exp(-2.0));
        // to first order in eta * signal they agree
        assertThat(log.next(1e-3, 1e-4) - mult.next(1e-3, 1e-4)).isCloseTo(0, org.assertj.core.api.Assertions.within(1e-13));
    }

    @Test
    void metaEveryKLearnsOnIterationsOneKPlusOneAndSoOn() {
        LrRule rule = LrRule.official().withMetaEvery(4);
        assertThat(java.util.stream.LongStream.rangeClosed(1, 12).filter(rule::learnsAt).toArray())
                .containsExactly(1, 5, 9);
        assertThatThrownBy(() -> rule.withMetaEvery(0)).hasMessageContaining("metaEvery");
    }
}
