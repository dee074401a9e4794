package org.metalr.train.method;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.metalr.api.DepthOrder;
import org.metalr.api.Differentiable;
import org.metalr.api.ParamGroup;
import org.metalr.api.net.Network;

/**
 * A fine-tuning method of the paper's comparison, as a policy over a model's {@code d} parameter
 * groups (depth order, group 1 the shallowest, group {@code d} the classifier). Immutable values,
 * parsed from the command line's spelling by {@link #parse}:
 * <ul>
 *   <li>{@code last}: only group {@code d} trains;</li>
 *   <li>{@code all}: every group trains at one learning rate, {@code lr};</li>
 *   <li>{@code layerwise:K} (Tajbakhsh et al. 2016): groups 1..K frozen, {@code 1 <= K < d};</li>
 *   <li>{@code bidir:M-N} (the paper): groups M..N frozen, {@code 1 <= M <= N < d};</li>
 *   <li>{@code autolr} (Ro and Choi 2021): every group trains; rates re-set after each epoch
 *       ({@link AutoLrRule});</li>
 *   <li>{@code mina:I1:K}, {@code mina:I2:K} (Mina et al. 2020): only the K shallowest levels of depth
 *       reading I1 or I2 train; {@code mina:I1:-K}, {@code mina:I2:-K}: only the K deepest. Groups on
 *       one level move together;</li>
 *   <li>{@code llrd:DECAY} (layer-wise rate decay as timm and ELECTRA use it): every group trains,
 *       group {@code j} at {@code lr * DECAY^(d - j)};</li>
 *   <li>{@code metalr}: every group trains; rates learned online by MetaLR.</li>
 * </ul>
 * Initial rates, unless the method says otherwise: {@code backboneLrScale * lr} for groups 1..d-1 and
 * {@code lr} for group {@code d}, the paper's 0.1x for the convolutional groups.
 */
public sealed interface Method {

    /** The method as the command line spells it, e.g. {@code bidir:4-7}; {@link #parse} reads it back. */
    String spec();

    /** Whether the method draws meta-validation batches. */
    default boolean usesMetaValidation() {
        return false;
    }

    /**
     * Applies the method to a model's groups.
     *
     * @param groups         the model's groups, in depth order (frozen flags are replaced)
     * @param readings       the model's readings of depth ({@code I1}, {@code I2}), for {@code mina}
     * @param lr             the base learning rate, positive
     * @param backboneScale  the factor of every group's rate but the last's, positive
     * @throws InvalidConfigException naming {@code method} when the method does not fit the model (a
     *     frozen range outside 1..d-1, an unknown depth reading, too few groups)
     */
    GroupPlan plan(List<ParamGroup> groups, List<DepthOrder> readings, double lr, double backboneScale);

    /**
     * Starts the method on {@code model}: the object that takes its iterations. The model is not owned.
     *
     * @param network the model's description (AutoLR reads which parameters are convolution weights);
     *                null for a user-supplied model, whose convolution weights AutoLR then tells by rank
     * @param plan    this method's {@link #plan} for the model
     */
    default MethodRun start(Differentiable model, Network network, GroupPlan plan, MethodSettings settings) {
        return new PlainRun(model, plan, settings.optimizer());
    }

    /** The expected spellings, for messages and help. */
    String FORMS = "last, all, layerwise:K, bidir:M-N, autolr, mina:I1:K, mina:I2:K, mina:I1:-K, mina:I2:-K, llrd:DECAY, metalr";

    /**
     * Reads a method's spelling.
     *
     * @throws InvalidConfigException naming {@code method} for an unknown name or a malformed argument
     */
    static Method parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidConfigException("method", "no method given; expected one of " + FORMS);
        }
        String s = text.trim();
        switch (s) {
            case "last":
                return new Last();
            case "all":
                return new All();
            case "autolr":
                return new AutoLr();
            case "metalr":
                return new MetaLr();
            default:
                break;
        }
        Matcher m = Pattern.compile("layerwise:(\\d+)").matcher(s);
        if (m.matches()) {
            return new Layerwise(integer(m.group(1), s));
        }
        m = Pattern.compile("bidir:(\\d+)-(\\d+)").matcher(s);
        if (m.matches()) {
            return new Bidirectional(integer(m.group(1), s), integer(m.group(2), s));
        }
        m = Pattern.compile("mina:([^:]+):(-?\\d+)").matcher(s);
        if (m.matches()) {
            return new Mina(m.group(1).toUpperCase(Locale.ROOT), integer(m.group(2), s));
        }
        m = Pattern.compile("llrd:(.+)").matcher(s);
        if (m.matches()) {
            try {
                return new Llrd(Double.parseDouble(m.group(1)));
            } catch (NumberFormatException e) {
                throw new InvalidConfigException("method", "'" + s + "': the decay '" + m.group(1) + "' is not a number");
            }
        }
        String name = s.contains(":") ? s.substring(0, s.indexOf(':')) : s;
        boolean known = Set.of("last", "all", "layerwise", "bidir", "autolr", "mina", "llrd", "metalr").contains(name);
        throw new InvalidConfigException("method", (known ? "malformed method '" : "unknown method '") + s
                + "'; expected one of " + FORMS);
    }

    private static int integer(String digits, String spec) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new InvalidConfigException("method", "'" + spec + "': " + digits + " is not a group count");
        }
    }

    /** Only the last group trains. */
    record Last() implements Method {
        @Override
        public String spec() {
            return "last";
        }

        @Override
        public GroupPlan plan(List<ParamGroup> groups, List<DepthOrder> readings, double lr, double backboneScale) {
            int d = groups.size();
            boolean[] frozen = new boolean[d];
            for (int j = 0; j < d - 1; j++) {
                frozen[j] = true;
            }
            return Plans.of(groups, frozen, Plans.standardLrs(d, lr, backboneScale));
        }
    }

    /** Every group at one learning rate. */
    record All() implements Method {
        @Override
        public String spec() {
            return "all";
        }

        @Override
        public GroupPlan plan(List<ParamGroup> groups, List<DepthOrder> readings, double lr, double backboneScale) {
            double[] lrs = new double[groups.size()];
            Arrays.fill(lrs, lr);
            return Plans.of(groups, new boolean[groups.size()], lrs);
        }
    }

    /** Groups 1..k frozen. */
    record Layerwise(int k) implements Method {
        @Override
        public String spec() {
            return "layerwise:" + k;
        }

        @Override
        public GroupPlan plan(List<ParamGroup> groups, List<DepthOrder> readings, double lr, double backboneScale) {
            int d = groups.size();
            if (k < 1 || k > d - 1) {
                throw new InvalidConfigException("method", "'" + spec() + "' freezes groups 1.." + k
                        + ", outside 1.." + (d - 1) + " (the model has " + d + " groups: " + Plans.names(groups) + ")");
            }
            boolean[] frozen = new boolean[d];
            for (int j = 0; j < k; j++) {
                frozen[j] = true;
            }
            return Plans.of(groups, frozen, Plans.standardLrs(d, lr, backboneScale));
        }
    }

    /** Groups m..n frozen, both ends trained. */
    record Bidirectional(int m, int n) implements Method {
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
                        + Plans.names(groups) + ")");
            }
            boolean[] frozen = new boolean[d];
            for (int j = m - 1; j < n; j++) {
                frozen[j] = true;
            }
            return Plans.of(groups, frozen, Plans.standardLrs(d, lr, backboneScale));
        }
    }

    /**
     * AutoLR (Ro and Choi, AAAI 2021) as the authors' training script runs it: plain fine-tuning
     * through each epoch from a fresh optimizer, then the weight variation of each group since the
     * epoch's start ({@link AutoLrRule}). The epoch stands when the variations of the blocks between
     * the stem (group 1) and the classifier (group d) rise with depth closely enough (rounded rank
     * agreement at least the threshold, which starts at 0.94 and shrinks by 0.99 at the start of each
     * later epoch while above 0.8); otherwise the model goes back to the epoch's starting weights and
     * buffers and the epoch is redone with new rates: each block's {@code lr * target / variation}
     * (targets: a ramp from 2x the smallest to 0.4x the largest variation in the first epoch, the
     * variations made monotone later, kept for the epoch's further retries), the stem's half the first
     * block's, the classifier's its initial rate. A redone pass sees a new shuffle, as the authors'
     * data loader gives it. Initial rates are the standard ones (the authors': 0.001 and 0.01).
     *
     * <p>Where this departs from the authors' code, and why:
     * <ul>
     *   <li>the blocks scored and adjusted are every group between the first and the last; the
     *       authors' script scores a slice fitted to their ResNet-50 variant ({@code weva[1:-3]});</li>
     *   <li>a block's variation covers every convolution weight of its group, projection shortcuts
     *       included (they list conv1..conv3 of each bottleneck); a group without convolutions (the
     *       classifier) uses its linear weights, one without either all its parameters;</li>
     *   <li>an epoch is redone at most {@link AutoLrSettings#maxTrials()} times, the last trial
     *       standing whatever its score: theirs retries without limit, which need not end;</li>
     *   <li>a block that did not move keeps its rate rather than dividing by zero, and a rate below
     *       {@code 1e-6} (from a negative target) is raised to it rather than training backwards;</li>
     *   <li>variations are summed in double precision; the optimizer is the run's (theirs: SGD with
     *       Nesterov momentum), rebuilt fresh for every trial as theirs is; the rate drop at a fixed
     *       epoch of their CUB schedule is a schedule, not AutoLR, and is left out.</li>
     * </ul>
     */
    record AutoLr() implements Method {
        @Override
        public String spec() {
            return "autolr";
        }

        @Override
        public GroupPlan plan(List<ParamGroup> groups, List<DepthOrder> readings, double lr, double backboneScale) {
            int d = groups.size();
            if (d < 3) {
                throw new InvalidConfigException("method", "'autolr' needs at least 3 groups (a stem, blocks to"
                        + " adjust, a classifier); the model has " + d + ": " + Plans.names(groups));
            }
            return Plans.of(groups, new boolean[d], Plans.standardLrs(d, lr, backboneScale));
        }

        @Override
        public MethodRun start(Differentiable model, Network network, GroupPlan plan, MethodSettings settings) {
            return new AutoLrRun(model, network, plan, settings.optimizer(), settings.autoLr());
        }
    }

    /**
     * Mina et al.: only the {@code |k|} shallowest ({@code k > 0}) or deepest ({@code k < 0}) levels of
     * depth reading {@code reading} train.
     */
    record Mina(String reading, int k) implements Method {
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
            if (!inOrder.equals(new HashSet<>(Plans.names(groups)))) {
                throw new IllegalArgumentException("depth reading '" + reading + "' lists groups " + inOrder
                        + " but the model's groups are " + Plans.names(groups));
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
            return Plans.of(groups, frozen, Plans.standardLrs(groups.size(), lr, backboneScale));
        }
    }

    /** Layer-wise learning-rate decay: group j (from 1) at {@code lr * decay^(d - j)}. */
    record Llrd(double decay) implements Method {
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
            return Plans.of(groups, new boolean[d], lrs);
        }
    }

    /** MetaLR: every group's rate learned online from the meta-validation loss. */
    record MetaLr() implements Method {
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
            return Plans.of(groups, new boolean[groups.size()], Plans.standardLrs(groups.size(), lr, backboneScale));
        }

        @Override
        public MethodRun start(Differentiable model, Network network, GroupPlan plan, MethodSettings settings) {
            return new MetaLrRun(model, plan, settings.rule(), settings.optimizer());
        }
    }
}
