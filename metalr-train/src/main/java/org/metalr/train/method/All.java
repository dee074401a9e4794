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
    public static final class Kind implements MethodKind {
        @Override
        public String name() {
            return "all";
        }

        @Override
        public String summary() {
            return "every group trains at one learning rate, lr";
        }

        @Override
        public List<String> forms() {
            return List.of("all");
        }

        @Override
        public int order() {
            return 20;
        }

        @Override
        public Method parse(String spec) {
            if (!spec.equals(name())) {
                throw Methods.malformed(spec);
            }
            return new All();
        }

        @Override
        public List<String> comparisonDefaults(List<ParamGroup> groups, List<DepthOrder> readings,
                boolean segmentation) {
            return List.of("all");
        }
    }
}
