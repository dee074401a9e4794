package org.metalr.javacpp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.HostTensor;
import org.metalr.api.ParamGroup;
import org.metalr.api.net.Layer;
import org.metalr.api.net.Network;
import org.metalr.models.Initializers;
import org.metalr.models.SmallCnn;

/** Small models and batches shared by the tests: SmallCnn of width 4 on 8x8 inputs, batches of 4. */
final class CppFixtures {

    static final int CHANNELS = 3;
    static final int CLASSES = 3;
    static final int SIDE = 8;
    static final int BATCH = 4;

    private CppFixtures() {}

    static final CppBackend BACKEND = new CppBackend();

    static Network smallCnn() {
        return SmallCnn.network(CHANNELS, 4, CLASSES);
    }

    static Differentiable smallCnn(DType dtype, long seed) {
        Network net = smallCnn();
        return BACKEND.create(net, Initializers.randomized(net, seed), dtype);
    }

    /** A batch of {@code n} random images of shape [channels, side, side] with labels in [0, classes). */
    static Batch batch(long seed, int n, int channels, int side) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] x = new double[n * channels * side * side];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextGaussian();
        }
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextInt(CLASSES);
        }
        return new Batch(HostTensor.of(x, n, channels, side, side), y);
    }

    static Batch batch(long seed) {
        return batch(seed, BATCH, CHANNELS, SIDE);
    }

    /**
     * BatchNorm over the raw input, global pooling and a linear head: small enough to check by hand.
     * Parameters: bn.weight, bn.bias, fc.weight, fc.bias.
     */
    static Network normHead(int channels) {
        Layer body = Layer.Sequential.of(
                new Layer.BatchNorm("bn", 2, channels),
                new Layer.GlobalAvgPool(),
                new Layer.Linear("fc", channels, CLASSES, true));
        return new Network("norm-head", body, Network.Loss.CROSS_ENTROPY,
                List.of(ParamGroup.of("bn", "bn"), ParamGroup.of("fc", "fc")));
    }

    static boolean[] all(Differentiable m, boolean value) {
        boolean[] out = new boolean[m.parameters().size()];
        java.util.Arrays.fill(out, value);
        return out;
    }

    static Map<String, HostTensor> copy(Map<String, HostTensor> state) {
        return new LinkedHashMap<>(state);
    }

    static double maxRelDiff(double[] a, double[] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            double scale = Math.max(1e-12, Math.max(Math.abs(a[i]), Math.abs(b[i])));
            worst = Math.max(worst, Math.abs(a[i] - b[i]) / scale);
        }
        return worst;
    }
}
