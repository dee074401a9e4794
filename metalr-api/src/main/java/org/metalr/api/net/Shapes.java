package org.metalr.api.net;

import java.util.Arrays;

/** Shape inference over a {@link Layer} tree, for {@link Network#outputShape}. Stateless. */
final class Shapes {

    private Shapes() {}

    /** The output shape of {@code layer} for an input of shape {@code x} ({@code [N, C, spatial...]}). */
    static long[] of(Layer layer, long[] x) {
        if (layer instanceof Layer.Sequential s) {
            long[] y = x;
            for (Layer child : s.layers()) {
                y = of(child, y);
            }
            return y;
        }
        if (layer instanceof Layer.Residual r) {
            long[] body = of(r.body(), x);
            long[] shortcut = r.shortcut() == null ? x : of(r.shortcut(), x);
            if (!Arrays.equals(body, shortcut)) {
                throw new IllegalArgumentException("residual block: the body gives " + Arrays.toString(body)
                        + " but the shortcut gives " + Arrays.toString(shortcut) + " for input " + Arrays.toString(x));
            }
            return body;
        }
        if (layer instanceof Layer.Concat c) {
            return concat(c, x);
        }
        if (layer instanceof Layer.Conv c) {
            requireInput(x, c.dims(), c.in(), "convolution '" + c.name() + "'");
            return sliding(x, c.out(), c.kernel(), c.stride(), c.padding(), "convolution '" + c.name() + "'");
        }
        if (layer instanceof Layer.ConvTranspose t) {
            requireInput(x, t.dims(), t.in(), "transposed convolution '" + t.name() + "'");
            long[] y = x.clone();
            y[1] = t.out();
            for (int i = 2; i < y.length; i++) {
                y[i] = x[i] * t.kernel();
            }
            return y;
        }
        if (layer instanceof Layer.BatchNorm b) {
            requireInput(x, b.dims(), b.channels(), "BatchNorm '" + b.name() + "'");
            return x;
        }
        if (layer instanceof Layer.Linear l) {
            if (x.length != 2 || x[1] != l.in()) {
                throw new IllegalArgumentException("linear layer '" + l.name() + "' expects input [N, " + l.in()
                        + "], got " + Arrays.toString(x));
            }
            return new long[] {x[0], l.out()};
        }
        if (layer instanceof Layer.MaxPool m) {
            requireRank(x, m.dims(), "max pooling");
            return sliding(x, x[1], m.kernel(), m.stride(), m.padding(), "max pooling");
        }
        if (layer instanceof Layer.GlobalAvgPool) {
            if (x.length < 3) {
                throw new IllegalArgumentException("global average pooling needs spatial dimensions, got "
                        + Arrays.toString(x));
            }
            return new long[] {x[0], x[1]};
        }
        if (layer instanceof Layer.Relu || layer instanceof Layer.Sigmoid) {
            return x;
        }
        throw new IllegalArgumentException("no shape rule for " + layer);
    }

    private static long[] concat(Layer.Concat c, long[] x) {
        long[] first = null;
        long channels = 0;
        for (int i = 0; i < c.branches().size(); i++) {
            long[] y = of(c.branches().get(i), x);
            if (y.length < 2) {
                throw new IllegalArgumentException("concatenation branch " + i + " gives " + Arrays.toString(y)
                        + ", which has no channel dimension");
            }
            if (first == null) {
                first = y;
            } else if (y.length != first.length || y[0] != first[0]
                    || !Arrays.equals(y, 2, y.length, first, 2, first.length)) {
                throw new IllegalArgumentException("concatenation branch " + i + " gives " + Arrays.toString(y)
                        + " but branch 0 gives " + Arrays.toString(first) + " for input " + Arrays.toString(x)
                        + "; they must agree in every dimension but the channels");
            }
            channels += y[1];
        }
        long[] out = first.clone();
        out[1] = channels;
        return out;
    }

    /** Output of a kernel sliding over the spatial dimensions, PyTorch's floor rule. */
    private static long[] sliding(long[] x, long channels, int kernel, int stride, int padding, String what) {
        long[] y = x.clone();
        y[1] = channels;
        for (int i = 2; i < x.length; i++) {
            long span = x[i] + 2L * padding - kernel;
            if (span < 0) {
                throw new IllegalArgumentException(what + ": spatial size " + x[i] + " (padded by " + padding
                        + ") is smaller than the kernel " + kernel + "; input " + Arrays.toString(x));
            }
            y[i] = span / stride + 1;
        }
        return y;
    }

    private static void requireInput(long[] x, int dims, long channels, String what) {
        requireRank(x, dims, what);
        if (x[1] != channels) {
            throw new IllegalArgumentException(what + " expects " + channels + " input channels, got input "
                    + Arrays.toString(x));
        }
    }

    private static void requireRank(long[] x, int dims, String what) {
        if (x.length != dims + 2) {
            throw new IllegalArgumentException(what + " expects " + (dims + 2) + "-dimensional input [N, C"
                    + ", spatial".repeat(dims) + "], got " + Arrays.toString(x));
        }
    }
}
