package org.metalr.train.method;

import java.util.List;
import org.metalr.api.DepthOrder;
import org.metalr.api.Differentiable;
import org.metalr.api.LrRule;
import org.metalr.api.ParamGroup;
import org.metalr.api.net.Network;

/**
 * {@code metalr}: every group trains at the standard initial rates, each group's rate learned online
 * from the meta-validation loss by {@link org.metalr.core.MetaLrStep} under the run's
 * {@link MethodSettings#rule()}; one meta-validation batch per iteration.
 */
public record MetaLr() implements Method {

    @Override
    public String spec() {
        return "metalr";
    }

    @Override
    public boolean usesMetaValidation() {
        return true;
    }

    @Override
    public GroupPlan plan(List<ParamGroup> groups, List<DepthOrder> readings, double lr, double backboneScale) {
        return GroupPlan.standard(groups, lr, backboneScale);
    }

    /** @throws InvalidConfigException naming {@code lr} when an initial rate lies outside the rule's bounds */
    @Override
    public void check(GroupPlan plan, MethodSettings settings) {
        LrRule rule = settings.rule();
        double[] lrs = plan.initialLrs();
        for (int j = 0; j < lrs.length; j++) {
            if (!(lrs[j] >= rule.floor() && lrs[j] <= rule.ceiling())) {
                throw new InvalidConfigException("lr", "MetaLR would start group '" + plan.groups().get(j).name()
                        + "' at " + lrs[j] + ", outside the rule '" + rule.name() + "''s bounds [" + rule.floor()
                        + ", " + rule.ceiling() + "]; change lr or backbone-lr-scale");
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
            super("metalr", 80, "every group's rate learned online from the meta-validation loss (MetaLR; --rule, --hyper-lr)", "metalr");
        }

        @Override
        public Method parse(String spec) {
            return bare(spec, MetaLr::new);
        }

        @Override
        public List<String> comparisonDefaults(List<ParamGroup> groups, List<DepthOrder> readings,
                boolean segmentation) {
            return List.of("metalr");
        }
    }
}
