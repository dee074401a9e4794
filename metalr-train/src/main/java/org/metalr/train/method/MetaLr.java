package org.metalr.train.method;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metalr.api.DepthOrder;
import org.metalr.api.Differentiable;
import org.metalr.api.LrRule;
import org.metalr.api.ParamGroup;
import org.metalr.api.net.Network;

/**
 * {@code metalr}, {@code metalr:NAME=VALUE:...}: every group trains at the standard initial rates, each
 * group's rate learned online from the meta-validation loss by {@link org.metalr.core.MetaLrStep}; one
 * meta-validation batch per iteration that learns the rates.
 *
 * <p>The rule is the run's ({@link MethodSettings#rule()}: the command's {@code --rule},
 * {@code --hyper-lr}, {@code --lookahead}, ...) with the spelling's options over it
 * ({@link MetaLrOptions}, in {@link MetaLrOptions#OPTIONS} order, {@code rule} first). A spelling's
 * {@code rule=NAME} replaces the run's rule with that named rule, keeping of the run's only its hyper step
 * size and what the user set explicitly ({@link MethodSettings#ruleOptions}): {@code metalr:rule=official}
 * is the released rule under the command's defaults, whatever the default rule. So that one
 * comparison runs several variants side by side: {@code metalr:rule=paper:lookahead=optimizer},
 * {@code metalr:normalize=cosine:update=log:floor=0.01x:ceiling=10x}, {@code metalr:every=4}.
 *
 * @param overrides the spelling's options, option to value as a spelling writes it back, in
 *                {@link MetaLrOptions#OPTIONS} order
 */
public record MetaLr(Map<String, String> overrides) implements Method {

    /** A permissive rule each option is read against when spelled, to check its form alone. */
    private static final LrRule FORM = new LrRule("form", LrRule.LookAhead.DESCENT, LrRule.Update.ADDITIVE, 1,
            Double.MIN_NORMAL, Double.POSITIVE_INFINITY, 0);

    public MetaLr {
        Map<String, String> sorted = new LinkedHashMap<>();
        for (String option : MetaLrOptions.OPTIONS) {
            if (overrides.containsKey(option)) {
                sorted.put(option, MetaLrOptions.apply(FORM, option, overrides.get(option), "method").spelled());
            }
        }
        for (String key : overrides.keySet()) {
            MetaLrOptions.apply(FORM, key, overrides.get(key), "method"); // an unknown option: its error
        }
        overrides = Collections.unmodifiableMap(sorted);
    }

    /** {@code metalr}: the run's rule as it is. */
    public MetaLr() {
        this(Map.of());
    }

    @Override
    public String spec() {
        StringBuilder sb = new StringBuilder("metalr");
        overrides.forEach((k, v) -> sb.append(':').append(k).append('=').append(v));
        return sb.toString();
    }

    /** The spelling's options, for {@code config.json}'s {@code methodOptions} (whose {@code rule} holds the result); null without any. */
    @Override
    public Object options() {
        return overrides.isEmpty() ? null : overrides;
    }

    @Override
    public boolean usesMetaValidation() {
        return true;
    }

    @Override
    public GroupPlan plan(List<ParamGroup> groups, List<DepthOrder> readings, double lr, double backboneScale) {
        return GroupPlan.standard(groups, lr, backboneScale);
    }

    /** The run's settings with this spelling's options over its rule. */
    @Override
    public MethodSettings settings(MethodSettings run) {
        LrRule rule = run.rule();
        Map<String, String> given = new LinkedHashMap<>(run.ruleOptions());
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            rule = MetaLrOptions.apply(rule, e.getKey(), e.getValue(), "method").rule();
            if (e.getKey().equals("rule")) {
                rule = MetaLrOptions.applyAll(rule, run.ruleOptions(), "method"); // what the user set stays
            } else if (!e.getKey().equals("eta")) {
                given.put(e.getKey(), e.getValue());
            }
        }
        return new MethodSettings(run.optimizer(), rule, given);
    }

    /** @throws InvalidConfigException naming {@code lr} when an initial rate lies outside the rule's bounds */
    @Override
    public void check(GroupPlan plan, MethodSettings settings) {
        LrRule rule = settings.rule();
        double[] lrs = plan.initialLrs();
        for (int j = 0; j < lrs.length; j++) {
            if (!(lrs[j] >= rule.floor(lrs[j]) && lrs[j] <= rule.ceiling(lrs[j]))) {
                throw new InvalidConfigException("lr", "MetaLR would start group '" + plan.groups().get(j).name()
                        + "' at " + lrs[j] + ", outside the rule '" + rule.name() + "''s bounds " + rule.bounds(lrs[j])
                        + "; change lr or backbone-lr-scale");
            }
        }
    }

    @Override
    public MethodRun start(Differentiable model, Network network, GroupPlan plan, MethodSettings settings) {
        return new MetaLrRun(model, plan, settings.rule(), settings.optimizer());
    }

    /** The registry's entry. */
    public static final class Kind extends MethodKind.Base {
        public Kind() {
            super("metalr", 80, "every group's rate learned online from the meta-validation loss (MetaLR; --rule,"
                    + " --hyper-lr, --lookahead, ...); metalr:NAME=V:... sets " + String.join(", ", MetaLrOptions.OPTIONS)
                    + " for this method", "metalr");
        }

        /** @throws InvalidConfigException naming {@code method} for an unknown, repeated or unreadable option */
        @Override
        public Method parse(String spec) {
            return new MetaLr(Methods.options(spec, name(), MetaLrOptions.OPTIONS));
        }

        @Override
        public List<String> comparisonDefaults(List<ParamGroup> groups, List<DepthOrder> readings,
                boolean segmentation) {
            return List.of("metalr");
        }
    }
}
