package org.metalr.api.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.metalr.api.ParamGroup;
import org.metalr.api.TensorInfo;

/**
 * A network description with its loss and its default parameter groups.
 *
 * @param name    architecture name, for logs and reports
 * @param body    the layers, input to logits
 * @param loss    the training objective on the logits
 * @param groups  the default learning-rate groups, in depth order; they partition the parameters
 */
public record Network(String name, Layer body, Loss loss, List<ParamGroup> groups) {

    /** Training objective on the network's output. */
    public enum Loss {
        /** Mean over the batch of softmax cross-entropy with integer class labels. */
        CROSS_ENTROPY
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

    /** The parameters a leaf layer owns, in PyTorch's order (weight, then bias). */
    public static List<TensorInfo> parametersOf(Layer layer) {
        if (layer instanceof Layer.Conv c) {
            long[] shape = c.dims() == 2
                    ? new long[] {c.out(), c.in(), c.kernel(), c.kernel()}
                    : new long[] {c.out(), c.in(), c.kernel(), c.kernel(), c.kernel()};
            return withBias(c.name(), shape, c.bias(), c.out());
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
        } else {
            out.add(layer);
        }
    }
}
