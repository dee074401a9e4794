package org.metalr.api.net;

import java.util.List;
import java.util.Objects;

/**
 * An engine-free description of a network, the contract between architectures (which build it) and
 * backends (which run it). Layers that own tensors carry the full dotted name prefix of those tensors,
 * so a backend never composes names: a {@link Conv} named {@code layer1.0.conv1} owns
 * {@code layer1.0.conv1.weight}, exactly as in a PyTorch {@code state_dict}.
 *
 * <p>All layers act on {@code [N, C, spatial...]} tensors, as PyTorch's modules do.
 */
public sealed interface Layer {

    /** N-dimensional convolution ({@code dims} = 2 or 3); weight {@code [out, in, k...]}, optional bias. */
    record Conv(String name, int dims, int in, int out, int kernel, int stride, int padding, boolean bias)
            implements Layer {
        public Conv {
            Objects.requireNonNull(name, "name");
            requireDims(dims);
            requirePositive(in, "in");
            requirePositive(out, "out");
            requirePositive(kernel, "kernel");
            requirePositive(stride, "stride");
            if (padding < 0) {
                throw new IllegalArgumentException("padding must be >= 0: " + padding);
            }
        }
    }

    /**
     * Batch normalisation over the channel dimension, PyTorch semantics: in training mode it
     * normalises with the batch statistics and moves {@code running_mean} and {@code running_var}
     * (unbiased batch variance) by {@code momentum}, and counts {@code num_batches_tracked}; in
     * evaluation mode it normalises with the running statistics.
     */
    record BatchNorm(String name, int dims, int channels, double eps, double momentum) implements Layer {
        public BatchNorm {
            Objects.requireNonNull(name, "name");
            requireDims(dims);
            requirePositive(channels, "channels");
        }

        /** PyTorch's defaults: eps 1e-5, momentum 0.1. */
        public BatchNorm(String name, int dims, int channels) {
            this(name, dims, channels, 1e-5, 0.1);
        }
    }

    /** Fully connected layer {@code y = x W^T + b}; weight {@code [out, in]}. */
    record Linear(String name, int in, int out, boolean bias) implements Layer {
        public Linear {
            Objects.requireNonNull(name, "name");
            requirePositive(in, "in");
            requirePositive(out, "out");
        }
    }

    /** Rectified linear unit. */
    record Relu() implements Layer {}

    /** Max pooling over the spatial dimensions. */
    record MaxPool(int dims, int kernel, int stride, int padding) implements Layer {
        public MaxPool {
            requireDims(dims);
            requirePositive(kernel, "kernel");
            requirePositive(stride, "stride");
        }
    }

    /** Average over all spatial dimensions, then flatten to {@code [N, C]}. */
    record GlobalAvgPool() implements Layer {}

    /** Layers applied in order. */
    record Sequential(List<Layer> layers) implements Layer {
        public Sequential {
            layers = List.copyOf(layers);
        }

        public static Sequential of(Layer... layers) {
            return new Sequential(List.of(layers));
        }
    }

    /** {@code body(x) + shortcut(x)}; a {@code null} shortcut is the identity. */
    record Residual(Layer body, Layer shortcut) implements Layer {
        public Residual {
            Objects.requireNonNull(body, "body");
        }
    }

    private static void requireDims(int dims) {
        if (dims != 2 && dims != 3) {
            throw new IllegalArgumentException("dims must be 2 or 3: " + dims);
        }
    }

    private static void requirePositive(int value, String what) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive: " + value);
        }
    }
}
