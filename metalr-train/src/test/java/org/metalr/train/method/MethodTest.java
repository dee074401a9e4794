package org.metalr.train.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.metalr.api.DepthOrder;
import org.metalr.api.LrRule;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.ParamGroup;

/** Parsing the methods' spellings and what each makes of a model's groups. */
class MethodTest {

    /** Ten groups like ResNet-18's. */
    private static final List<ParamGroup> RESNET = List.of("stem", "layer1.0", "layer1.1", "layer2.0", "layer2.1",
            "layer3.0", "layer3.1", "layer4.0", "layer4.1", "fc").stream().map(n -> ParamGroup.of(n, n)).toList();
    private static final List<DepthOrder> SEQUENTIAL = List.of(new DepthOrder("I1",
            DepthOrder.sequential(RESNET.stream().map(ParamGroup::name).toList()).levels()));

    /** A U-Net's groups and its two readings of depth, as Mina et al. describe them. */
    private static final List<ParamGroup> UNET = List.of("down_tr64", "down_tr128", "down_tr256", "down_tr512",
            "up_tr256", "up_tr128", "up_tr64", "out_tr").stream().map(n -> ParamGroup.of(n, n)).toList();
    private static final List<DepthOrder> UNET_READINGS = List.of(
            new DepthOrder("I1", UNET.stream().map(g -> List.of(g.name())).toList()),
            new DepthOrder("I2", List.of(List.of("down_tr64", "up_tr64", "out_tr"), List.of("down_tr128", "up_tr128"),
                    List.of("down_tr256", "up_tr256"), List.of("down_tr512"))));

    private static boolean[] frozen(GroupPlan plan) {
        return plan.frozen();
    }

    @ParameterizedTest
    @ValueSource(strings = {"last", "all", "all:0.003", "layerwise:3", "bidir:4-7", "autolr", "mina:I1:2", "mina:I2:-1",
        "llrd:0.65", "metalr", "metalr:rule=paper:lookahead=optimizer",
        "metalr:eta=0.05:normalize=cosine:update=log:floor=0.01x:ceiling=10.0x:every=4", "metalr:hold=0:ceiling=none"})
    void spellingsReadBack(String spec) {
        assertThat(Methods.parse(spec).spec()).isEqualTo(spec);
        assertThat(Methods.parse(" " + spec + " ")).isEqualTo(Methods.parse(spec));
    }

    @Test
    void unknownOrMalformedSpellingsNameTheSetting() {
        assertThatThrownBy(() -> Methods.parse("finetune")).isInstanceOf(InvalidConfigException.class)
                .hasMessage("invalid setting 'method': unknown method 'finetune'; expected one of " + String.join(", ", Methods.forms()));
        assertThatThrownBy(() -> Methods.parse("bidir:4")).hasMessageContaining("malformed method 'bidir:4'");
        assertThatThrownBy(() -> Methods.parse("layerwise:x")).hasMessageContaining("malformed method 'layerwise:x'");
        assertThatThrownBy(() -> Methods.parse("llrd:fast")).hasMessageContaining("the decay 'fast' is not a number");
        assertThatThrownBy(() -> Methods.parse("llrd:-0.5")).hasMessageContaining("must be positive");
        assertThatThrownBy(() -> Methods.parse("all:fast")).hasMessageContaining("the rate 'fast' is not a number");
        assertThatThrownBy(() -> Methods.parse("all:0")).hasMessageContaining("must be positive");
        assertThatThrownBy(() -> Methods.parse("all:")).hasMessageContaining("malformed method 'all:'");
        assertThatThrownBy(() -> Methods.parse("")).hasMessageContaining("no method given");
        assertThatThrownBy(() -> Methods.parse("layerwise:99999999999")).hasMessageContaining("not a group count");
    }

    @Test
    void baselinesFreezeTheirGroupsAndStartAtTheStandardRates() {
        GroupPlan last = Methods.parse("last").plan(RESNET, SEQUENTIAL, 0.01, 0.1);
        assertThat(frozen(last)).containsExactly(true, true, true, true, true, true, true, true, true, false);
        assertThat(last.initialLrs()).containsExactly(0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.01);

        assertThat(frozen(Methods.parse("layerwise:3").plan(RESNET, SEQUENTIAL, 0.01, 0.1)))
                .containsExactly(true, true, true, false, false, false, false, false, false, false);
        assertThat(frozen(Methods.parse("bidir:4-7").plan(RESNET, SEQUENTIAL, 0.01, 0.1)))
                .containsExactly(false, false, false, true, true, true, true, false, false, false);
        assertThat(frozen(Methods.parse("bidir:9-9").plan(RESNET, SEQUENTIAL, 0.01, 0.1)))
                .containsExactly(false, false, false, false, false, false, false, false, true, false);

        // all: every group at the backbone's rate (a practitioner's 1e-3 with the defaults), or at all:RATE
        GroupPlan all = Methods.parse("all").plan(RESNET, SEQUENTIAL, 0.01, 0.1);
        assertThat(frozen(all)).containsOnly(false);
        assertThat(all.initialLrs()).containsOnly(0.1 * 0.01);
        assertThat(Methods.parse("all:0.003").plan(RESNET, SEQUENTIAL, 0.01, 0.1).initialLrs()).containsOnly(0.003);

        GroupPlan meta = Methods.parse("metalr").plan(RESNET, SEQUENTIAL, 0.01, 0.5);
        assertThat(frozen(meta)).containsOnly(false);
        assertThat(meta.initialLrs()).containsExactly(0.005, 0.005, 0.005, 0.005, 0.005, 0.005, 0.005, 0.005, 0.005, 0.01);
        assertThat(Methods.parse("metalr").usesMetaValidation()).isTrue();
        assertThat(Methods.parse("all").usesMetaValidation()).isFalse();
    }

    @Test
    void plansReplaceTheFrozenFlagsTheyAreGiven() {
        List<ParamGroup> someFrozen = RESNET.stream().map(g -> g.withFrozen(true)).toList();
        assertThat(frozen(Methods.parse("all").plan(someFrozen, SEQUENTIAL, 0.01, 0.1))).containsOnly(false);
    }

    @Test
    void llrdDecaysTowardsTheInput() {
        // lr_j = lr * decay^(d - j), j from 1: by hand for d = 10, lr 0.01, decay 0.5
        GroupPlan plan = Methods.parse("llrd:0.5").plan(RESNET, SEQUENTIAL, 0.01, 0.1);
        assertThat(plan.initialLrs()).containsExactly(0.01 / 512, 0.01 / 256, 0.01 / 128, 0.01 / 64, 0.01 / 32,
                0.01 / 16, 0.01 / 8, 0.01 / 4, 0.01 / 2, 0.01);
        assertThat(frozen(plan)).containsOnly(false);
        double[] timm = Methods.parse("llrd:0.75").plan(RESNET, SEQUENTIAL, 1e-3, 0.1).initialLrs();
        assertThat(timm[0]).isEqualTo(1e-3 * Math.pow(0.75, 9));
        assertThat(timm[8]).isEqualTo(1e-3 * 0.75);
    }

    @Test
    void frozenRangesOutside1ToDMinus1AreRejected() {
        for (String spec : List.of("layerwise:0", "layerwise:10", "bidir:0-3", "bidir:5-4", "bidir:3-10")) {
            assertThatThrownBy(() -> Methods.parse(spec).plan(RESNET, SEQUENTIAL, 0.01, 0.1))
                    .as(spec).isInstanceOf(InvalidConfigException.class).hasMessageContaining("'method'")
                    .hasMessageContaining("10 groups");
        }
        assertThatThrownBy(() -> Methods.parse("autolr").plan(RESNET.subList(8, 10), SEQUENTIAL, 0.01, 0.1))
                .hasMessageContaining("'autolr' needs at least 3 groups");
    }

    @Test
    void minaTrainsWholeLevelsOfTheChosenReading() {
        // I2: the top of the U is shallowest, and blocks on one level move together
        GroupPlan top2 = Methods.parse("mina:I2:2").plan(UNET, UNET_READINGS, 0.01, 0.1);
        assertThat(frozen(top2)).containsExactly(false, false, true, true, true, false, false, false);
        GroupPlan deep1 = Methods.parse("mina:I2:-1").plan(UNET, UNET_READINGS, 0.01, 0.1);
        assertThat(frozen(deep1)).containsExactly(true, true, true, false, true, true, true, true);
        // I1: data-flow order
        GroupPlan first3 = Methods.parse("mina:I1:3").plan(UNET, UNET_READINGS, 0.01, 0.1);
        assertThat(frozen(first3)).containsExactly(false, false, false, true, true, true, true, true);
        GroupPlan lastTwo = Methods.parse("mina:I1:-2").plan(UNET, UNET_READINGS, 0.01, 0.1);
        assertThat(frozen(lastTwo)).containsExactly(true, true, true, true, true, true, false, false);
        assertThat(lastTwo.initialLrs()[7]).isEqualTo(0.01);
        assertThat(lastTwo.initialLrs()[6]).isEqualTo(0.001);
    }

    @Test
    void minaNeedsItsReadingAndAFittingCount() {
        assertThat(frozen(Methods.parse("mina:I1:2").plan(RESNET, SEQUENTIAL, 0.01, 0.1)))
                .containsExactly(false, false, true, true, true, true, true, true, true, true);
        assertThatThrownBy(() -> Methods.parse("mina:I2:2").plan(RESNET, SEQUENTIAL, 0.01, 0.1))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("needs the depth reading 'I2', which the model does not have (readings: [I1])");
        assertThatThrownBy(() -> Methods.parse("mina:I2:5").plan(UNET, UNET_READINGS, 0.01, 0.1))
                .hasMessageContaining("reading 'I2' has 4, so K must lie in 1..4 or -4..-1");
        assertThatThrownBy(() -> Methods.parse("mina:I1:0").plan(UNET, UNET_READINGS, 0.01, 0.1))
                .hasMessageContaining("K must lie in 1..8");
        assertThatThrownBy(() -> Methods.parse("mina:I3:1").plan(UNET, UNET_READINGS, 0.01, 0.1))
                .hasMessageContaining("readings: [I1, I2]");
    }

    @Test
    void autoLrSpellsItsOwnConstants() {
        Method m = Methods.parse("autolr:threshold=0.5:max-trials=3");
        assertThat(m).isEqualTo(new AutoLr(AutoLrSettings.defaults().with("threshold", 0.5).with("max-trials", 3)));
        assertThat(m.spec()).isEqualTo("autolr:threshold=0.5:max-trials=3");
        assertThat(Methods.parse(m.spec())).isEqualTo(m);
        assertThat(m.options()).isEqualTo(new AutoLrSettings(0.5, 0.99, 0.8, 2.0, 0.4, 0.5, 3));
        assertThat(new AutoLr().spec()).isEqualTo("autolr");
        assertThat(new AutoLr().options()).isEqualTo(AutoLrSettings.defaults());
        assertThat(new MetaLr().options()).as("no options beyond the run's rule").isNull();
        assertThatThrownBy(() -> Methods.parse("autolr:speed=2")).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("'speed=2' is not an option of autolr; expected NAME=VALUE with NAME one of"
                        + " threshold, threshold-decay, threshold-floor, low-target, high-target, stem-factor, max-trials");
        assertThatThrownBy(() -> Methods.parse("autolr:threshold=1:threshold=0.5")).hasMessageContaining("sets threshold twice");
        assertThatThrownBy(() -> Methods.parse("autolr:threshold=high")).hasMessageContaining("threshold 'high' is not a number");
        assertThatThrownBy(() -> Methods.parse("autolr:threshold=2")).isInstanceOf(InvalidConfigException.class)
                .extracting(e -> ((InvalidConfigException) e).setting()).isEqualTo("autolr-threshold");
        assertThatThrownBy(() -> Methods.parse("autolr:max-trials=2.5")).hasMessageContaining("'autolr-max-trials'");
        assertThatThrownBy(() -> Methods.parse("autolr:")).hasMessageContaining("is not an option of autolr");
    }

    @Test
    void theComparisonsDefaultsComeFromTheKindsInTheirOrder() {
        assertThat(Methods.comparisonDefaults(RESNET, SEQUENTIAL, false)).containsExactly("last", "all", "layerwise:3",
                "bidir:2-6", "autolr", "llrd:0.8", "metalr");
        assertThat(Methods.comparisonDefaults(UNET, UNET_READINGS, true)).containsExactly("all", "mina:I1:4",
                "mina:I2:2", "metalr");
        // two groups: no bi-directional setting
        assertThat(Methods.comparisonDefaults(RESNET.subList(8, 10), SEQUENTIAL, false)).containsExactly("last", "all",
                "layerwise:1", "autolr", "llrd:0.8", "metalr");
        for (String spec : Methods.comparisonDefaults(RESNET, SEQUENTIAL, false)) {
            assertThat(Methods.parse(spec).spec()).isEqualTo(spec);
        }
    }

    @Test
    void theFormsListEveryKindInThePapersOrder() {
        assertThat(String.join(", ", Methods.forms())).startsWith("last, all, all:RATE, layerwise:K, bidir:M-N, autolr, mina:I1:K,"
                + " mina:I2:K, mina:I1:-K, mina:I2:-K, llrd:DECAY, metalr");
        assertThat(Methods.registry().names()).contains("all", "autolr", "bidir", "last", "layerwise", "llrd", "metalr",
                "mina");
        assertThatThrownBy(() -> Methods.parse("last:3")).hasMessageStartingWith(
                "invalid setting 'method': malformed method 'last:3'; expected one of last, all,");
    }

    @Test
    void metalrSpellingOptionsGoOverTheRunsRuleInACanonicalOrder() {
        Method m = Methods.parse("metalr:every=4:lookahead=optimizer:rule=paper:ceiling=10x:floor=0.01x:update=log");
        assertThat(m.spec()).isEqualTo("metalr:rule=paper:lookahead=optimizer:update=log:floor=0.01x:ceiling=10.0x:every=4");
        MethodSettings run = new MethodSettings(OptimizerConfig.Adam.withWeightDecay(1e-4),
                LrRule.official().withHyperLr(0.2).withNormalize(LrRule.Normalize.COSINE));
        LrRule rule = m.settings(run).rule();
        // rule=paper resets the look-ahead's sign, the bounds and the hold; the other options stay the run's
        assertThat(rule.name()).isEqualTo("paper");
        assertThat(rule.lookAhead()).isEqualTo(LrRule.LookAhead.DESCENT);
        assertThat(rule.holdLastEpochs()).isZero();
        assertThat(rule.hyperLr()).isEqualTo(0.2);
        assertThat(rule.normalize()).isEqualTo(LrRule.Normalize.COSINE);
        assertThat(rule.direction()).isEqualTo(LrRule.Direction.OPTIMIZER);
        assertThat(rule.update()).isEqualTo(LrRule.Update.LOG);
        assertThat(rule.floorRelative() && rule.ceilingRelative()).isTrue();
        assertThat(rule.floor(1e-3)).isEqualTo(0.01 * 1e-3);
        assertThat(rule.metaEvery()).isEqualTo(4);
        // without options the run's rule is the method's
        assertThat(Methods.parse("metalr").settings(run)).isEqualTo(run);
        assertThat(Methods.parse("metalr").options()).isNull();
    }

    @Test
    void aSpellingsRuleIsThatNamedRuleWithOnlyWhatTheUserSetOverTheRunsRule() {
        OptimizerConfig adam = OptimizerConfig.Adam.withWeightDecay(1e-4);
        Method official = Methods.parse("metalr:rule=official");
        // the run's rule at its own settings: nothing of it travels but eta
        assertThat(official.settings(new MethodSettings(adam, LrRule.cosine(0.1))).rule()).isEqualTo(LrRule.official());
        assertThat(official.settings(new MethodSettings(adam, LrRule.cosine(0.3))).rule())
                .isEqualTo(LrRule.official().withHyperLr(0.3));
        // an option given explicitly travels, even where it equals the run's named rule's own
        MethodSettings cosineGiven = new MethodSettings(adam, LrRule.cosine(0.1), Map.of("normalize", "cosine"));
        assertThat(official.settings(cosineGiven).rule())
                .isEqualTo(LrRule.official().withNormalize(LrRule.Normalize.COSINE));
        assertThat(official.settings(cosineGiven).ruleOptions()).containsExactly(Map.entry("normalize", "cosine"));
        // a rule built in code gives the fields where it differs from its named rule
        MethodSettings coded = new MethodSettings(adam, LrRule.cosine(0.1).withMetaEvery(3).withHoldLastEpochs(2));
        assertThat(coded.ruleOptions()).containsExactly(Map.entry("hold", "2"), Map.entry("every", "3"));
        assertThat(Methods.parse("metalr:rule=paper:hold=1").settings(coded).rule())
                .isEqualTo(LrRule.paper(0.1).withMetaEvery(3).withHoldLastEpochs(1));
        // without rule= the spelling goes over the run's rule as it is
        assertThat(Methods.parse("metalr").settings(coded)).isEqualTo(coded);
        // options that do not give the rule are refused
        assertThatThrownBy(() -> new MethodSettings(adam, LrRule.official(), Map.of("normalize", "cosine")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not give");
    }

    @Test
    void badMetalrOptionsNameTheMethodAndWhatWasExpected() {
        assertThatThrownBy(() -> Methods.parse("metalr:speed=2")).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("'speed=2' is not an option of metalr; expected NAME=VALUE with NAME one of rule,"
                        + " eta, hold, lookahead, normalize, update, floor, ceiling, every");
        assertThatThrownBy(() -> Methods.parse("metalr:every=2:every=3")).hasMessageContaining("sets every twice");
        assertThatThrownBy(() -> Methods.parse("metalr:every=0")).hasMessageContaining("every must be at least 1");
        assertThatThrownBy(() -> Methods.parse("metalr:lookahead=adam"))
                .hasMessageContaining("lookahead must be one of gradient, optimizer, got 'adam'");
        assertThatThrownBy(() -> Methods.parse("metalr:rule=fast")).hasMessageContaining("rule must be one of paper,");
        assertThatThrownBy(() -> Methods.parse("metalr:floor=2x")).hasMessageContaining("must contain the initial rate");
        assertThatThrownBy(() -> Methods.parse("metalr:eta=x")).hasMessageContaining("eta 'x' is not a number");
        // a floor above the run's absolute ceiling is found when the options meet the run's rule
        MethodSettings run = new MethodSettings(OptimizerConfig.Sgd.plain(), LrRule.official());
        assertThatThrownBy(() -> Methods.parse("metalr:floor=0.5").settings(run))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("'method'")
                .hasMessageContaining("floor <= ceiling");
    }

    @Test
    void metalrRefusesInitialRatesOutsideItsRelativeOrAbsoluteBounds() {
        GroupPlan plan = Methods.parse("metalr").plan(RESNET, SEQUENTIAL, 0.1, 0.01);
        MethodSettings run = new MethodSettings(OptimizerConfig.Sgd.plain(), LrRule.official());
        // official's absolute ceiling 1e-2 refuses the classifier's 0.1; relative bounds contain any start
        assertThatThrownBy(() -> Methods.parse("metalr").check(plan, run)).hasMessageContaining("'lr'")
                .hasMessageContaining("group 'fc' at 0.1, outside the rule 'official''s bounds [1.0E-6, 0.01]");
        Method relative = Methods.parse("metalr:floor=0.01x:ceiling=10x");
        relative.check(plan, relative.settings(run));
    }
}
