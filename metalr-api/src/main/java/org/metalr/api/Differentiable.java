package org.metalr.api;

import java.util.List;
import java.util.Map;

/**
 * A model on a backend: named parameters and buffers held in the backend's native memory, a loss, and
 * the two passes MetaLR needs. Created by {@link Backend#create}.
 *
 * <h2>Ownership and validity</h2>
 * The model owns its parameter and buffer tensors until {@link #close()}. Every {@link Gradients}
 * it returns is owned by the caller, holds its own tensors (not views of the model's), stays valid
 * when the model's parameters change afterwards, and must be closed by the caller. Host tensors
 * returned are copies. After {@code close()} every call fails with {@link IllegalStateException}.
 *
 * <h2>Cost</h2>
 * {@link #gradients} and {@link #gradientsAt} are one forward and one backward pass each, plus
 * O(|theta|) copies; {@link #forward} is one forward pass without autograd; the state accessors copy
 * every tensor to or from the host.
 *
 * <h2>Threads</h2>
 * Not thread-safe: one thread drives a model at a time.
 */
public interface Differentiable extends AutoCloseable {

    /** Element type of parameters, buffers and computation. */
    DType dtype();

    /**
     * Where the parameters, buffers, gradients and optimizer state live and the passes compute. The
     * default is the CPU, for models that never compute elsewhere.
     */
    default Device device() {
        return Device.CPU;
    }

    /** Trainable parameters, in a fixed order that every per-parameter array below follows. */
    List<TensorInfo> parameters();

    /** Buffers (BatchNorm running statistics and counters), in a fixed order. */
    List<TensorInfo> buffers();

    /** Default learning-rate groups of the model's architecture. */
    List<ParamGroup> defaultGroups();

    /**
     * Loss and its gradient at the current parameters, in training mode: the training pass. Buffers
     * move exactly as one training-mode forward on this batch moves them.
     *
     * @param batch     inputs and the targets the network's loss needs (class labels, or masks of the
     *                  output's shape; see {@link org.metalr.api.net.Network#requireFits})
     * @param trainable one flag per parameter; parameters without the flag get no gradient (and save
     *                  their share of the backward pass)
     * @return the loss and the gradients of the flagged parameters, owned by the caller
     * @throws IllegalArgumentException if the batch does not fit the loss; nothing moves then
     */
    Gradients gradients(Batch batch, boolean[] trainable);

    /**
     * Loss and its gradient at displaced parameters {@code theta_p + coefficient[p] * direction_p}, in
     * training mode (batch statistics): the look-ahead pass. Neither the parameters nor the buffers
     * of the model change. Parameters whose coefficient is 0 and that {@code direction} has no
     * tensor for stay at theta; gradients are returned for exactly the parameters of {@code trainable}.
     *
     * @param batch       inputs and targets, as for {@link #gradients}
     * @param direction   per-parameter directions, from this model's {@link #gradients}
     * @param coefficient one coefficient per parameter
     * @param trainable   one flag per parameter: which gradients to compute
     */
    Gradients gradientsAt(Batch batch, Gradients direction, double[] coefficient, boolean[] trainable);

    /** Network output for {@code inputs} without autograd; evaluation mode unless {@code training}. Buffers never move. */
    HostTensor forward(HostTensor inputs, boolean training);

    /**
     * Whether this model's convolutions unfold their input into a column buffer ({@code in * k^d} values per
     * output voxel, as LibTorch's native CPU kernels do) rather than convolve it directly (oneDNN): what an
     * estimate of a forward pass's memory must assume. True where it is not known, the conservative answer.
     */
    default boolean unfoldsConvolutions() {
        return true;
    }

    /** Creates the real optimizer over this model's parameters; its state lives with the model's tensors. */
    ParameterUpdater newUpdater(OptimizerConfig config);

    /** Copies of every parameter and buffer, by name, in {@link #parameters()} then {@link #buffers()} order. */
    Map<String, HostTensor> state();

    /**
     * Overwrites parameters and buffers from {@code state} (converted to {@link #dtype()}).
     *
     * @throws IllegalArgumentException naming the key when a tensor is missing, unknown or of the
     *     wrong shape; the model is unchanged then
     */
    void loadState(Map<String, HostTensor> state);

    /** Releases every native tensor of the model. Idempotent. */
    @Override
    void close();
}
