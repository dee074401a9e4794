package org.metalr.models;

import java.util.LinkedHashMap;
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

    /**
     * torchvision's ResNet initialisation: convolutions Kaiming-normal (fan-out, ReLU gain),
     * BatchNorm weight 1 and bias 0, linear layers uniform in +-1/sqrt(fan-in) as {@code nn.Linear};
     * running mean 0, running variance 1, counters 0.
     */
    public static Map<String, HostTensor> kaiming(Network network, long seed) {
        return build(network, seed, false);
    }

    /**
     * Like {@link #kaiming} but with BatchNorm affine parameters and running statistics drawn at
     * random around their defaults, so tests see every tensor matter.
     */
    public static Map<String, HostTensor> randomized(Network network, long seed) {
        return build(network, seed, true);
    }

    private static Map<String, HostTensor> build(Network network, long seed, boolean randomNorm) {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (Layer leaf : network.leaves()) {
            for (TensorInfo t : Network.parametersOf(leaf)) {
                out.put(t.name(), parameter(leaf, t, stream(seed, t.name()), randomNorm));
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

    private static HostTensor parameter(Layer layer, TensorInfo t, SplittableRandom rnd, boolean randomNorm) {
        long[] shape = t.shape();
        double[] v = new double[Math.toIntExact(t.numel())];
        boolean weight = t.name().endsWith(".weight");
        if (layer instanceof Layer.Conv c) {
            double fanOut = (double) c.out() * Math.pow(c.kernel(), c.dims());
            double std = weight ? Math.sqrt(2.0 / fanOut) : 0.0;
            for (int i = 0; i < v.length; i++) {
                v[i] = std * rnd.nextGaussian();
            }
        } else if (layer instanceof Layer.BatchNorm) {
            double base = weight ? 1.0 : 0.0;
            for (int i = 0; i < v.length; i++) {
                v[i] = randomNorm ? base + 0.1 * rnd.nextGaussian() : base;
            }
        } else if (layer instanceof Layer.Linear l) {
            double bound = 1.0 / Math.sqrt(l.in());
            for (int i = 0; i < v.length; i++) {
                v[i] = bound * (2 * rnd.nextDouble() - 1);
            }
        } else {
            throw new IllegalArgumentException("no initialisation for " + layer);
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
