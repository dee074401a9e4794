package org.metalr.models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.metalr.api.HostTensor;
import org.metalr.api.TensorInfo;
import org.metalr.api.net.Layer;
import org.metalr.api.net.Network;

/**
 * Engine-free, seeded initial states, so every backend starts from bit-identical weights. Each
 * tensor draws from its own stream, derived from the seed and the tensor's name, so a tensor's
 * values do not depend on which other tensors exist. All tensors are float64 (counters int64).
 */
public final class Initializers {

    private Initializers() {}

    /** How convolution and linear weights are drawn. */
    private enum Scheme { KAIMING, TORCH_DEFAULT }

    /**
     * torchvision's ResNet initialisation: convolutions (transposed ones too) Kaiming-normal
     * (fan-out as PyTorch counts it, ReLU gain) with zero bias, BatchNorm weight 1 and bias 0, linear
     * layers uniform in +-1/sqrt(fan-in) as {@code nn.Linear}; running mean 0, running variance 1,
     * counters 0.
     */
    public static Map<String, HostTensor> kaiming(Network network, long seed) {
        return build(network, seed, Scheme.KAIMING, false);
    }

    /**
     * Like {@link #kaiming} but with BatchNorm affine parameters and running statistics drawn at
     * random around their defaults, so tests see every tensor matter.
     */
    public static Map<String, HostTensor> randomized(Network network, long seed) {
        return build(network, seed, Scheme.KAIMING, true);
    }

    /**
     * PyTorch's own initialisation of its modules, which networks without an initialisation of
     * their own (Models Genesis' 3D U-Net) start from: weights and biases of convolutions,
     * transposed convolutions and linear layers uniform in +-1/sqrt(fan-in), fan-in as PyTorch
     * counts it ({@code weight.size(1)} times the kernel volume); BatchNorm weight 1, bias 0,
     * running mean 0, running variance 1, counters 0.
     */
    public static Map<String, HostTensor> torchDefault(Network network, long seed) {
        return build(network, seed, Scheme.TORCH_DEFAULT, false);
    }

    private static Map<String, HostTensor> build(Network network, long seed, Scheme scheme, boolean randomNorm) {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (Layer leaf : network.leaves()) {
            List<TensorInfo> params = Network.parametersOf(leaf);
            for (TensorInfo t : params) {
                out.put(t.name(), parameter(leaf, params.get(0), t, stream(seed, t.name()), scheme, randomNorm));
            }
        }
        for (Layer leaf : network.leaves()) {
            for (TensorInfo t : Network.buffersOf(leaf)) {
                out.put(t.name(), buffer(t, stream(seed, t.name()), randomNorm));
            }
        }
        return out;
    }

    private static SplittableRandom stream(long seed, String name) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + name.hashCode());
    }

    /**
     * @param weight the layer's weight, whose shape gives PyTorch's fan-in ({@code size(1)} times the
     *               kernel volume) and fan-out ({@code size(0)} times the kernel volume)
     */
    private static HostTensor parameter(Layer layer, TensorInfo weight, TensorInfo t, SplittableRandom rnd,
            Scheme scheme, boolean randomNorm) {
        long[] shape = t.shape();
        double[] v = new double[Math.toIntExact(t.numel())];
        boolean isWeight = t.name().endsWith(".weight");
        if (layer instanceof Layer.BatchNorm) {
            double base = isWeight ? 1.0 : 0.0;
            for (int i = 0; i < v.length; i++) {
                v[i] = randomNorm ? base + 0.1 * rnd.nextGaussian() : base;
            }
            return HostTensor.of(v, shape);
        }
        if (!(layer instanceof Layer.Conv || layer instanceof Layer.ConvTranspose || layer instanceof Layer.Linear)) {
            throw new IllegalArgumentException("no initialisation for " + layer);
        }
        long[] w = weight.shape();
        long receptive = 1;
        for (int i = 2; i < w.length; i++) {
            receptive *= w[i];
        }
        double fanIn = (double) w[1] * receptive;
        double fanOut = (double) w[0] * receptive;
        if (scheme == Scheme.KAIMING && !(layer instanceof Layer.Linear)) {
            double std = isWeight ? Math.sqrt(2.0 / fanOut) : 0.0;
            for (int i = 0; i < v.length; i++) {
                v[i] = std * rnd.nextGaussian();
            }
        } else {
            double bound = 1.0 / Math.sqrt(fanIn);
            for (int i = 0; i < v.length; i++) {
                v[i] = bound * (2 * rnd.nextDouble() - 1);
            }
        }
        return HostTensor.of(v, shape);
    }

    private static HostTensor buffer(TensorInfo t, SplittableRandom rnd, boolean randomNorm) {
        long[] shape = t.shape();
        int n = Math.toIntExact(t.numel());
        if (t.name().endsWith("num_batches_tracked")) {
            return HostTensor.ofLongs(new long[n], shape);
        }
        boolean var = t.name().endsWith("running_var");
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double base = var ? 1.0 : 0.0;
            double noise = var ? 0.2 * Math.abs(rnd.nextGaussian()) : 0.1 * rnd.nextGaussian();
            v[i] = randomNorm ? base + noise : base;
        }
        return HostTensor.of(v, shape);
    }
}
