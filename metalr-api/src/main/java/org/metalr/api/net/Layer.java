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
     * N-dimensional transposed convolution ({@code dims} = 2 or 3), as PyTorch's
     * {@code ConvTranspose2d}/{@code ConvTranspose3d} without padding: weight {@code [in, out, k...]}
     * (PyTorch's layout), optional bias {@code [out]}. Each input position spreads over its own
     * {@code k x k (x k)} output block, so the stride must equal the kernel (the up-sampling of a
     * U-Net); every spatial size is multiplied by the kernel.
     */
    record ConvTranspose(String name, int dims, int in, int out, int kernel, int stride, boolean bias)
            implements Layer {
        public ConvTranspose {
            Objects.requireNonNull(name, "name");
            requireDims(dims);
            requirePositive(in, "in");
            requirePositive(out, "out");
            requirePositive(kernel, "kernel");
            requirePositive(stride, "stride");
            if (stride != kernel) {
                throw new IllegalArgumentException("transposed convolution '" + name + "': the stride must equal the"
                        + " kernel (non-overlapping up-sampling); got kernel " + kernel + ", stride " + stride);
            }
        }
    }

    /**
     * Batch normalisation over the channel dimension, PyTorch semantics: in training mode it
     * normalises with the batch statistics and moves {@code running_mean} and {@code running_var}
     * (unbiased batch variance) by {@code momentum}, and counts {@code num_batches_tracked}; in
     * evaluation mode it normalises with the running statistics.
     *
     * <p>With {@code batchStatisticsInEval} it normalises with the batch statistics in evaluation mode
     * too, as Models Genesis' {@code ContBatchNorm3d} does: their checkpoints were trained and are
     * evaluated that way. Training passes still move the running statistics and the counter as
     * above; evaluation passes leave every buffer alone. (Their layer also moves the running
     * statistics in evaluation passes and never counts; with the option on, neither affects an
     * output, since the running statistics are then never used.)
     */
    record BatchNorm(String name, int dims, int channels, double eps, double momentum, boolean batchStatisticsInEval)
            implements Layer {
        public BatchNorm {
            Objects.requireNonNull(name, "name");
            requireDims(dims);
            requirePositive(channels, "channels");
        }

        /** PyTorch's semantics: running statistics in evaluation mode. */
        public BatchNorm(String name, int dims, int channels, double eps, double momentum) {
            this(name, dims, channels, eps, momentum, false);
        }

        /** PyTorch's defaults: eps 1e-5, momentum 0.1, running statistics in evaluation mode. */
        public BatchNorm(String name, int dims, int channels) {
            this(name, dims, channels, 1e-5, 0.1, false);
        }

        /** This layer, normalising with batch statistics in evaluation mode or not. */
        public BatchNorm withBatchStatisticsInEval(boolean on) {
            return new BatchNorm(name, dims, channels, eps, momentum, on);
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

    /** Logistic sigmoid, {@code 1 / (1 + exp(-x))}: the output of a network whose outputs are probabilities. */
    record Sigmoid() implements Layer {}

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

    /**
     * Applies every branch to the same input and concatenates the results on the channel dimension,
     * in branch order: a U-Net's skip connection is {@code Concat.of(upPath, Sequential.of())}, an
     * empty {@link Sequential} being the identity. The branches must agree in every dimension but the
     * channels.
     */
    record Concat(List<Layer> branches) implements Layer {
        public Concat {
            branches = List.copyOf(branches);
            if (branches.size() < 2) {
                throw new IllegalArgumentException("a concatenation needs at least two branches, got " + branches.size());
            }
        }

        public static Concat of(Layer... branches) {
            return new Concat(List.of(branches));
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
