package org.metalr.train.method;

import java.util.List;
import org.metalr.api.DepthOrder;
import org.metalr.api.Differentiable;
import org.metalr.api.ParamGroup;
import org.metalr.api.net.Network;

/**
 * A fine-tuning method with its settings, as a policy over a model's {@code d} parameter groups (depth
 * order, group 1 the shallowest, group {@code d} the classifier): an immutable value read from its
 * spelling by {@link Methods#parse} (its {@link MethodKind} does the reading). The methods of the paper's
 * comparison, one class each:
 * <ul>
 *   <li>{@code last} ({@link Last}): only group {@code d} trains;</li>
 *   <li>{@code all}, {@code all:RATE} ({@link All}): every group trains at one learning rate, RATE or the
 *       backbone's ({@code backboneLrScale * lr});</li>
 *   <li>{@code layerwise:K} ({@link Layerwise}, Tajbakhsh et al. 2016): groups 1..K frozen;</li>
 *   <li>{@code bidir:M-N} ({@link Bidirectional}, the paper): groups M..N frozen;</li>
 *   <li>{@code autolr} ({@link AutoLr}, Ro and Choi 2021): rates re-set after each epoch from the
 *       blocks' weight variations;</li>
 *   <li>{@code mina:I1:K}, {@code mina:I2:K}, {@code mina:I1:-K}, {@code mina:I2:-K} ({@link Mina}, Mina
 *       et al. 2020): only the K shallowest (deepest) levels of a reading of depth train;</li>
 *   <li>{@code llrd:DECAY} ({@link Llrd}): every group trains, group {@code j} at {@code lr * DECAY^(d - j)};</li>
 *   <li>{@code metalr}, {@code metalr:NAME=VALUE:...} ({@link MetaLr}): every group trains; rates learned
 *       online by MetaLR under the run's rule with the spelling's options ({@link MetaLrOptions}) over it.</li>
 * </ul>
 * Initial rates, unless the method says otherwise: {@code backboneLrScale * lr} for groups 1..d-1 and
 * {@code lr} for group {@code d} ({@link GroupPlan#standardLrs}), the paper's 0.1x for the
 * convolutional groups.
 *
 * <h2>Call order</h2>
 * {@link #plan} (the trainer's check, no native work) -> {@link #check} -> {@link #start} once per run;
 * the {@link MethodRun} then takes the iterations and owns whatever state the method keeps.
 */
public interface Method {

    /** The method as the command line spells it, e.g. {@code bidir:4-7}; {@link Methods#parse} reads it back. */
    String spec();

    /**
     * The method's own settings beyond its spelling's name, for {@code config.json}'s
     * {@code train.methodOptions}: any value Jackson writes (a record); null when it has none.
     */
    default Object options() {
        return null;
    }

    /** Whether the method draws meta-validation batches. */
    default boolean usesMetaValidation() {
        return false;
    }

    /**
     * Applies the method to a model's groups.
     *
     * @param groups        the model's groups, in depth order (frozen flags are replaced)
     * @param readings      the model's readings of depth ({@code I1}, {@code I2}), for {@code mina}
     * @param lr            the base learning rate, positive
     * @param backboneScale the factor of every group's rate but the last's, positive
     * @throws InvalidConfigException naming {@code method} when the method does not fit the model (a
     *     frozen range outside 1..d-1, an unknown depth reading, too few groups)
     */
    GroupPlan plan(List<ParamGroup> groups, List<DepthOrder> readings, double lr, double backboneScale);

    /**
     * The settings this method runs with: the run's, with the method's own options over them (MetaLR:
     * its spelling's options over the command's rule). {@link #check} and {@link #start} get these,
     * and {@code config.json} records them. The run's, unchanged, by default.
     *
     * @throws InvalidConfigException naming the setting when the options do not fit the run's settings
     */
    default MethodSettings settings(MethodSettings run) {
        return run;
    }

    /**
     * Checks the plan against the run's other settings before any work (MetaLR: its initial rates within
     * the rule's bounds); nothing by default.
     *
     * @throws InvalidConfigException naming the setting to change
     */
    default void check(GroupPlan plan, MethodSettings settings) {}

    /**
     * Starts the method on {@code model}: the object that takes its iterations. The model is not owned.
     * By default plain fine-tuning at the plan's fixed rates ({@link PlainRun}).
     *
     * @param network the model's description (AutoLR reads which parameters are convolution weights);
     *                null for a user's own model, whose convolution weights AutoLR then tells by rank
     * @param plan    this method's {@link #plan} for the model
     */
    default MethodRun start(Differentiable model, Network network, GroupPlan plan, MethodSettings settings) {
        return new PlainRun(model, plan, settings.optimizer());
    }
}
