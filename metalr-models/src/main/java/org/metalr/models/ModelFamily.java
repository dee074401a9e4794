package org.metalr.models;

import java.util.List;
import java.util.Map;
import org.metalr.api.DepthOrder;
import org.metalr.api.HostTensor;
import org.metalr.api.ParamGroup;
import org.metalr.api.net.Network;
import org.metalr.api.registry.Named;
import org.metalr.models.checkpoint.KeyMapping;

/**
 * An architecture users select by name ({@code --model resnet18}): it builds its {@link Network} for the
 * options given, and says what the trainer and the methods need to know of it besides the network: its
 * task, its readings of depth, its seeded initial weights, the key mapping its usual checkpoints need.
 * Found by {@link ModelFamilies#registry()}: a new family is one class implementing this interface (with
 * a public no-argument constructor) plus its line in
 * {@code META-INF/services/org.metalr.models.ModelFamily}.
 *
 * <p>Implementations are stateless and thread-safe; every method is pure (no file, no native memory).
 * The network's {@link Network#name()} is the family's {@link #name()}, so a run folder's
 * {@code config.json} names the family its model came from.
 */
public interface ModelFamily extends Named {

    /**
     * What a family's network is built for.
     *
     * @param classes    outputs: classes of a classifier, output channels of a segmentation network; at least 1
     * @param inChannels input channels; a family with a fixed input (the 3D U-Net: 1) ignores it
     * @param width      base width (channels of the first stage); {@link ModelFamily#defaultWidth()} for the
     *                   family's usual size
     */
    record Options(int classes, int inChannels, int width) {

        /** @throws IllegalArgumentException naming the option that is below 1 */
        public Options {
            if (classes < 1 || inChannels < 1 || width < 1) {
                throw new IllegalArgumentException("classes, input channels and width must be positive: " + classes
                        + ", " + inChannels + ", " + width);
            }
        }
    }

    /**
     * What the shapes of a state dict's tensors tell of the options it was saved with.
     *
     * @param classes    outputs of the head, or null when the shapes do not tell (no head in the file)
     * @param inChannels input channels, or null when they do not tell or the family's input is fixed
     * @param width      base width, or null when the shapes do not tell
     */
    record Inferred(Integer classes, Integer inChannels, Integer width) {

        /** Nothing told. */
        public static final Inferred NOTHING = new Inferred(null, null, null);
    }

    /**
     * The network for {@code options}: its layers, loss and parameter groups in depth order.
     *
     * @throws IllegalArgumentException if the family cannot be built with these options
     */
    Network network(Options options);

    /** The base width {@link Options#width()} takes when the user gives none. */
    int defaultWidth();

    /** Whether the network segments volumes (masks, Dice) rather than classifying images (labels, cross-entropy). */
    default boolean segmentation() {
        return false;
    }

    /**
     * The readings of depth of {@code network}'s groups that layer-wise methods (Mina et al.'s
     * {@code mina:I1:K}) choose from, by name. The default suits a sequential model: one reading,
     * {@code I1}, each group its own level in the order of the groups, and no {@code I2}.
     */
    default List<DepthOrder> depthReadings(Network network) {
        return sequentialReadings(network.groups());
    }

    /**
     * Seeded initial values of every parameter and buffer of {@code network}, bit-identical on every
     * backend. The default is torchvision's initialisation ({@link Initializers#kaiming}); a family whose
     * reference code keeps PyTorch's module defaults overrides it ({@link Initializers#torchDefault}).
     */
    default Map<String, HostTensor> initialState(Network network, long seed) {
        return Initializers.kaiming(network, seed);
    }

    /**
     * How the keys of the checkpoints this family is usually published with become its names (Models
     * Genesis' U-Net: strip {@code module.}); the identity by default. The command applies only the
     * user's own mapping flags: this is the family's advice, shown where a mapping is explained.
     */
    default KeyMapping checkpointMapping() {
        return KeyMapping.identity();
    }

    /**
     * The options a state dict of this family was saved with, as far as its tensors' shapes tell
     * ({@code inspect-weights}, {@code predict}): keys in this family's names (after the user's key
     * mapping), values whose shapes are read, never their data. A key that is absent, or has an unexpected
     * rank, tells nothing. The default tells nothing; a family overrides it from its own tensor names.
     */
    default Inferred inferOptions(Map<String, HostTensor> stateDict) {
        return Inferred.NOTHING;
    }

    /**
     * Dimension {@code dim} of {@code stateDict}'s tensor {@code key} when it has rank {@code rank}; null
     * otherwise. For {@link #inferOptions} implementations.
     */
    static Integer dimension(Map<String, HostTensor> stateDict, String key, int rank, int dim) {
        HostTensor t = stateDict.get(key);
        if (t == null || t.shape().length != rank || t.shape()[dim] > Integer.MAX_VALUE) {
            return null;
        }
        return (int) t.shape()[dim];
    }

    /**
     * A 2D classifier's options: width and input channels from its stem convolution's weight
     * {@code [width, in, kh, kw]}, classes from its head's weight {@code [classes, features]}.
     */
    static Inferred stemAndHead(Map<String, HostTensor> stateDict, String stemWeight, String headWeight) {
        return new Inferred(dimension(stateDict, headWeight, 2, 0), dimension(stateDict, stemWeight, 4, 1),
                dimension(stateDict, stemWeight, 4, 0));
    }

    /** One reading, {@code I1}: each of {@code groups} its own level, in order (a sequential model's depth). */
    static List<DepthOrder> sequentialReadings(List<ParamGroup> groups) {
        DepthOrder order = DepthOrder.sequential(groups.stream().map(ParamGroup::name).toList());
        return List.of(new DepthOrder("I1", order.levels()));
    }
}
