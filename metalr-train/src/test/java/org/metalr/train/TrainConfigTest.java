package org.metalr.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.metalr.api.DType;
import org.metalr.api.LrRule;
import org.metalr.api.OptimizerConfig;
import org.metalr.train.method.MetaLr;

/** The defaults of a run's settings, and their form in config.json. */
class TrainConfigTest {

    @Test
    void defaultsAreThePapersReleasedSetting() {
        TrainConfig c = TrainConfig.builder().build();
        assertThat(c.method()).isEqualTo(new MetaLr());
        assertThat(c.epochs()).isEqualTo(20);
        assertThat(c.batchSize()).isEqualTo(32);
        assertThat(c.evalBatchSize()).isEqualTo(64);
        assertThat(c.maxIters()).isZero();
        assertThat(c.lr()).isEqualTo(0.01);
        assertThat(c.backboneLrScale()).isEqualTo(0.1);
        assertThat(c.optimizer()).isEqualTo(new OptimizerConfig.Adam(0.9, 0.999, 1e-8, 1e-4));
        assertThat(c.rule()).isEqualTo(LrRule.official());
        assertThat(c.seed()).isZero();
        assertThat(c.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(c.checkpointEvery()).isZero();
        assertThat(c.evaluation()).isEqualTo(EvalSettings.defaults());
        assertThat(c.toBuilder().build()).isEqualTo(c);
    }

    @Test
    @SuppressWarnings("unchecked")
    void settingsSpellEveryValueOut() {
        TrainConfig c = TrainConfig.builder().method("bidir:2-5").rule(LrRule.paper(1e-5))
                .optimizer(new OptimizerConfig.Sgd(0.9, 0, true, 5e-4)).seed(7).build();
        Map<String, Object> s = c.settings();
        assertThat(s).containsEntry("method", "bidir:2-5").containsEntry("seed", 7L).containsEntry("dtype", "float32");
        assertThat(s.keySet()).containsExactly("method", "epochs", "batchSize", "evalBatchSize", "maxIters", "lr",
                "backboneLrScale", "optimizer", "rule", "seed", "dtype", "checkpointEvery", "evalEvery", "valCases",
                "evalTile", "evalMemoryMiB", "evalSkipBelow");
        assertThat(s).containsEntry("evalEvery", 1).containsEntry("valCases", 0).containsEntry("evalTile", "auto")
                .containsEntry("evalMemoryMiB", 2048L).containsEntry("evalSkipBelow", "off");
        assertThat((Map<String, Object>) s.get("optimizer")).containsEntry("name", "sgd").containsEntry("nesterov", true)
                .containsEntry("weightDecay", 5e-4);
        assertThat((Map<String, Object>) s.get("rule")).containsEntry("name", "paper").containsEntry("lookAhead", "descent")
                .containsEntry("update", "additive").containsEntry("hyperLr", 1e-5).containsEntry("ceiling", "none");
    }

    @Test
    @SuppressWarnings("unchecked")
    void configJsonRecordsTheRuleTheMethodResolvesFromTheRunsAndItsSpelling() {
        TrainConfig c = TrainConfig.builder().method("metalr:lookahead=optimizer:floor=0.01x:ceiling=10x:every=4")
                .rule(LrRule.official().withNormalize(LrRule.Normalize.COSINE)).build();
        Map<String, Object> s = c.settings();
        assertThat(s).containsEntry("method", "metalr:lookahead=optimizer:floor=0.01x:ceiling=10.0x:every=4");
        assertThat((Map<String, Object>) s.get("methodOptions")).containsEntry("every", "4");
        assertThat((Map<String, Object>) s.get("rule")).containsEntry("name", "official")
                .containsEntry("lookAhead", "ascent").containsEntry("update", "multiplicative")
                .containsEntry("direction", "optimizer").containsEntry("normalize", "cosine")
                .containsEntry("floor", 0.01).containsEntry("floorRelative", true).containsEntry("ceiling", 10.0)
                .containsEntry("ceilingRelative", true).containsEntry("bounds", "0.01x,10.0x")
                .containsEntry("metaEvery", 4).containsEntry("holdLastEpochs", 5);
        assertThat(c.methodSettings().rule().metaEvery()).isEqualTo(4);
    }
}
