package org.metalr.javacpp;

import java.util.Arrays;
import java.util.Map;
import java.util.function.UnaryOperator;
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
 * exactly as the DJL backend computes it. Each intermediate's handle is released as soon as the next
 * layer has read it, so a pass without autograd holds only the activations still to be read (the
 * skips of a U-Net, the operands of the current layer); the result belongs to the caller's
 * {@link org.bytedeco.javacpp.PointerScope}. Stateless: each pass's tensors go to a {@link Pass}, which
 * visits the layers.
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

    CppForward(Network network) {
        this.body = network.body();
    }

    /**
     * The network output for {@code x}.
     *
     * @param parameters every parameter by name
     * @param buffers    every buffer by name; moved in place under {@link Norm#TRACK}
     */
    Tensor logits(Tensor x, Map<String, Tensor> parameters, Map<String, Tensor> buffers, Norm norm) {
        return new Pass(parameters, buffers, norm).apply(body, x);
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

    /**
     * One pass's tensors and BatchNorm mode. As a {@link Layer.Visitor} it gives each layer's function
     * of its input, so a kind of layer this backend does not run cannot compile.
     */
    private record Pass(Map<String, Tensor> parameters, Map<String, Tensor> buffers, Norm norm)
            implements Layer.Visitor<UnaryOperator<Tensor>> {

        /** {@code layer}'s output for {@code x}: a new handle the caller owns; {@code x} stays the caller's. */
        Tensor apply(Layer layer, Tensor x) {
            return layer.accept(this).apply(x);
        }

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

        @Override
        public UnaryOperator<Tensor> sequential(Layer.Sequential s) {
            return x -> {
                Tensor y = x;
                for (Layer child : s.layers()) {
                    Tensor next = apply(child, y);
                    dropIntermediate(y, x, next);
                    y = next;
                }
                return y;
            };
        }

        @Override
        public UnaryOperator<Tensor> residual(Layer.Residual r) {
            return x -> {
                Tensor main = apply(r.body(), x);
                Tensor skip = r.shortcut() == null ? x : apply(r.shortcut(), x);
                Tensor sum = main.add(skip);
                dropIntermediate(main, x, sum);
                dropIntermediate(skip, x, sum);
                return sum;
            };
        }

        @Override
        public UnaryOperator<Tensor> concat(Layer.Concat c) {
            return x -> {
                TensorVector parts = new TensorVector();
                Tensor[] outputs = new Tensor[c.branches().size()];
                for (int i = 0; i < outputs.length; i++) {
                    outputs[i] = apply(c.branches().get(i), x);
                    parts.push_back(outputs[i]);
                }
                Tensor joined = torch.cat(parts, 1);
                parts.close();
                for (Tensor part : outputs) {
                    dropIntermediate(part, x, joined);
                }
                return joined;
            };
        }

        @Override
        public UnaryOperator<Tensor> conv(Layer.Conv c) {
            return x -> CppForward.conv(c, x, this);
        }

        @Override
        public UnaryOperator<Tensor> convTranspose(Layer.ConvTranspose t) {
            return x -> CppForward.convTranspose(t, x, this);
        }

        @Override
        public UnaryOperator<Tensor> batchNorm(Layer.BatchNorm b) {
            return x -> CppForward.batchNorm(b, x, this);
        }

        @Override
        public UnaryOperator<Tensor> linear(Layer.Linear l) {
            return x -> torch.linear(x, parameter(l.name() + ".weight"),
                    optional(l.bias() ? parameter(l.name() + ".bias") : null));
        }

        @Override
        public UnaryOperator<Tensor> relu(Layer.Relu r) {
            return torch::relu;
        }

        @Override
        public UnaryOperator<Tensor> sigmoid(Layer.Sigmoid s) {
            return torch::sigmoid;
        }

        @Override
        public UnaryOperator<Tensor> maxPool(Layer.MaxPool m) {
            return x -> {
                long[] k = repeat(m.kernel(), m.dims());
                long[] s = repeat(m.stride(), m.dims());
                long[] p = repeat(m.padding(), m.dims());
                long[] d = repeat(1, m.dims());
                return m.dims() == 2 ? torch.max_pool2d(x, k, s, p, d, false) : torch.max_pool3d(x, k, s, p, d, false);
            };
        }

        @Override
        public UnaryOperator<Tensor> globalAvgPool(Layer.GlobalAvgPool g) {
            return x -> {
                long[] spatial = new long[(int) x.dim() - 2];
                for (int i = 0; i < spatial.length; i++) {
                    spatial[i] = i + 2;
                }
                return torch.mean(x, spatial, false, new ScalarTypeOptional());
            };
        }
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
        Tensor permuted = x.permute(axes(plan.channelsLast()));
        Tensor rows = permuted.reshape(plan.rows());
        Tensor w = pass.parameter(t.name() + ".weight").reshape(plan.weightMatrix());
        Tensor product = torch.matmul(rows, w);
        closeAll(permuted, rows, w);
        Tensor split = product.reshape(plan.split());
        Tensor interleaved = split.permute(axes(plan.interleave()));
        Tensor y = interleaved.reshape(plan.output());
        closeAll(product, split, interleaved);
        if (!t.bias()) {
            return y;
        }
        Tensor bias = pass.parameter(t.name() + ".bias").reshape(plan.biasShape());
        Tensor biased = y.add(bias);
        closeAll(y, bias);
        return biased;
    }

    /** Releases handles on a layer's own temporaries (views share storage; it goes when the last handle does). */
    private static void closeAll(Tensor... temporaries) {
        for (Tensor t : temporaries) {
            t.close();
        }
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
            b.requireBatchStatistics(CppHost.shape(x));
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

    /**
     * Releases this pass's handle on an intermediate result as soon as nothing downstream reads it, unless
     * it is the layer's input (the caller's) or its result. Without this every activation of a pass lived
     * until the caller's scope closed: an evaluation forward pass held the whole network's activations
     * at once. Autograd keeps what backward needs through its own references, so gradients are unchanged.
     */
    private static void dropIntermediate(Tensor t, Tensor input, Tensor result) {
        if (t != input && t != result) {
            t.close();
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
