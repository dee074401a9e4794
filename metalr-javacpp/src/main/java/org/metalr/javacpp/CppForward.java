package org.metalr.javacpp;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.metalr.api.net.ConvTransposePlan;
import org.metalr.api.net.Layer;
import org.metalr.api.net.Network;

/**
 * Runs a {@link Network}'s layer tree with LibTorch's functional operators over tensors looked up by
 * name, so the same code serves the model's own parameters and any displaced copy of them; a
 * transposed convolution is one matrix product and a reshuffle ({@link ConvTransposePlan}), computed
 * exactly as the DJL backend computes it. Every intermediate belongs to the caller's
 * {@link org.bytedeco.javacpp.PointerScope}. Stateless.
 */
final class CppForward {

    /** How BatchNorm layers normalise, and whether they touch the running statistics. */
    enum Norm {
        /** Batch statistics; running statistics moved and the batch counter incremented (the training pass). */
        TRACK,
        /** Batch statistics; running statistics and counter untouched (look-ahead, training-mode inference). */
        BATCH,
        /** Running statistics (evaluation mode). */
        RUNNING
    }

    private static final long MEAN_REDUCTION = 1; // at::Reduction::Mean
    private static final long IGNORE_INDEX = -100; // torch's default, never a valid label here

    private final Layer body;
    private final int classes;

    CppForward(Network network) {
        this.body = network.body();
        List<Layer> leaves = network.leaves();
        Layer last = leaves.isEmpty() ? null : leaves.get(leaves.size() - 1);
        this.classes = last instanceof Layer.Linear l ? l.out() : -1;
    }

    /**
     * Rejects labels outside {@code [0, classes)} before any pass starts (and moves BatchNorm buffers);
     * when the network does not end in a linear layer only negative labels are caught here.
     */
    void checkLabels(long[] labels) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || (classes > 0 && labels[i] >= classes)) {
                throw new IllegalArgumentException("label " + labels[i] + " of sample " + i + " is outside [0, "
                        + (classes > 0 ? classes : "classes") + ")");
            }
        }
    }

    /**
     * The network output for {@code x}.
     *
     * @param parameters every parameter by name
     * @param buffers    every buffer by name; moved in place under {@link Norm#TRACK}
     */
    Tensor logits(Tensor x, Map<String, Tensor> parameters, Map<String, Tensor> buffers, Norm norm) {
        return apply(body, x, new Pass(parameters, buffers, norm));
    }

    /** Mean softmax cross-entropy over the batch with integer labels, exactly {@code F.cross_entropy}. */
    static Tensor crossEntropy(Tensor logits, Tensor labels) {
        return torch.cross_entropy_loss(logits, labels, new TensorOptional(), MEAN_REDUCTION, IGNORE_INDEX, 0.0);
    }

    /**
     * Models Genesis' soft Dice loss, {@code 1 - (2 * sum(p * y) + 1) / (sum(p) + sum(y) + 1)} over the
     * whole batch, with the operations in the order {@code DjlLoss.dice} issues them, so both backends
     * round alike. Scalar operands keep the type of the tensor they meet, as the DJL side's
     * zero-dimensional constants of the output's type do.
     *
     * @param probabilities network output
     * @param masks         targets of the same shape and type
     */
    static Tensor dice(Tensor probabilities, Tensor masks) {
        Scalar one = new Scalar(1.0);
        Tensor intersection = probabilities.mul(masks).sum();
        Tensor total = probabilities.sum().add(masks.sum());
        Tensor coefficient = intersection.mul(new Scalar(2.0)).add(one).div(total.add(one));
        return coefficient.neg().add(one);
    }

    private record Pass(Map<String, Tensor> parameters, Map<String, Tensor> buffers, Norm norm) {
        Tensor parameter(String name) {
            Tensor t = parameters.get(name);
            if (t == null) {
                throw new IllegalStateException("no parameter '" + name + "'");
            }
            return t;
        }

        Tensor buffer(String name) {
            Tensor t = buffers.get(name);
            if (t == null) {
                throw new IllegalStateException("no buffer '" + name + "'");
            }
            return t;
        }
    }

    private static Tensor apply(Layer layer, Tensor x, Pass pass) {
        if (layer instanceof Layer.Sequential s) {
            Tensor y = x;
            for (Layer child : s.layers()) {
                y = apply(child, y, pass);
            }
            return y;
        }
        if (layer instanceof Layer.Residual r) {
            Tensor main = apply(r.body(), x, pass);
            Tensor skip = r.shortcut() == null ? x : apply(r.shortcut(), x, pass);
            return main.add(skip);
        }
        if (layer instanceof Layer.Conv c) {
            return conv(c, x, pass);
        }
        if (layer instanceof Layer.ConvTranspose t) {
            return convTranspose(t, x, pass);
        }
        if (layer instanceof Layer.Concat c) {
            TensorVector parts = new TensorVector();
            for (Layer branch : c.branches()) {
                parts.push_back(apply(branch, x, pass));
            }
            return torch.cat(parts, 1);
        }
        if (layer instanceof Layer.BatchNorm b) {
            return batchNorm(b, x, pass);
        }
        if (layer instanceof Layer.Linear l) {
            return torch.linear(x, pass.parameter(l.name() + ".weight"),
                    optional(l.bias() ? pass.parameter(l.name() + ".bias") : null));
        }
        if (layer instanceof Layer.Relu) {
            return torch.relu(x);
        }
        if (layer instanceof Layer.Sigmoid) {
            return torch.sigmoid(x);
        }
        if (layer instanceof Layer.MaxPool m) {
            long[] k = repeat(m.kernel(), m.dims());
            long[] s = repeat(m.stride(), m.dims());
            long[] p = repeat(m.padding(), m.dims());
            long[] d = repeat(1, m.dims());
            return m.dims() == 2 ? torch.max_pool2d(x, k, s, p, d, false) : torch.max_pool3d(x, k, s, p, d, false);
        }
        if (layer instanceof Layer.GlobalAvgPool) {
            long[] spatial = new long[(int) x.dim() - 2];
            for (int i = 0; i < spatial.length; i++) {
                spatial[i] = i + 2;
            }
            return torch.mean(x, spatial, false, new ScalarTypeOptional());
        }
        throw new IllegalArgumentException("unsupported layer " + layer);
    }

    private static Tensor conv(Layer.Conv c, Tensor x, Pass pass) {
        Tensor w = pass.parameter(c.name() + ".weight");
        TensorOptional bias = optional(c.bias() ? pass.parameter(c.name() + ".bias") : null);
        long[] s = repeat(c.stride(), c.dims());
        long[] p = repeat(c.padding(), c.dims());
        long[] d = repeat(1, c.dims());
        return c.dims() == 2 ? torch.conv2d(x, w, bias, s, p, d, 1) : torch.conv3d(x, w, bias, s, p, d, 1);
    }

    /** Transposed convolution as one matrix product and a reshuffle: {@link ConvTransposePlan}'s operations. */
    private static Tensor convTranspose(Layer.ConvTranspose t, Tensor x, Pass pass) {
        ConvTransposePlan plan = ConvTransposePlan.of(t, CppHost.shape(x));
        Tensor rows = x.permute(axes(plan.channelsLast())).reshape(plan.rows());
        Tensor w = pass.parameter(t.name() + ".weight").reshape(plan.weightMatrix());
        Tensor y = torch.matmul(rows, w).reshape(plan.split()).permute(axes(plan.interleave())).reshape(plan.output());
        return t.bias() ? y.add(pass.parameter(t.name() + ".bias").reshape(plan.biasShape())) : y;
    }

    private static long[] axes(int[] order) {
        long[] out = new long[order.length];
        for (int i = 0; i < order.length; i++) {
            out[i] = order[i];
        }
        return out;
    }

    private static Tensor batchNorm(Layer.BatchNorm b, Tensor x, Pass pass) {
        TensorOptional weight = optional(pass.parameter(b.name() + ".weight"));
        TensorOptional bias = optional(pass.parameter(b.name() + ".bias"));
        // Models Genesis' BatchNorm normalises with the batch statistics in evaluation mode as well.
        Norm norm = pass.norm() == Norm.RUNNING && b.batchStatisticsInEval() ? Norm.BATCH : pass.norm();
        boolean training = norm != Norm.RUNNING;
        if (training) {
            requireSeveralValuesPerChannel(b, x);
        }
        TensorOptional mean;
        TensorOptional var;
        if (norm == Norm.BATCH) {
            // no running statistics: batch_norm normalises with the batch ones and updates nothing
            mean = new TensorOptional();
            var = new TensorOptional();
        } else {
            mean = optional(pass.buffer(b.name() + ".running_mean"));
            var = optional(pass.buffer(b.name() + ".running_var"));
        }
        Tensor y = torch.batch_norm(x, weight, bias, mean, var, training, b.momentum(), b.eps(), false);
        if (norm == Norm.TRACK) {
            pass.buffer(b.name() + ".num_batches_tracked").add_(new Scalar(1L));
        }
        return y;
    }

    /** PyTorch refuses training-mode BatchNorm over a single value per channel (its variance is undefined). */
    private static void requireSeveralValuesPerChannel(Layer.BatchNorm b, Tensor x) {
        long values = x.size(0);
        for (int i = 2; i < x.dim(); i++) {
            values *= x.size(i);
        }
        if (values <= 1) {
            throw new IllegalArgumentException("BatchNorm '" + b.name() + "' in training mode needs more than one "
                    + "value per channel, got input of shape " + Arrays.toString(CppHost.shape(x)));
        }
    }

    private static TensorOptional optional(Tensor t) {
        return t == null ? new TensorOptional() : new TensorOptional(t);
    }

    private static long[] repeat(long value, int times) {
        long[] out = new long[times];
        Arrays.fill(out, value);
        return out;
    }
}
