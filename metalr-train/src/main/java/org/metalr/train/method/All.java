package org.metalr.train.method;

import java.util.Arrays;
import java.util.List;
import org.metalr.api.DepthOrder;
import org.metalr.api.ParamGroup;

/**
 * {@code all}, {@code all:RATE}: every group trains at one learning rate, the rate a practitioner
 * fine-tunes a pre-trained network with. Without {@code RATE} it is the backbone's rate,
 * {@code backboneLrScale * lr} (1e-3 with the defaults), not the classifier's: Adam at 1e-2 on every
 * layer wrecks pre-trained features, which made {@code all} look worse than any careful method.
 *
 * @param rate the one rate, or {@code null} for the backbone's
 */
public record All(Double rate) implements Method {

    /** @throws InvalidConfigException naming {@code method} for a rate that is not positive and finite */
    public All {
        if (rate != null && !(rate > 0 && Double.isFinite(rate))) {
            throw new InvalidConfigException("method", "'all:" + rate + "': the rate must be positive and finite");
        }
    }

    /** {@code all}: every group at the backbone's rate. */
    public All() {
        this(null);
    }

    @Override
    public String spec() {
        return rate == null ? "all" : "all:" + rate;
    }

    @Override
    public GroupPlan plan(List<ParamGroup> groups, List<DepthOrder> readings, double lr, double backboneScale) {
        double[] lrs = new double[groups.size()];
        Arrays.fill(lrs, rate == null ? backboneScale * lr : rate);
        return GroupPlan.of(groups, new boolean[groups.size()], lrs);
    }

    /** The registry's entry. */
    public static final class Kind extends MethodKind.Base {
        private static final String PREFIX = "all:";

        public Kind() {
            super("all", 20, "every group trains at one rate: RATE, or the backbone's (backbone-lr-scale * lr)",
                    "all", "all:RATE");
        }

        @Override
        public Method parse(String spec) {
            if (spec.equals(name())) {
                return new All();
            }
            if (!spec.startsWith(PREFIX) || spec.length() == PREFIX.length()) {
                throw Methods.malformed(spec);
            }
            String rate = spec.substring(PREFIX.length());
            try {
                return new All(Double.parseDouble(rate));
            } catch (NumberFormatException e) {
                throw new InvalidConfigException("method", "'" + spec + "': the rate '" + rate + "' is not a number");
            }
        }

        @Override
        public List<String> comparisonDefaults(List<ParamGroup> groups, List<DepthOrder> readings,
                boolean segmentation) {
            return List.of("all");
        }
    }
}
