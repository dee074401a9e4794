package org.metalr.train.method;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * @param ruleOptions what the user set over the rule's named rule ({@link LrRule#named} of its name and
 *                  hyper step size), option to value as a spelling writes them ({@link MetaLrOptions}): what a
 *                  spelling's {@code rule=NAME} keeps of the run's rule; applied to the named rule they give
 *                  {@code rule} (empty for a rule whose name is not a named rule's)
 */
public record MethodSettings(OptimizerConfig optimizer, LrRule rule, Map<String, String> ruleOptions) {

    /** @throws IllegalArgumentException when {@code ruleOptions} over the named rule do not give {@code rule} */
    public MethodSettings {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(rule, "rule");
        Map<String, String> ordered = new LinkedHashMap<>();
        for (String option : MetaLrOptions.OPTIONS) {
            if (ruleOptions.containsKey(option) && !option.equals("rule") && !option.equals("eta")) {
                ordered.put(option, ruleOptions.get(option));
            }
        }
        if (MetaLrOptions.RULES.contains(rule.name())
                && !MetaLrOptions.applyAll(LrRule.named(rule.name(), rule.hyperLr()), ordered, "rule").equals(rule)) {
            throw new IllegalArgumentException("options " + ordered + " over rule '" + rule.name() + "' do not give "
                    + rule);
        }
        ruleOptions = Collections.unmodifiableMap(ordered);
    }

    /** {@code rule} with the options where it differs from its named rule ({@link MetaLrOptions#given}). */
    public MethodSettings(OptimizerConfig optimizer, LrRule rule) {
        this(optimizer, rule, MetaLrOptions.given(rule));
    }
}
