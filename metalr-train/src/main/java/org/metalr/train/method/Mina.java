package org.metalr.train.method;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.metalr.api.DepthOrder;
import org.metalr.api.ParamGroup;

/**
 * {@code mina:I1:K}, {@code mina:I2:K} (Mina et al. 2020): only the {@code K} shallowest levels of depth
 * reading {@code I1} or {@code I2} train; {@code mina:I1:-K}, {@code mina:I2:-K}: only the {@code K}
 * deepest. Groups on one level move together; the trained ones start at the standard rates.
 *
 * @param reading the reading of depth, by name
 * @param k       levels trained: the shallowest if positive, the deepest if negative
 */
public record Mina(String reading, int k) implements Method {

    @Override
    public String spec() {
        return "mina:" + reading + ":" + k;
    }

    @Override
    public GroupPlan plan(List<ParamGroup> groups, List<DepthOrder> readings, double lr, double backboneScale) {
        List<String> available = new ArrayList<>();
        DepthOrder order = null;
        for (DepthOrder r : readings) {
            available.add(r.name());
            if (r.name().equals(reading)) {
                order = r;
            }
        }
        if (order == null) {
            throw new InvalidConfigException("method", "'" + spec() + "' needs the depth reading '" + reading
                    + "', which the model does not have (readings: " + (available.isEmpty() ? "none" : available)
                    + "); Mina et al.'s two readings belong to U-Nets");
        }
        Set<String> inOrder = new HashSet<>();
        order.levels().forEach(inOrder::addAll);
        if (!inOrder.equals(new HashSet<>(GroupPlan.names(groups)))) {
            throw new IllegalArgumentException("depth reading '" + reading + "' lists groups " + inOrder
                    + " but the model's groups are " + GroupPlan.names(groups));
        }
        int depth = order.depth();
        if (k == 0 || Math.abs(k) > depth) {
            throw new InvalidConfigException("method", "'" + spec() + "' trains " + Math.abs(k) + " levels; reading '"
                    + reading + "' has " + depth + ", so K must lie in 1.." + depth + " or -" + depth + "..-1");
        }
        Set<String> trained = new HashSet<>(k > 0 ? order.shallowest(k) : order.deepest(-k));
        boolean[] frozen = new boolean[groups.size()];
        for (int j = 0; j < frozen.length; j++) {
            frozen[j] = !trained.contains(groups.get(j).name());
        }
        return GroupPlan.of(groups, frozen, GroupPlan.standardLrs(groups.size(), lr, backboneScale));
    }

    /** The registry's entry. */
    public static final class Kind extends MethodKind.Base {
        private static final Pattern FORM = Pattern.compile("mina:([^:]+):(-?\\d+)");

        public Kind() {
            super("mina", 60, "only the K shallowest (-K: deepest) levels of reading I1 or I2 train (Mina et al. 2020, U-Nets)", "mina:I1:K", "mina:I2:K", "mina:I1:-K", "mina:I2:-K");
        }

        @Override
        public Method parse(String spec) {
            Matcher m = FORM.matcher(spec);
            if (!m.matches()) {
                throw Methods.malformed(spec);
            }
            return new Mina(m.group(1).toUpperCase(Locale.ROOT), Methods.count(m.group(2), spec));
        }

        /** For a segmentation network, the shallowest half of each reading's levels: {@code mina:I1:4}, {@code mina:I2:2}. */
        @Override
        public List<String> comparisonDefaults(List<ParamGroup> groups, List<DepthOrder> readings,
                boolean segmentation) {
            if (!segmentation) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (DepthOrder r : readings) {
                if (r.depth() >= 2) {
                    out.add("mina:" + r.name() + ":" + r.depth() / 2);
                }
            }
            return out;
        }
    }
}
