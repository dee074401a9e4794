package org.metalr.train.method;

import java.util.List;
import org.metalr.api.DepthOrder;
import org.metalr.api.ParamGroup;

/**
 * {@code llrd:DECAY}: layer-wise learning-rate decay as timm and ELECTRA use it, every group trained,
 * group {@code j} (from 1) at {@code lr * decay^(d - j)}.
 *
 * @param decay the factor between neighbouring groups' rates, positive and finite
 */
public record Llrd(double decay) implements Method {

    /** @throws InvalidConfigException naming {@code method} for a decay that is not positive and finite */
    public Llrd {
        if (!(decay > 0 && Double.isFinite(decay))) {
            throw new InvalidConfigException("method", "'llrd:" + decay + "': the decay must be positive and finite");
        }
    }

    @Override
    public String spec() {
        return "llrd:" + decay;
    }

    @Override
    public GroupPlan plan(List<ParamGroup> groups, List<DepthOrder> readings, double lr, double backboneScale) {
        int d = groups.size();
        double[] lrs = new double[d];
        for (int j = 1; j <= d; j++) {
            lrs[j - 1] = lr * Math.pow(decay, d - j);
        }
        return GroupPlan.of(groups, new boolean[d], lrs);
    }

    /** The registry's entry. */
    public static final class Kind extends MethodKind.Base {
        private static final String PREFIX = "llrd:";

        public Kind() {
            super("llrd", 70, "every group trains, group j at lr * DECAY^(d - j) (layer-wise rate decay)", "llrd:DECAY");
        }

        @Override
        public Method parse(String spec) {
            if (!spec.startsWith(PREFIX) || spec.length() == PREFIX.length()) {
                throw Methods.malformed(spec);
            }
            String decay = spec.substring(PREFIX.length());
            try {
                return new Llrd(Double.parseDouble(decay));
            } catch (NumberFormatException e) {
                throw new InvalidConfigException("method", "'" + spec + "': the decay '" + decay + "' is not a number");
            }
        }

        /** {@code llrd:0.8} for a classifier. */
        @Override
        public List<String> comparisonDefaults(List<ParamGroup> groups, List<DepthOrder> readings,
                boolean segmentation) {
            return segmentation ? List.of() : List.of("llrd:0.8");
        }
    }
}
