package org.metalr.train.method;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.metalr.api.DepthOrder;
import org.metalr.api.ParamGroup;

/**
 * {@code bidir:M-N} (the paper's bi-directional fine-tuning): groups M..N frozen, both ends trained at
 * the standard rates, {@code 1 <= M <= N < d}.
 *
 * @param m the first frozen group, from 1
 * @param n the last frozen group
 */
public record Bidirectional(int m, int n) implements Method {

    @Override
    public String spec() {
        return "bidir:" + m + "-" + n;
    }

    @Override
    public GroupPlan plan(List<ParamGroup> groups, List<DepthOrder> readings, double lr, double backboneScale) {
        int d = groups.size();
        if (m < 1 || m > n || n > d - 1) {
            throw new InvalidConfigException("method", "'" + spec() + "' freezes groups " + m + ".." + n
                    + "; expected 1 <= M <= N <= " + (d - 1) + " (the model has " + d + " groups: "
                    + GroupPlan.names(groups) + ")");
        }
        return GroupPlan.freezing(groups, m, n, lr, backboneScale);
    }

    /** The registry's entry. */
    public static final class Kind extends MethodKind.Base {
        private static final Pattern FORM = Pattern.compile("bidir:(\\d+)-(\\d+)");

        public Kind() {
            super("bidir", 40, "groups M..N frozen, the shallowest and the deepest trained (the paper's bi-directional fine-tuning)", "bidir:M-N");
        }

        @Override
        public Method parse(String spec) {
            Matcher m = FORM.matcher(spec);
            if (!m.matches()) {
                throw Methods.malformed(spec);
            }
            return new Bidirectional(Methods.count(m.group(1), spec), Methods.count(m.group(2), spec));
        }

        /** {@code bidir:2-N}, N = d-1-K with layerwise's K: the stem and the deepest groups train (d >= 3). */
        @Override
        public List<String> comparisonDefaults(List<ParamGroup> groups, List<DepthOrder> readings,
                boolean segmentation) {
            int d = groups.size();
            if (segmentation || d < 3) {
                return List.of();
            }
            return List.of("bidir:2-" + Math.max(2, d - 1 - Layerwise.comparisonK(d)));
        }
    }
}
