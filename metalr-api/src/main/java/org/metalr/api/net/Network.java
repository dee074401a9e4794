package org.metalr.api.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.metalr.api.Batch;
import org.metalr.api.ParamGroup;
import org.metalr.api.TensorInfo;

/**
 * A network description with its loss and its default parameter groups.
 *
 * @param name    architecture name, for logs and reports
 * @param body    the layers, input to output (logits, or probabilities for a segmentation loss)
 * @param loss    the training objective on the output
 * @param groups  the default learning-rate groups, in depth order; they partition the parameters
 */
public record Network(String name, Layer body, Loss loss, List<ParamGroup> groups) {

    /** Training objective on the network's output. */
    public enum Loss {
        /**
         * Mean over the batch of softmax cross-entropy with integer class labels
         * ({@code F.cross_entropy}); the output is {@code [N, classes]} logits and the batch carries
         * {@linkplain Batch#labels() labels}.
         */
        CROSS_ENTROPY,
        /**
         * Soft Dice loss on probabilities, the loss Models Genesis' released code fine-tunes its
         * segmentation targets (LiTS among them) with, their {@code dice_coef_loss}: with {@code p}
         * the network output (probabilities, a sigmoid output layer) and {@code y} the batch's
         * {@linkplain Batch#masks() masks} of the same shape,
         * {@code 1 - (2 * sum(p * y) + 1) / (sum(p) + sum(y) + 1)}, the sums running over every
         * voxel, channel and sample of the batch (smoothing 1). Chosen over binary cross-entropy on
         * probabilities because it is the published recipe and because its gradient is finite for
         * every output, saturated sigmoids included (autograd through a clamped {@code log(p)} is
         * not where {@code p} rounds to 0 or 1).
         */
        DICE;

        /** Whether the loss compares the output with dense masks rather than class labels. */
        public boolean segmentation() {
            return this == DICE;
        }
    }

    public Network {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(loss, "loss");
        groups = List.copyOf(groups);
    }

    /** Leaf layers (everything but containers) in definition order. */
    public List<Layer> leaves() {
        List<Layer> out = new ArrayList<>();
        collectLeaves(body, out);
        return out;
    }

    /** Trainable parameters in definition order (the order of a PyTorch {@code named_parameters()}). */
    public List<TensorInfo> parameters() {
        List<TensorInfo> out = new ArrayList<>();
        for (Layer leaf : leaves()) {
            out.addAll(parametersOf(leaf));
        }
        return out;
    }

    /** Buffers in definition order (BatchNorm's running statistics and batch counter). */
    public List<TensorInfo> buffers() {
        List<TensorInfo> out = new ArrayList<>();
        for (Layer leaf : leaves()) {
            out.addAll(buffersOf(leaf));
        }
        return out;
    }

    /**
     * The shape of the network's output for inputs of shape {@code input} ({@code [N, C, spatial...]}),
     * computed from the description alone.
     *
     * @throws IllegalArgumentException naming the layer whose input does not fit it (wrong channel
     *     count or rank, a spatial size too small for a kernel, branches that cannot be added or
     *     concatenated)
     */
    public long[] outputShape(long[] input) {
        return Shapes.of(body, input.clone());
    }

    /**
     * Checks that {@code batch} carries what this network's loss needs: class labels for
     * {@link Loss#CROSS_ENTROPY}; for a segmentation loss, masks of exactly the output's shape for
     * the batch's inputs. Backends call it before a pass, so nothing moves for a batch that cannot fit.
     *
     * @throws IllegalArgumentException saying what the loss expected and what the batch holds
     */
    public void requireFits(Batch batch) {
        if (!loss.segmentation()) {
            if (batch.isSegmentation()) {
                throw new IllegalArgumentException("network '" + name + "' trains with " + loss
                        + " on class labels, but the batch holds segmentation masks " + batch.masks());
            }
            return;
        }
        if (!batch.isSegmentation()) {
            throw new IllegalArgumentException("network '" + name + "' trains with the segmentation loss " + loss
                    + " on masks, but the batch holds class labels");
        }
        long[] output = outputShape(batch.inputs().shape());
        long[] masks = batch.masks().shape();
        if (!Arrays.equals(output, masks)) {
            throw new IllegalArgumentException("masks of shape " + Arrays.toString(masks) + " do not match the output "
                    + Arrays.toString(output) + " of network '" + name + "' for inputs of shape "
                    + Arrays.toString(batch.inputs().shape()));
        }
    }

    /** The parameters a leaf layer owns, in PyTorch's order (weight, then bias). */
    public static List<TensorInfo> parametersOf(Layer layer) {
        if (layer instanceof Layer.Conv c) {
            long[] shape = c.dims() == 2
                    ? new long[] {c.out(), c.in(), c.kernel(), c.kernel()}
                    : new long[] {c.out(), c.in(), c.kernel(), c.kernel(), c.kernel()};
            return withBias(c.name(), shape, c.bias(), c.out());
        }
        if (layer instanceof Layer.ConvTranspose t) {
            long[] shape = new long[2 + t.dims()];
            shape[0] = t.in();
            shape[1] = t.out();
            Arrays.fill(shape, 2, shape.length, t.kernel());
            return withBias(t.name(), shape, t.bias(), t.out());
        }
        if (layer instanceof Layer.BatchNorm b) {
            return withBias(b.name(), new long[] {b.channels()}, true, b.channels());
        }
        if (layer instanceof Layer.Linear l) {
            return withBias(l.name(), new long[] {l.out(), l.in()}, l.bias(), l.out());
        }
        return List.of();
    }

    /** The buffers a leaf layer owns. */
    public static List<TensorInfo> buffersOf(Layer layer) {
        if (layer instanceof Layer.BatchNorm b) {
            long[] ch = {b.channels()};
            return List.of(new TensorInfo(b.name() + ".running_mean", ch),
                    new TensorInfo(b.name() + ".running_var", ch),
                    new TensorInfo(b.name() + ".num_batches_tracked", new long[0]));
        }
        return List.of();
    }

    private static List<TensorInfo> withBias(String name, long[] weightShape, boolean bias, long outputs) {
        TensorInfo w = new TensorInfo(name + ".weight", weightShape);
        return bias ? List.of(w, new TensorInfo(name + ".bias", new long[] {outputs})) : List.of(w);
    }

    private static void collectLeaves(Layer layer, List<Layer> out) {
        if (layer instanceof Layer.Sequential s) {
            for (Layer child : s.layers()) {
                collectLeaves(child, out);
            }
        } else if (layer instanceof Layer.Residual r) {
            collectLeaves(r.body(), out);
            if (r.shortcut() != null) {
                collectLeaves(r.shortcut(), out);
            }
        } else if (layer instanceof Layer.Concat c) {
            for (Layer branch : c.branches()) {
                collectLeaves(branch, out);
            }
        } else {
            out.add(layer);
        }
    }
}
