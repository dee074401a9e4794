package org.metalr.libtorch;

import java.util.SplittableRandom;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.AutoGradMode;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Checks LibTorch's oneDNN (MKL-DNN) convolutions against its native ones before anything trains.
 *
 * <p>On some CPUs the oneDNN 3.7.1 inside LibTorch 2.7.1 computes float32 convolutions wrongly when
 * a channel count is not a multiple of its block size (16 with AVX-512): seen on an AMD EPYC (Zen 5)
 * the input gradient of a 3x3 convolution with 8 or 24 output channels, and the output of one with 24
 * input channels, were off by the size of the values themselves, or NaN, while the same calls with 16
 * or 32 channels, and the native kernels, were right. Nothing reports the error, so the check runs
 * such convolutions in float32 with oneDNN and in float64 (which oneDNN never handles) and compares.
 * Where they differ, oneDNN is switched off for the process: slower (two to three times for a
 * ResNet-18 pass on that machine), never wrong.
 */
final class OneDnnCheck {

    /** What the process runs its CPU convolutions with, and why. */
    enum Status {
        /** oneDNN, which passed the check. */
        ENABLED("oneDNN (checked)"),
        /** LibTorch's native kernels: oneDNN gave wrong convolutions on this CPU. */
        DISABLED_WRONG("native (oneDNN gave wrong convolutions on this CPU)"),
        /** oneDNN, unchecked, as {@code metalr.onednn=on} asks. */
        FORCED_ON("oneDNN (unchecked: metalr.onednn=on)"),
        /** LibTorch's native kernels, as {@code metalr.onednn=off} asks. */
        FORCED_OFF("native (metalr.onednn=off)"),
        /** LibTorch was built without oneDNN. */
        UNAVAILABLE("native (no oneDNN in this LibTorch)");

        private final String description;

        Status(String description) {
            this.description = description;
        }

        String description() {
            return description;
        }
    }

    /** {@code [batch, inChannels, outChannels, side, dims]} of the probes: channel counts oneDNN pads. */
    private static final int[][] PROBES = {{2, 24, 8, 6, 2}, {4, 8, 24, 5, 2}, {2, 24, 8, 4, 3}};

    /** Relative to the largest magnitude: float32 rounding is far below, the errors seen far above. */
    private static final double TOLERANCE = 1e-3;

    private OneDnnCheck() {}

    /** Applies {@code policy} ({@code auto}, {@code on} or {@code off}) to the loaded LibTorch. */
    static Status apply(String policy) {
        if (!policy.equals("auto") && !policy.equals("on") && !policy.equals("off")) {
            throw new IllegalArgumentException(SharedLibTorch.ONEDNN_PROPERTY + " must be auto, on or off, got '"
                    + policy + "'");
        }
        if (!torch.hasMKLDNN()) {
            return Status.UNAVAILABLE;
        }
        switch (policy) {
            case "on":
                return Status.FORCED_ON;
            case "off":
                torch.globalContext().setUserEnabledMkldnn(false);
                return Status.FORCED_OFF;
            default:
                if (convolutionsAgree()) {
                    return Status.ENABLED;
                }
                torch.globalContext().setUserEnabledMkldnn(false);
                return Status.DISABLED_WRONG;
        }
    }

    /** Whether every probe's output, input gradient and weight gradient agree between float32 and float64. */
    @SuppressWarnings("try") // the guards act through their lifetime
    static boolean convolutionsAgree() {
        SplittableRandom random = new SplittableRandom(20261203L);
        try (PointerScope scope = new PointerScope(); AutoGradMode grad = new AutoGradMode(true)) {
            for (int[] probe : PROBES) {
                int n = probe[0];
                int in = probe[1];
                int out = probe[2];
                int side = probe[3];
                int dims = probe[4];
                double[] x = uniform(random, n * in * pow(side, dims));
                double[] w = uniform(random, out * in * pow(3, dims));
                double[] seed = uniform(random, n * out * pow(side, dims));
                Tensor[] single = pass(x, w, seed, n, in, out, side, dims, ScalarType.Float);
                Tensor[] reference = pass(x, w, seed, n, in, out, side, dims, ScalarType.Double);
                for (int i = 0; i < single.length; i++) {
                    if (!close(single[i], reference[i])) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** Output, input gradient and weight gradient of a 3x3(x3) convolution, stride 1, padding 1. */
    private static Tensor[] pass(double[] x, double[] w, double[] seed, int n, int in, int out, int side, int dims,
            ScalarType type) {
        Tensor input = tensor(x, type, shape(n, in, side, dims)).set_requires_grad(true);
        Tensor weight = tensor(w, type, shape(out, in, 3, dims)).set_requires_grad(true);
        long[] ones = filled(dims, 1);
        Tensor y = dims == 2
                ? torch.conv2d(input, weight, new TensorOptional(), ones, ones, ones, 1)
                : torch.conv3d(input, weight, new TensorOptional(), ones, ones, ones, 1);
        torch.sum(y.mul(tensor(seed, type, shape(n, out, side, dims)))).backward();
        return new Tensor[] {y.detach(), input.grad(), weight.grad()};
    }

    private static boolean close(Tensor actual, Tensor expected) {
        Tensor a = actual.to(ScalarType.Double);
        double scale = torch.max(torch.abs(expected)).item_double();
        double error = torch.max(torch.abs(a.sub(expected))).item_double();
        return error <= TOLERANCE * (1 + scale); // false for NaN too
    }

    private static Tensor tensor(double[] values, ScalarType type, long[] shape) {
        Tensor t = torch.empty(shape, new TensorOptions(ScalarType.Double), new MemoryFormatOptional());
        t.data_ptr_double().put(values);
        return t.to(type);
    }

    private static long[] shape(int first, int channels, int side, int dims) {
        long[] shape = filled(2 + dims, side);
        shape[0] = first;
        shape[1] = channels;
        return shape;
    }

    private static long[] filled(int length, long value) {
        long[] out = new long[length];
        java.util.Arrays.fill(out, value);
        return out;
    }

    private static double[] uniform(SplittableRandom random, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = random.nextDouble(-1, 1);
        }
        return out;
    }

    private static int pow(int base, int exponent) {
        int out = 1;
        for (int i = 0; i < exponent; i++) {
            out *= base;
        }
        return out;
    }
}
