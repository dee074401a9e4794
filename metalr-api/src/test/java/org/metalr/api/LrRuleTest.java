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
                .hasMessageContaining("paper, official, multiplicative");
    }

    @Test
    void invalidSettingsNameTheSetting() {
        assertThatThrownBy(() -> LrRule.paper(0)).hasMessageContaining("hyper learning rate");
        assertThatThrownBy(() -> LrRule.official().withBounds(1e-2, 1e-3)).hasMessageContaining("floor <= ceiling");
        assertThatThrownBy(() -> LrRule.official().withHoldLastEpochs(-1)).hasMessageContaining("holdLastEpochs");
    }
}
