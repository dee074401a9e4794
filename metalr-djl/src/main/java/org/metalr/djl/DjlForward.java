package org.metalr.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;
import java.util.Map;
import org.metalr.api.net.Layer;

/**
 * Interprets a {@link Layer} tree with LibTorch's functional ops (conv2d/conv3d, batch_norm, linear,
 * relu, sigmoid, cat, max_pool, adaptive_avg_pool) over a name-to-tensor map, as a PyTorch module
 * would run it; a transposed convolution is one matrix product and a reshuffle ({@link #convTranspose}),
 * computed exactly as the JavaCPP backend computes it. One instance per pass; every result lands in
 * the manager of the input tensor.
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

    /**
     * Transposed convolution with stride = kernel = k and no padding, PyTorch's weight layout
     * {@code [C, O, k...]}: every input position i contributes {@code sum_c x[n, c, i] W[c, o, a]} to
     * output position {@code k*i + a} and to no other, so the output is the product
     * {@code [N*P, C] x [C, O*k^d]} (P input positions) with each row's {@code O x k^d} block moved to
     * its place. The same sequence of operations as {@code CppForward.convTranspose}, so both backends
     * round alike.
     */
    private NDArray convTranspose(Layer.ConvTranspose t, NDArray x) {
        int d = t.dims();
        long k = t.kernel();
        long[] in = x.getShape().getShape();
        long n = in[0];
        long positions = 1;
        long blockSize = 1;
        for (int i = 0; i < d; i++) {
            positions *= in[2 + i];
            blockSize *= k;
        }
        // [N, C, D1..Dd] -> [N, D1..Dd, C] -> [N*P, C]
        int[] channelsLast = new int[d + 2];
        for (int i = 0; i < d; i++) {
            channelsLast[1 + i] = 2 + i;
        }
        channelsLast[d + 1] = 1;
        NDArray rows = x.transpose(channelsLast).reshape(n * positions, t.in());
        NDArray w = get(t.name() + ".weight").reshape(t.in(), t.out() * blockSize);
        NDArray cols = rows.matMul(w);
        // [N, D1..Dd, O, k1..kd] -> [N, O, D1, k1, ..., Dd, kd] -> [N, O, D1*k, ..., Dd*k]
        long[] split = new long[2 + 2 * d];
        split[0] = n;
        for (int i = 0; i < d; i++) {
            split[1 + i] = in[2 + i];
            split[2 + d + i] = k;
        }
        split[1 + d] = t.out();
        int[] interleave = new int[2 + 2 * d];
        interleave[1] = 1 + d;
        for (int i = 0; i < d; i++) {
            interleave[2 + 2 * i] = 1 + i;
            interleave[3 + 2 * i] = 2 + d + i;
        }
        long[] outShape = new long[2 + d];
        outShape[0] = n;
        outShape[1] = t.out();
        for (int i = 0; i < d; i++) {
            outShape[2 + i] = in[2 + i] * k;
        }
        NDArray y = cols.reshape(new Shape(split)).transpose(interleave).reshape(new Shape(outShape));
        if (t.bias()) {
            long[] biasShape = new long[1 + d];
            Arrays.fill(biasShape, 1);
            biasShape[0] = t.out();
            y = y.add(get(t.name() + ".bias").reshape(new Shape(biasShape)));
        }
        return y;
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
