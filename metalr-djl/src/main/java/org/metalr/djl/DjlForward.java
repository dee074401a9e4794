package org.metalr.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.metalr.api.net.ConvTransposePlan;
import org.metalr.api.net.Layer;

/**
 * Interprets a {@link Layer} tree with LibTorch's functional ops (conv2d/conv3d, batch_norm, linear,
 * relu, sigmoid, cat, max_pool, adaptive_avg_pool) over a name-to-tensor map, as a PyTorch module
 * would run it; a transposed convolution is one matrix product and a reshuffle
 * ({@link ConvTransposePlan}), computed exactly as the JavaCPP backend computes it. As a
 * {@link Layer.Visitor} it gives each layer's function of its input, so a kind of layer this backend
 * does not run cannot compile. One instance per pass; every result lands in the manager of the input
 * tensor, and each intermediate is closed as soon as the next layer has read it, so a pass without
 * autograd holds only the activations still to be read.
 */
final class DjlForward implements Layer.Visitor<UnaryOperator<NDArray>> {

    /** How BatchNorm layers normalise, and whether they touch the running statistics. */
    enum Norm {
        /** Batch statistics; running statistics moved and the batch counter incremented (the training pass). */
        TRACK,
        /**
         * Batch statistics on scratch copies of the running statistics: no buffer moves (look-ahead,
         * training-mode inference).
         */
        BATCH,
        /** Running statistics (evaluation mode). */
        RUNNING
    }

    private final Map<String, NDArray> tensors;
    private final Norm norm;
    private final DjlScalars scalars;

    /**
     * @param tensors every parameter and buffer the layers need, by full name, as tensors of the pass
     * @param norm    how BatchNorm treats its statistics
     * @param scalars scalar operands of the pass
     */
    DjlForward(Map<String, NDArray> tensors, Norm norm, DjlScalars scalars) {
        this.tensors = tensors;
        this.norm = norm;
        this.scalars = scalars;
    }

    /** The output of {@code layer} for input {@code x}. */
    NDArray apply(Layer layer, NDArray x) {
        return layer.accept(this).apply(x);
    }

    @Override
    public UnaryOperator<NDArray> sequential(Layer.Sequential s) {
        return x -> {
            NDArray out = x;
            for (Layer child : s.layers()) {
                NDArray next = apply(child, out);
                dropIntermediate(out, x, next);
                out = next;
            }
            return out;
        };
    }

    @Override
    public UnaryOperator<NDArray> residual(Layer.Residual r) {
        return x -> {
            NDArray body = apply(r.body(), x);
            NDArray shortcut = r.shortcut() == null ? x : apply(r.shortcut(), x);
            NDArray sum = body.add(shortcut);
            dropIntermediate(body, x, sum);
            dropIntermediate(shortcut, x, sum);
            return sum;
        };
    }

    @Override
    public UnaryOperator<NDArray> concat(Layer.Concat c) {
        return x -> {
            PtNDArray[] parts = new PtNDArray[c.branches().size()];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = (PtNDArray) apply(c.branches().get(i), x);
            }
            NDArray joined = JniUtils.cat(parts, 1);
            for (NDArray part : parts) {
                dropIntermediate(part, x, joined);
            }
            return joined;
        };
    }

    @Override
    public UnaryOperator<NDArray> conv(Layer.Conv c) {
        return x -> {
            NDArray bias = c.bias() ? get(c.name() + ".bias") : null;
            return x.getNDArrayInternal().convolution(x, get(c.name() + ".weight"), bias,
                    repeat(c.stride(), c.dims()), repeat(c.padding(), c.dims()), repeat(1, c.dims()), 1)
                    .singletonOrThrow();
        };
    }

    @Override
    public UnaryOperator<NDArray> convTranspose(Layer.ConvTranspose t) {
        return x -> convTranspose(t, x);
    }

    @Override
    public UnaryOperator<NDArray> batchNorm(Layer.BatchNorm b) {
        return x -> batchNorm(b, x);
    }

    @Override
    public UnaryOperator<NDArray> linear(Layer.Linear l) {
        return x -> {
            NDArray bias = l.bias() ? get(l.name() + ".bias") : null;
            return x.getNDArrayInternal().linear(x, get(l.name() + ".weight"), bias).singletonOrThrow();
        };
    }

    @Override
    public UnaryOperator<NDArray> relu(Layer.Relu r) {
        return x -> x.getNDArrayInternal().relu();
    }

    @Override
    public UnaryOperator<NDArray> sigmoid(Layer.Sigmoid s) {
        return x -> JniUtils.sigmoid((PtNDArray) x);
    }

    @Override
    public UnaryOperator<NDArray> maxPool(Layer.MaxPool m) {
        return x -> x.getNDArrayInternal().maxPool(repeat(m.kernel(), m.dims()), repeat(m.stride(), m.dims()),
                repeat(m.padding(), m.dims()), false);
    }

    @Override
    public UnaryOperator<NDArray> globalAvgPool(Layer.GlobalAvgPool g) {
        // adaptive_avg_pool to 1x1(x1), then [N, C]: torchvision's avgpool + flatten
        return x -> x.getNDArrayInternal().globalAvgPool();
    }

    /** Transposed convolution as one matrix product and a reshuffle: {@link ConvTransposePlan}'s operations. */
    private NDArray convTranspose(Layer.ConvTranspose t, NDArray x) {
        ConvTransposePlan plan = ConvTransposePlan.of(t, x.getShape().getShape());
        NDArray permuted = x.transpose(plan.channelsLast());
        NDArray rows = permuted.reshape(new Shape(plan.rows()));
        NDArray w = get(t.name() + ".weight").reshape(new Shape(plan.weightMatrix()));
        NDArray product = rows.matMul(w);
        closeAll(permuted, rows, w);
        NDArray split = product.reshape(new Shape(plan.split()));
        NDArray interleaved = split.transpose(plan.interleave());
        NDArray y = interleaved.reshape(new Shape(plan.output()));
        closeAll(product, split, interleaved);
        if (!t.bias()) {
            return y;
        }
        NDArray bias = get(t.name() + ".bias").reshape(new Shape(plan.biasShape()));
        NDArray biased = y.add(bias);
        closeAll(y, bias);
        return biased;
    }

    private NDArray batchNorm(Layer.BatchNorm b, NDArray x) {
        NDArray mean = get(b.name() + ".running_mean");
        NDArray var = get(b.name() + ".running_var");
        // Models Genesis' BatchNorm normalises with the batch statistics in evaluation mode as well.
        Norm norm = this.norm == Norm.RUNNING && b.batchStatisticsInEval() ? Norm.BATCH : this.norm;
        if (norm != Norm.RUNNING) {
            b.requireBatchStatistics(x.getShape().getShape());
        }
        if (norm == Norm.BATCH) {
            // LibTorch's batch_norm needs running tensors to write into; give it throw-away copies.
            mean = mean.duplicate();
            var = var.duplicate();
        } else if (norm == Norm.TRACK) {
            get(b.name() + ".num_batches_tracked").addi(scalars.longOne());
        }
        // DJL's NDArrayEx.batchNorm passes (1 - momentum) as a float, which cannot carry PyTorch's 0.1
        // exactly; this call hands LibTorch the double momentum as torch.nn.BatchNorm does (weight of
        // the new batch statistic, unbiased batch variance). JniUtils names its parameters
        // (gamma, beta, runningMean, runningVar) but forwards them positionally to
        // batch_norm(input, running_mean, running_var, weight, bias): pass them in that order.
        NDArray y = JniUtils.batchNorm((PtNDArray) x, (PtNDArray) mean, (PtNDArray) var,
                (PtNDArray) get(b.name() + ".weight"), (PtNDArray) get(b.name() + ".bias"),
                norm != Norm.RUNNING, b.momentum(), b.eps());
        if (norm == Norm.BATCH) {
            closeAll(mean, var);
        }
        return y;
    }

    /**
     * Closes an intermediate result as soon as nothing downstream reads it, unless it is the layer's input
     * (the caller's) or its result: otherwise every activation of a pass lived until its manager closed,
     * and an evaluation pass held the whole network's activations at once. Autograd keeps what backward
     * needs through its own references, so gradients are unchanged.
     */
    private static void dropIntermediate(NDArray t, NDArray input, NDArray result) {
        if (t != input && t != result) {
            t.close();
        }
    }

    /** Closes a layer's own temporaries (views share storage; it goes when the last handle does). */
    private static void closeAll(NDArray... temporaries) {
        for (NDArray t : temporaries) {
            t.close();
        }
    }

    private NDArray get(String name) {
        NDArray t = tensors.get(name);
        if (t == null) {
            throw new IllegalStateException("no tensor '" + name + "' bound for the forward pass");
        }
        return t;
    }

    private static Shape repeat(int value, int dims) {
        long[] v = new long[dims];
        Arrays.fill(v, value);
        return new Shape(v);
    }
}
