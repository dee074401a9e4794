package org.metalr.api.net;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a LibTorch convolution kernel sees of one {@link Layer.Conv}: the shape of the call, not its
 * weights or the size of its input. A backend hands a network's signatures to whatever decides how its
 * convolutions are computed (oneDNN or LibTorch's native kernels), which may check each one.
 *
 * <p>The backends compute a {@link Layer.ConvTranspose} as a matrix product ({@link ConvTransposePlan}),
 * not as a convolution, so it has no signature; every convolution of a description has dilation 1 and
 * one group, recorded for a complete key.
 *
 * @param dims          2 or 3
 * @param in            input channels
 * @param out           output channels
 * @param kernel        kernel side
 * @param stride        stride
 * @param padding       zero padding on every side
 * @param dilation      dilation (1)
 * @param groups        groups (1)
 * @param bias          whether the call adds a bias
 * @param inputGradient whether a backward pass needs the gradient with respect to the input: false for a
 *                      convolution whose input nothing before it with parameters has touched (it reads the
 *                      network's input, which needs no gradient)
 */
public record ConvSignature(int dims, int in, int out, int kernel, int stride, int padding, int dilation, int groups,
        boolean bias, boolean inputGradient) {

    /** The signature of {@code conv}, with or without an input gradient. */
    public static ConvSignature of(Layer.Conv conv, boolean inputGradient) {
        return new ConvSignature(conv.dims(), conv.in(), conv.out(), conv.kernel(), conv.stride(), conv.padding(), 1, 1,
                conv.bias(), inputGradient);
    }

    /** The distinct signatures of {@code network}'s convolutions, in the order of their first appearance. */
    public static List<ConvSignature> of(Network network) {
        Walk walk = new Walk();
        walk.inputNeedsGradient = false;
        network.body().accept(walk);
        return new ArrayList<>(walk.found);
    }

    /** For messages: {@code conv2d 24->8 3x3}, with the stride and padding where they are not 1 and kernel / 2. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("conv" + dims + "d " + in + "->" + out + " " + kernel);
        for (int i = 1; i < dims; i++) {
            s.append('x').append(kernel);
        }
        if (stride != 1) {
            s.append(" stride ").append(stride);
        }
        if (padding != kernel / 2) {
            s.append(" padding ").append(padding);
        }
        return s.toString();
    }

    /**
     * Walks the layers in the order a forward pass runs them, following whether the tensor reaching each
     * layer depends on a parameter (and so needs its gradient): a visitor's result is that answer for the
     * layer's output, given {@link #inputNeedsGradient} for its input.
     */
    private static final class Walk implements Layer.Visitor<Boolean> {
        private final Set<ConvSignature> found = new LinkedHashSet<>();
        private boolean inputNeedsGradient;

        private Boolean from(Layer layer, boolean input) {
            inputNeedsGradient = input;
            return layer.accept(this);
        }

        @Override
        public Boolean conv(Layer.Conv conv) {
            found.add(of(conv, inputNeedsGradient));
            return true;
        }

        @Override
        public Boolean convTranspose(Layer.ConvTranspose convTranspose) {
            return true;
        }

        @Override
        public Boolean batchNorm(Layer.BatchNorm batchNorm) {
            return true;
        }

        @Override
        public Boolean linear(Layer.Linear linear) {
            return true;
        }

        @Override
        public Boolean relu(Layer.Relu relu) {
            return inputNeedsGradient;
        }

        @Override
        public Boolean sigmoid(Layer.Sigmoid sigmoid) {
            return inputNeedsGradient;
        }

        @Override
        public Boolean maxPool(Layer.MaxPool maxPool) {
            return inputNeedsGradient;
        }

        @Override
        public Boolean globalAvgPool(Layer.GlobalAvgPool globalAvgPool) {
            return inputNeedsGradient;
        }

        @Override
        public Boolean sequential(Layer.Sequential sequential) {
            boolean x = inputNeedsGradient;
            for (Layer layer : sequential.layers()) {
                x = from(layer, x);
            }
            return x;
        }

        @Override
        public Boolean residual(Layer.Residual residual) {
            boolean x = inputNeedsGradient;
            boolean body = from(residual.body(), x);
            boolean shortcut = residual.shortcut() == null ? x : from(residual.shortcut(), x);
            return body || shortcut;
        }

        @Override
        public Boolean concat(Layer.Concat concat) {
            boolean x = inputNeedsGradient;
            boolean any = false;
            for (Layer branch : concat.branches()) {
                any |= from(branch, x);
            }
            return any;
        }
    }
}
