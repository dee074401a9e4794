package org.metalr.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.metalr.api.LrRule;
import org.metalr.api.UserInputException;
import org.metalr.train.method.Methods;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** What a {@code metalr} spelling's rule resolves to under the command's rule flags. */
class TrainOptionsTest {

    @Command(name = "t")
    static final class Holder {
        @Mixin
        TrainOptions train;
    }

    private static LrRule rule(String method, String... flags) {
        Holder h = new Holder();
        new CommandLine(h).parseArgs(flags);
        return h.train.config(method, 0).methodSettings().rule();
    }

    @Test
    void theDefaultRuleIsCosineTheMultiplicativeRuleWithTheCosineSignal() {
        assertThat(rule("metalr")).isEqualTo(LrRule.cosine(0.1));
        assertThat(rule("metalr:rule=cosine", "--rule", "official")).isEqualTo(LrRule.cosine(0.1));
    }

    @Test
    void aSpellingsRuleIsThatRuleWithItsOwnSettingsUnderTheDefaults() {
        assertThat(rule("metalr:rule=official")).isEqualTo(LrRule.official());
        assertThat(rule("metalr:rule=multiplicative")).isEqualTo(LrRule.multiplicative(0.1));
        assertThat(rule("metalr:rule=paper")).isEqualTo(LrRule.paper(0.1));
        assertThat(rule("metalr:rule=official", "--rule", "paper")).isEqualTo(LrRule.official());
        assertThat(rule("metalr", "--rule", "official")).isEqualTo(LrRule.official());
    }

    @Test
    void flagsTheUserGaveTravelToASpellingsRuleEvenWhereTheyEqualTheDefaultRulesOwn() {
        assertThat(rule("metalr:rule=official", "--hyper-normalize", "cosine"))
                .isEqualTo(LrRule.official().withNormalize(LrRule.Normalize.COSINE));
        assertThat(rule("metalr:rule=official", "--lookahead", "optimizer", "--meta-every", "2", "--hyper-lr", "0.2"))
                .isEqualTo(LrRule.official().withHyperLr(0.2).withDirection(LrRule.Direction.OPTIMIZER)
                        .withMetaEvery(2));
        assertThat(rule("metalr:rule=paper", "--lr-bounds", "0.01x,10x", "--hold-last-epochs", "2", "--lr-update", "log"))
                .isEqualTo(LrRule.paper(0.1).withBounds(0.01, true, 10, true).withHoldLastEpochs(2)
                        .withUpdate(LrRule.Update.LOG));
        // the spelling's own options go over the flags
        assertThat(rule("metalr:rule=official:normalize=none", "--hyper-normalize", "cosine"))
                .isEqualTo(LrRule.official());
        // without rule= the flags go over --rule's own settings
        assertThat(rule("metalr", "--rule", "official", "--hyper-normalize", "cosine"))
                .isEqualTo(LrRule.official().withNormalize(LrRule.Normalize.COSINE));
        assertThat(rule("metalr", "--hyper-normalize", "none"))
                .isEqualTo(LrRule.cosine(0.1).withNormalize(LrRule.Normalize.NONE));
    }

    @Test
    void theStudysMethodsResolveToWhatTheirLabelsSay() {
        LrRule mult = LrRule.multiplicative(0.1);
        LrRule combined = mult.withDirection(LrRule.Direction.OPTIMIZER).withNormalize(LrRule.Normalize.COSINE)
                .withUpdate(LrRule.Update.LOG).withBounds(0.01, true, 10, true);
        Map<String, LrRule> expected = Map.of(
                "official", LrRule.official(),
                "paper", LrRule.paper(0.1),
                "multiplicative", mult,
                "mult + optimizer look-ahead", mult.withDirection(LrRule.Direction.OPTIMIZER),
                "mult + cosine", mult.withNormalize(LrRule.Normalize.COSINE),
                "mult + bounds 0.01x-10x", mult.withBounds(0.01, true, 10, true),
                "mult + log update", mult.withUpdate(LrRule.Update.LOG),
                "combined", combined,
                "combined, every 4", combined.withMetaEvery(4));
        assertThat(StudyCommand.RULES.values()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        StudyCommand.RULES.forEach((method, label) -> {
            assertThat(rule(method)).as(label).isEqualTo(expected.get(label));
            // as the study's runs get them (the trainer's builder with the commands' default rule)
            assertThat(org.metalr.train.TrainConfig.builder().method(method)
                    .rule(LrRule.named(TrainOptions.DEFAULT_RULE, 0.1)).build().methodSettings().rule())
                    .as(label).isEqualTo(expected.get(label));
        });
    }

    @Test
    void anUnknownRuleIsRefusedNamingTheRules() {
        assertThatThrownBy(() -> rule("metalr", "--rule", "fast")).isInstanceOf(UserInputException.class)
                .hasMessage("--rule must be one of paper, official, multiplicative, cosine, got 'fast'");
        assertThat(Methods.parse("metalr:rule=cosine").spec()).isEqualTo("metalr:rule=cosine");
    }
}
