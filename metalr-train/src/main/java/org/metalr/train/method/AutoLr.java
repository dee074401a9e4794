package org.metalr.train.method;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.metalr.api.DepthOrder;
import org.metalr.api.Differentiable;
import org.metalr.api.ParamGroup;
import org.metalr.api.net.Network;

/**
 * {@code autolr}: AutoLR (Ro and Choi, AAAI 2021) as the authors' training script runs it: plain
 * fine-tuning through each epoch from a fresh optimizer, then the weight variation of each group since
 * the epoch's start ({@link AutoLrRule}). The epoch stands when the variations of the blocks between
 * the stem (group 1) and the classifier (group d) rise with depth closely enough (rounded rank
 * agreement at least the threshold, which starts at 0.94 and shrinks by 0.99 at the start of each
 * later epoch while above 0.8); otherwise the model goes back to the epoch's starting weights and
 * buffers and the epoch is redone with new rates: each block's {@code lr * target / variation}
 * (targets: a ramp from 2x the smallest to 0.4x the largest variation in the first epoch, the
 * variations made monotone later, kept for the epoch's further retries), the stem's half the first
 * block's, the classifier's its initial rate. A redone pass sees a new shuffle, as the authors' data
 * loader gives it. Initial rates are the standard ones (the authors': 0.001 and 0.01).
 *
 * <p>Its constants are {@link AutoLrSettings}, the authors' values unless the spelling names others:
 * {@code autolr:threshold=0.9:max-trials=5} (options {@code threshold}, {@code threshold-decay},
 * {@code threshold-floor}, {@code low-target}, {@code high-target}, {@code stem-factor},
 * {@code max-trials}, each at most once). Its retry state ({@link AutoLrState}) is saved in checkpoints
 * and reported in {@code metrics.json} as the method's state, with the epoch's starting weights as its
 * tensors ({@code epoch_start/}).
 *
 * <p>Where this departs from the authors' code, and why:
 * <ul>
 *   <li>the blocks scored and adjusted are every group between the first and the last; the authors'
 *       script scores a slice fitted to their ResNet-50 variant ({@code weva[1:-3]});</li>
 *   <li>a block's variation covers every convolution weight of its group, projection shortcuts
 *       included (they list conv1..conv3 of each bottleneck); a group without convolutions (the
 *       classifier) uses its linear weights, one without either all its parameters;</li>
 *   <li>an epoch is redone at most {@link AutoLrSettings#maxTrials()} times, the last trial standing
 *       whatever its score: theirs retries without limit, which need not end;</li>
 *   <li>a block that did not move keeps its rate rather than dividing by zero, and a rate below
 *       {@code 1e-6} (from a negative target) is raised to it rather than training backwards;</li>
 *   <li>variations are summed in double precision; the optimizer is the run's (theirs: SGD with
 *       Nesterov momentum), rebuilt fresh for every trial as theirs is; the rate drop at a fixed epoch
 *       of their CUB schedule is a schedule, not AutoLR, and is left out.</li>
 * </ul>
 *
 * @param settings AutoLR's constants
 */
public record AutoLr(AutoLrSettings settings) implements Method {

    public AutoLr {
        Objects.requireNonNull(settings, "settings");
    }

    /** AutoLR with the authors' constants. */
    public AutoLr() {
        this(AutoLrSettings.defaults());
    }

    /** {@code autolr}, followed by every option whose value differs from the authors'. */
    @Override
    public String spec() {
        StringBuilder sb = new StringBuilder("autolr");
        AutoLrSettings defaults = AutoLrSettings.defaults();
        for (String option : AutoLrSettings.OPTIONS) {
            String value = settings.spelled(option);
            if (!value.equals(defaults.spelled(option))) {
                sb.append(':').append(option).append('=').append(value);
            }
        }
        return sb.toString();
    }

    /** Its {@link AutoLrSettings}, every constant spelled out. */
    @Override
    public Object options() {
        return settings;
    }

    @Override
    public GroupPlan plan(List<ParamGroup> groups, List<DepthOrder> readings, double lr, double backboneScale) {
        int d = groups.size();
        if (d < 3) {
            throw new InvalidConfigException("method", "'autolr' needs at least 3 groups (a stem, blocks to"
                    + " adjust, a classifier); the model has " + d + ": " + GroupPlan.names(groups));
        }
        return GroupPlan.standard(groups, lr, backboneScale);
    }

    @Override
    public MethodRun start(Differentiable model, Network network, GroupPlan plan, MethodSettings settings) {
        return new AutoLrRun(model, network, plan, settings.optimizer(), this.settings);
    }

    /** The registry's entry. */
    public static final class Kind extends MethodKind.Base {
        public Kind() {
            super("autolr", 50, "rates re-set after each epoch from the blocks' weight variations (Ro and Choi 2021);"
                    + " autolr:NAME=V:... sets " + String.join(", ", AutoLrSettings.OPTIONS), "autolr");
        }

        /**
         * @throws InvalidConfigException naming {@code method} for an unknown, repeated or unreadable
         *     option, or naming the constant ({@code autolr-threshold}, ...) for a value out of range
         */
        @Override
        public Method parse(String spec) {
            AutoLrSettings settings = AutoLrSettings.defaults();
            for (Map.Entry<String, String> option : Methods.options(spec, name(), AutoLrSettings.OPTIONS).entrySet()) {
                String key = option.getKey();
                String text = option.getValue();
                double value;
                try {
                    value = Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new InvalidConfigException("method", "'" + spec + "': " + key + " '" + text
                            + "' is not a number");
                }
                settings = settings.with(key, value);
            }
            return new AutoLr(settings);
        }

        @Override
        public List<String> comparisonDefaults(List<ParamGroup> groups, List<DepthOrder> readings,
                boolean segmentation) {
            return segmentation ? List.of() : List.of("autolr");
        }
    }
}
