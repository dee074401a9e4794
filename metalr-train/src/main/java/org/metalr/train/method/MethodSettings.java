package org.metalr.train.method;

import java.util.Objects;
import org.metalr.api.LrRule;
import org.metalr.api.OptimizerConfig;

/**
 * The run's settings a {@link Method} runs with besides its own (which its spelling carries), its groups
 * and initial rates.
 *
 * @param optimizer the real optimizer of every method
 * @param rule      MetaLR's learning-rate rule (the command's {@code --rule}, {@code --hyper-lr},
 *                  {@code --hold-last-epochs}, {@code --lookahead}, {@code --hyper-normalize},
 *                  {@code --lr-bounds}, {@code --lr-update}, {@code --meta-every}; a method's
 *                  {@link Method#settings} may put its own options over it); methods that do not learn
 *                  rates ignore it
 */
public record MethodSettings(OptimizerConfig optimizer, LrRule rule) {

    public MethodSettings {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(rule, "rule");
    }
}
