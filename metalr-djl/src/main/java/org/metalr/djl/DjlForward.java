package org.metalr.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;
import java.util.Map;
import org.metalr.api.net.ConvTransposePlan;
import org.metalr.api.net.Layer;

/**
 * Interprets a {@link Layer} tree with LibTorch's functional ops (conv2d/conv3d, batch_norm, linear,
 * relu, sigmoid, cat, max_pool, adaptive_avg_pool) over a name-to-tensor map, as a PyTorch module
 * would run it; a transposed convolution is one matrix product and a reshuffle
 * ({@link ConvTransposePlan}), computed exactly as the JavaCPP backend computes it. One instance per
 * pass; every result lands in the manager of the input tensor.
 */
final class DjlForward {

    /** What BatchNorm normalises with and whether its buffers move. */
    enum Stats {
        /** Training mode: batch statistics; running statistics and the counter move (PyTorch's train()). */
        UPDATE,
        /** Batch statistics on scratch copies of the running statistics: no buffer moves. */
        BATCH_ONLY,
        /** Evaluation mode: normalise with the running statistics. */
        RUNNING
    }

    private final Map<String, NDArray> tensors;
    private final Stats stats;
    private final DjlScalars scalars;

    /**
     * @param tensors every parameter and buffer the layers need, by full name, as tensors of the pass
     * @param stats   how BatchNorm treats its statistics
     * @param scalars scalar operands of the pass
     */
    DjlForward(Map<String, NDArray> tensors, Stats stats, DjlScalars scalars) {
        this.tensors = tensors;
        this.stats = stats;
        this.scalars = scalars;
    }

    /** The output of {@code layer} for input {@code x}. */
    NDArray apply(Layer layer, NDArray x) {
        if (layer instanceof Layer.Sequential s) {
            NDArray out = x;
            for (Layer child : s.layers()) {
                out = apply(child, out);
            }
            return out;
        }
        if (layer instanceof Layer.Residual r) {
            NDArray body = apply(r.body(), x);
            NDArray shortcut = r.shortcut() == null ? x : apply(r.shortcut(), x);
            return body.add(shortcut);
        }
        if (layer instanceof Layer.Conv c) {
            NDArray bias = c.bias() ? get(c.name() + ".bias") : null;
            return x.getNDArrayInternal().convolution(x, get(c.name() + ".weight"), bias,
                    repeat(c.stride(), c.dims()), repeat(c.padding(), c.dims()), repeat(1, c.dims()), 1)
                    .singletonOrThrow();
        }
        if (layer instanceof Layer.ConvTranspose t) {
            return convTranspose(t, x);
        }
        if (layer instanceof Layer.Concat c) {
            PtNDArray[] parts = new PtNDArray[c.branches().size()];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = (PtNDArray) apply(c.branches().get(i), x);
            }
            return JniUtils.cat(parts, 1);
        }
        if (layer instanceof Layer.BatchNorm b) {
            return batchNorm(b, x);
        }
        if (layer instanceof Layer.Linear l) {
            NDArray bias = l.bias() ? get(l.name() + ".bias") : null;
            return x.getNDArrayInternal().linear(x, get(l.name() + ".weight"), bias).singletonOrThrow();
        }
        if (layer instanceof Layer.Relu) {
            return x.getNDArrayInternal().relu();
        }
        if (layer instanceof Layer.Sigmoid) {
            return JniUtils.sigmoid((PtNDArray) x);
        }
        if (layer instanceof Layer.MaxPool m) {
            return x.getNDArrayInternal().maxPool(repeat(m.kernel(), m.dims()), repeat(m.stride(), m.dims()),
                    repeat(m.padding(), m.dims()), false);
        }
        if (layer instanceof Layer.GlobalAvgPool) {
            // adaptive_avg_pool to 1x1(x1), then [N, C]: torchvision's avgpool + flatten
            return x.getNDArrayInternal().globalAvgPool();
        }
        throw new IllegalArgumentException("unsupported layer " + layer);
    }

    /** Transposed convolution as one matrix product and a reshuffle: {@link ConvTransposePlan}'s operations. */
    private NDArray convTranspose(Layer.ConvTranspose t, NDArray x) {
        ConvTransposePlan plan = ConvTransposePlan.of(t, x.getShape().getShape());
        NDArray rows = x.transpose(plan.channelsLast()).reshape(new Shape(plan.rows()));
        NDArray w = get(t.name() + ".weight").reshape(new Shape(plan.weightMatrix()));
        NDArray y = rows.matMul(w).reshape(new Shape(plan.split())).transpose(plan.interleave())
                .reshape(new Shape(plan.output()));
        return t.bias() ? y.add(get(t.name() + ".bias").reshape(new Shape(plan.biasShape()))) : y;
    }

    private NDArray batchNorm(Layer.BatchNorm b, NDArray x) {
        NDArray mean = get(b.name() + ".running_mean");
        NDArray var = get(b.name() + ".running_var");
        // Models Genesis' BatchNorm normalises with the batch statistics in evaluation mode as well.
        Stats stats = this.stats == Stats.RUNNING && b.batchStatisticsInEval() ? Stats.BATCH_ONLY : this.stats;
        if (stats == Stats.BATCH_ONLY) {
            // LibTorch's batch_norm needs running tensors to write into; give it throw-away copies.
            mean = mean.duplicate();
            var = var.duplicate();
        } else if (stats == Stats.UPDATE) {
            get(b.name() + ".num_batches_tracked").addi(scalars.longOne());
        }
        // DJL's NDArrayEx.batchNorm passes (1 - momentum) as a float, which cannot carry PyTorch's 0.1
        // exactly; this call hands LibTorch the double momentum as torch.nn.BatchNorm does (weight of
        // the new batch statistic, unbiased batch variance). JniUtils names its parameters
        // (gamma, beta, runningMean, runningVar) but forwards them positionally to
        // batch_norm(input, running_mean, running_var, weight, bias): pass them in that order.
        return JniUtils.batchNorm((PtNDArray) x, (PtNDArray) mean, (PtNDArray) var,
                (PtNDArray) get(b.name() + ".weight"), (PtNDArray) get(b.name() + ".bias"),
                stats != Stats.RUNNING, b.momentum(), b.eps());
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
