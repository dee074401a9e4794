package org.metalr.train.method;

import java.util.List;
import org.metalr.api.DepthOrder;
import org.metalr.api.ParamGroup;

/** {@code last}: only the last group (the classifier) trains, at the standard rates. */
public record Last() implements Method {

    @Override
    public String spec() {
        return "last";
    }

    @Override
    public GroupPlan plan(List<ParamGroup> groups, List<DepthOrder> readings, double lr, double backboneScale) {
        return GroupPlan.freezing(groups, 1, groups.size() - 1, lr, backboneScale);
    }

    /** The registry's entry. */
    public static final class Kind extends MethodKind.Base {
        public Kind() {
            super("last", 10, "only the last group (the classifier) trains", "last");
        }

        @Override
        public Method parse(String spec) {
            return bare(spec, Last::new);
        }

        @Override
        public List<String> comparisonDefaults(List<ParamGroup> groups, List<DepthOrder> readings,
                boolean segmentation) {
            return segmentation ? List.of() : List.of("last");
        }
    }
}
