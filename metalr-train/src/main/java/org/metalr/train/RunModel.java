package org.metalr.train;

import java.util.List;
import java.util.Optional;
import org.metalr.api.Backend;
import org.metalr.api.DType;
import org.metalr.api.DepthOrder;
import org.metalr.api.Device;
import org.metalr.api.Differentiable;
import org.metalr.api.ParamGroup;
import org.metalr.api.TensorInfo;
import org.metalr.api.net.Network;

/**
 * The model a {@link Trainer} fine-tunes, as far as the trainer needs to know it: a network description
 * with its starting weights ({@link ModelSpec}, built by the backend, owned by the trainer), or a model
 * the user built with a binding's own API ({@link UserModel}: a DJL {@code Block} or a JavaCPP
 * {@code Module} behind {@code DjlBlocks.differentiable} or {@code CppModules.differentiable}, owned by
 * the user). Both run through the same loop, methods, checkpoints, exact resumption, logs and report.
 *
 * <p>Every method but {@link #open}, {@link #outputs} and {@link #outputShape} is a plain accessor;
 * those three may run native code as documented on each.
 */
public sealed interface RunModel permits ModelSpec, UserModel {

    /** The model's name, for {@code config.json} and messages: the network's name, or the user's. */
    String name();

    /** The default learning-rate groups, in depth order; they partition {@link #parameters()}. */
    List<ParamGroup> groups();

    /** The trainable parameters' names and shapes, in the model's order. */
    List<TensorInfo> parameters();

    /** Readings of depth by name ({@code I1}, {@code I2}), for {@code mina:}. */
    List<DepthOrder> depthReadings();

    /** Whether the model segments (masks, outputs of the mask's shape) rather than classifies (labels, logits). */
    boolean segmentation();

    /** What the model trains with, for messages ({@code CROSS_ENTROPY}, {@code DICE}, ...). */
    String objective();

    /** The model's description, when it has one (AutoLR reads its convolution weights from it). */
    Optional<Network> description();

    /** The element type the model is fixed to (a user's model); empty when the run's dtype decides. */
    Optional<DType> dtype();

    /** The device the model is fixed to (a user's model: where the user built it); empty when the run's device decides. */
    Optional<Device> device();

    /**
     * The model's outputs: classes of a classifier, channels of a segmenter, for samples of
     * {@code sampleShape} (a user's model: one evaluation-mode forward pass of zeros, buffers untouched).
     *
     * @throws IllegalArgumentException if the model cannot take such samples
     */
    int outputs(int[] sampleShape);

    /**
     * The output's shape for a batch of one sample of {@code sampleShape}: from the description, or one
     * evaluation-mode forward pass of zeros for a user's model.
     *
     * @throws IllegalArgumentException if the model cannot take such samples
     */
    long[] outputShape(int[] sampleShape);

    /**
     * The model to train: a description built by {@code backend} in {@code dtype} on {@code device} from
     * the starting weights (native memory the trainer then owns), or the user's model itself (where it is:
     * the trainer has checked {@link #device()} against the run's).
     *
     * @throws IllegalArgumentException naming the tensor when the starting weights do not fit, or naming
     *     the device when the backend or the loaded LibTorch cannot use it
     */
    Differentiable open(Backend backend, DType dtype, Device device);

    /** Whether the trainer closes what {@link #open} returns: true for models it builds, false for the user's. */
    boolean ownedByTrainer();

    /** {@code [1, shape...]}. */
    static long[] batchOfOne(int[] shape) {
        long[] out = new long[shape.length + 1];
        out[0] = 1;
        for (int i = 0; i < shape.length; i++) {
            out[i + 1] = shape[i];
        }
        return out;
    }
}
