package org.metalr.api.net;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An engine-free description of a network, the contract between architectures (which build it) and
 * backends (which run it). Layers that own tensors carry the full dotted name prefix of those tensors,
 * so a backend never composes names: a {@link Conv} named {@code layer1.0.conv1} owns
 * {@code layer1.0.conv1.weight}, exactly as in a PyTorch {@code state_dict}.
 *
 * <p>All layers act on {@code [N, C, spatial...]} tensors, as PyTorch's modules do.
 *
 * <p>Code that treats every kind of layer (a backend's forward pass) implements {@link Visitor}: a new
 * kind of layer adds a method there, so every such place fails to compile until it handles the layer.
 */
public sealed interface Layer {

    /** {@code visitor}'s method for this kind of layer, applied to this layer. */
    <R> R accept(Visitor<R> visitor);

    /**
     * One method per kind of layer; {@link #accept} calls the one that fits. Implementations decide
     * whether they descend into the children of the containers ({@link Sequential}, {@link Residual},
     * {@link Concat}).
     *
     * @param <R> what a layer gives the visitor (a backend's forward gives a function of the input)
     */
    interface Visitor<R> {
        R conv(Conv conv);

        R convTranspose(ConvTranspose convTranspose);

        R batchNorm(BatchNorm batchNorm);

        R linear(Linear linear);

        R relu(Relu relu);

        R sigmoid(Sigmoid sigmoid);

        R maxPool(MaxPool maxPool);

        R globalAvgPool(GlobalAvgPool globalAvgPool);

        R sequential(Sequential sequential);

        R residual(Residual residual);

        R concat(Concat concat);
    }

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

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.conv(this);
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

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.convTranspose(this);
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

        /**
         * Checks that this layer can normalise an input of shape {@code [N, C, spatial...]} with batch
         * statistics (a training-mode pass): PyTorch refuses a single value per channel, whose variance
         * is undefined. Backends call it before normalising.
         *
         * @throws IllegalArgumentException naming the layer and the input's shape
         */
        public void requireBatchStatistics(long[] inputShape) {
            long values = inputShape[0];
            for (int i = 2; i < inputShape.length; i++) {
                values *= inputShape[i];
            }
            if (values <= 1) {
                throw new IllegalArgumentException("BatchNorm '" + name + "' in training mode needs more than one"
                        + " value per channel, got input of shape " + Arrays.toString(inputShape));
            }
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.batchNorm(this);
        }
    }

    /** Fully connected layer {@code y = x W^T + b}; weight {@code [out, in]}. */
    record Linear(String name, int in, int out, boolean bias) implements Layer {
        public Linear {
            Objects.requireNonNull(name, "name");
            requirePositive(in, "in");
            requirePositive(out, "out");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.linear(this);
        }
    }

    /** Rectified linear unit. */
    record Relu() implements Layer {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.relu(this);
        }
    }

    /** Logistic sigmoid, {@code 1 / (1 + exp(-x))}: the output of a network whose outputs are probabilities. */
    record Sigmoid() implements Layer {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.sigmoid(this);
        }
    }

    /** Max pooling over the spatial dimensions. */
    record MaxPool(int dims, int kernel, int stride, int padding) implements Layer {
        public MaxPool {
            requireDims(dims);
            requirePositive(kernel, "kernel");
            requirePositive(stride, "stride");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.maxPool(this);
        }
    }

    /** Average over all spatial dimensions, then flatten to {@code [N, C]}. */
    record GlobalAvgPool() implements Layer {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.globalAvgPool(this);
        }
    }

    /** Layers applied in order. */
    record Sequential(List<Layer> layers) implements Layer {
        public Sequential {
            layers = List.copyOf(layers);
        }

        public static Sequential of(Layer... layers) {
            return new Sequential(List.of(layers));
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.sequential(this);
        }
    }

    /** {@code body(x) + shortcut(x)}; a {@code null} shortcut is the identity. */
    record Residual(Layer body, Layer shortcut) implements Layer {
        public Residual {
            Objects.requireNonNull(body, "body");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.residual(this);
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

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.concat(this);
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
