package org.metalr.train.method;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.metalr.api.DepthOrder;
import org.metalr.api.ParamGroup;

/**
 * {@code layerwise:K} (Tajbakhsh et al. 2016): groups 1..K frozen, {@code 1 <= K < d}, the others at the
 * standard rates.
 *
 * @param k the number of shallowest groups frozen
 */
public record Layerwise(int k) implements Method {

    @Override
    public String spec() {
        return "layerwise:" + k;
    }

    @Override
    public GroupPlan plan(List<ParamGroup> groups, List<DepthOrder> readings, double lr, double backboneScale) {
        int d = groups.size();
        if (k < 1 || k > d - 1) {
            throw new InvalidConfigException("method", "'" + spec() + "' freezes groups 1.." + k
                    + ", outside 1.." + (d - 1) + " (the model has " + d + " groups: " + GroupPlan.names(groups) + ")");
        }
        return GroupPlan.freezing(groups, 1, k, lr, backboneScale);
    }

    /** The registry's entry. */
    public static final class Kind extends MethodKind.Base {
        private static final Pattern FORM = Pattern.compile("layerwise:(\\d+)");

        public Kind() {
            super("layerwise", 30, "groups 1..K frozen (Tajbakhsh et al. 2016)", "layerwise:K");
        }

        @Override
        public Method parse(String spec) {
            Matcher m = FORM.matcher(spec);
            if (!m.matches()) {
                throw Methods.malformed(spec);
            }
            return new Layerwise(Methods.count(m.group(1), spec));
        }

        /** K = ceil((d-1)/3): the shallowest third of the groups below the classifier. */
        @Override
        public List<String> comparisonDefaults(List<ParamGroup> groups, List<DepthOrder> readings,
                boolean segmentation) {
            return segmentation ? List.of() : List.of("layerwise:" + comparisonK(groups.size()));
        }
    }

    /** The K of the comparison's default for {@code d} groups, at least 1. */
    static int comparisonK(int d) {
        return Math.max(1, (d - 1 + 2) / 3);
    }
}
