package org.metalr.train.method;

import java.util.Arrays;
import java.util.List;
import org.metalr.api.DepthOrder;
import org.metalr.api.ParamGroup;

/** {@code all}: every group trains at one learning rate, {@code lr}. */
public record All() implements Method {

    @Override
    public String spec() {
        return "all";
    }

    @Override
    public GroupPlan plan(List<ParamGroup> groups, List<DepthOrder> readings, double lr, double backboneScale) {
        double[] lrs = new double[groups.size()];
        Arrays.fill(lrs, lr);
        return GroupPlan.of(groups, new boolean[groups.size()], lrs);
    }

    /** The registry's entry. */
    public static final class Kind extends MethodKind.Base {
        public Kind() {
            super("all", 20, "every group trains at one learning rate, lr", "all");
        }

        @Override
        public Method parse(String spec) {
            return bare(spec, All::new);
        }

        @Override
        public List<String> comparisonDefaults(List<ParamGroup> groups, List<DepthOrder> readings,
                boolean segmentation) {
            return List.of("all");
        }
    }
}
