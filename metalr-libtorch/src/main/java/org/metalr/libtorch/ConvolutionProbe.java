package org.metalr.libtorch;

import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.AutoGradMode;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.metalr.api.net.ConvSignature;

/**
 * Compares one convolution signature computed in float32 under the current oneDNN setting with the same
 * call in float64 (which oneDNN never handles): output (with and without autograd recording, as in
 * training and evaluation), input gradient (where the signature needs it),
 * weight gradient and bias gradient, at two batch sizes and two spatial sizes with odd sides, so that
 * channel blocks and spatial tails both end part-way. The batches are large enough that LibTorch hands
 * the call to oneDNN whatever the thread count (a 1x1 kernel of stride 1 needs 16 samples, any other
 * kernel 2). Each comparison costs one float32 and one float64 forward and backward pass of a few
 * hundred positions.
 */
final class ConvolutionProbe {

    /** Relative to the largest magnitude: float32 rounding is far below, the errors seen far above. */
    static final double TOLERANCE = 1e-3;

    /** Odd spatial sides of the two probe sizes (the first {@code dims} of each are used). */
    private static final int[][] SIDES = {{7, 5, 5}, {5, 9, 3}};

    private ConvolutionProbe() {}

    /**
     * The first of {@code output}, {@code output without autograd}, {@code input gradient},
     * {@code weight gradient}, {@code bias gradient}
     * on which float32 differs from float64 for {@code signature} under the current setting; empty when all
     * agree.
     */
    static Optional<String> firstDisagreement(ConvSignature signature) {
        int batch = signature.kernel() == 1 && signature.stride() == 1 ? 16 : 2;
        for (int i = 0; i < SIDES.length; i++) {
            long[] sides = new long[signature.dims()];
            for (int d = 0; d < sides.length; d++) {
                sides[d] = Math.max(SIDES[i][d], signature.kernel());
            }
            Optional<String> wrong = compare(signature, batch + i, sides, 20261203L + i);
            if (wrong.isPresent()) {
                return wrong;
            }
        }
        return Optional.empty();
    }

    /** The first disagreement of one float32 pass of {@code signature} on {@code [batch, in, sides...]} with float64. */
    @SuppressWarnings("try") // the guards act through their lifetime
    static Optional<String> compare(ConvSignature signature, int batch, long[] sides, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        try (PointerScope scope = new PointerScope(); AutoGradMode grad = new AutoGradMode(true)) {
            long[] inputShape = shape(batch, signature.in(), sides);
            long[] weightShape = shape(signature.out(), signature.in(), filled(signature.dims(), signature.kernel()));
            long[] outSides = new long[sides.length];
            for (int d = 0; d < sides.length; d++) {
                outSides[d] = (sides[d] + 2L * signature.padding() - signature.kernel()) / signature.stride() + 1;
            }
            double[] x = uniform(random, inputShape);
            double[] w = uniform(random, weightShape);
            double[] b = uniform(random, new long[] {signature.out()});
            double[] upstream = uniform(random, shape(batch, signature.out(), outSides));
            Tensor[] single = pass(signature, x, w, b, upstream, inputShape, weightShape, outSides, ScalarType.Float);
            Tensor[] reference = pass(signature, x, w, b, upstream, inputShape, weightShape, outSides, ScalarType.Double);
            String[] names = {"output", "output without autograd", "input gradient", "weight gradient", "bias gradient"};
            for (int i = 0; i < names.length; i++) {
                if (single[i] != null && !close(single[i], reference[i])) {
                    return Optional.of(names[i]);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * Output, output of the same call without autograd, input gradient (or null), weight gradient and
     * bias gradient (or null).
     */
    private static Tensor[] pass(ConvSignature s, double[] x, double[] w, double[] b, double[] upstream,
            long[] inputShape, long[] weightShape, long[] outSides, ScalarType type) {
        Tensor input = tensor(x, type, inputShape).set_requires_grad(s.inputGradient());
        Tensor weight = tensor(w, type, weightShape).set_requires_grad(true);
        Tensor bias = s.bias() ? tensor(b, type, new long[] {s.out()}).set_requires_grad(true) : null;
        long[] stride = filled(s.dims(), s.stride());
        long[] padding = filled(s.dims(), s.padding());
        long[] dilation = filled(s.dims(), s.dilation());
        Tensor inference;
        try (AutoGradMode off = new AutoGradMode(false)) {
            // oneDNN may pick another primitive for a pass that records nothing (evaluation)
            inference = call(s, input.detach(), weight.detach(), bias == null ? null : bias.detach(), stride, padding,
                    dilation);
        }
        Tensor y = call(s, input, weight, bias, stride, padding, dilation);
        torch.sum(y.mul(tensor(upstream, type, shape(inputShape[0], s.out(), outSides)))).backward();
        return new Tensor[] {y.detach(), inference, s.inputGradient() ? input.grad() : null, weight.grad(),
                bias == null ? null : bias.grad()};
    }

    private static Tensor call(ConvSignature s, Tensor input, Tensor weight, Tensor bias, long[] stride, long[] padding,
            long[] dilation) {
        TensorOptional biasArg = bias == null ? new TensorOptional() : new TensorOptional(bias);
        return s.dims() == 2
                ? torch.conv2d(input, weight, biasArg, stride, padding, dilation, s.groups())
                : torch.conv3d(input, weight, biasArg, stride, padding, dilation, s.groups());
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

    private static long[] shape(long first, long channels, long[] sides) {
        long[] shape = new long[2 + sides.length];
        shape[0] = first;
        shape[1] = channels;
        System.arraycopy(sides, 0, shape, 2, sides.length);
        return shape;
    }

    private static long[] filled(int length, long value) {
        long[] out = new long[length];
        Arrays.fill(out, value);
        return out;
    }

    private static double[] uniform(SplittableRandom random, long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        double[] out = new double[Math.toIntExact(n)];
        for (int i = 0; i < out.length; i++) {
            out[i] = random.nextDouble(-1, 1);
        }
        return out;
    }
}
