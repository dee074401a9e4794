package org.metalr.train.method;

import java.util.Objects;
import org.metalr.api.LrRule;
import org.metalr.api.OptimizerConfig;

/**
 * The settings a {@link Method} runs with besides its groups and initial rates.
 *
 * @param optimizer the real optimizer of every method
 * @param rule      MetaLR's learning-rate rule (used by {@code metalr} only)
 * @param autoLr    AutoLR's settings (used by {@code autolr} only)
 */
public record MethodSettings(OptimizerConfig optimizer, LrRule rule, AutoLrSettings autoLr) {

    public MethodSettings {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(autoLr, "autoLr");
    }
}
