package org.metalr.djl;

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

/** Small models and batches shared by the tests. */
final class DjlFixtures {

    static final int CLASSES = 3;
    static final int WIDTH = 4;
    static final int SIZE = 8;
    static final int BATCH = 4;

    private static final DjlBackend BACKEND = new DjlBackend();

    private DjlFixtures() {}

    static DjlBackend backend() {
        return BACKEND;
    }

    static Network smallCnn() {
        return SmallCnn.network(3, WIDTH, CLASSES);
    }

    /** SmallCnn with randomised BatchNorm tensors, so every tensor matters. */
    static Differentiable smallCnn(DType dtype) {
        Network net = smallCnn();
        return BACKEND.create(net, Initializers.randomized(net, 7), dtype);
    }

    /**
     * BatchNorm straight on the input, then pooling and a linear head: small enough to check by hand.
     */
    static Network bnHead(int channels) {
        Layer body = Layer.Sequential.of(
                new Layer.BatchNorm("bn", 2, channels),
                new Layer.GlobalAvgPool(),
                new Layer.Linear("fc", channels, CLASSES, true));
        return new Network("bn-head", body, Network.Loss.CROSS_ENTROPY,
                List.of(ParamGroup.of("bn", "bn"), ParamGroup.of("fc", "fc")));
    }

    static Batch batch(long seed, int channels) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] x = new double[BATCH * channels * SIZE * SIZE];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextGaussian();
        }
        long[] labels = new long[BATCH];
        for (int i = 0; i < BATCH; i++) {
            labels[i] = rnd.nextInt(CLASSES);
        }
        return new Batch(HostTensor.of(x, BATCH, channels, SIZE, SIZE), labels);
    }

    static Batch batch(long seed) {
        return batch(seed, 3);
    }

    static boolean[] all(int n, boolean value) {
        boolean[] out = new boolean[n];
        java.util.Arrays.fill(out, value);
        return out;
    }

    /** A copy of {@code state} with {@code name} replaced. */
    static Map<String, HostTensor> with(Map<String, HostTensor> state, String name, HostTensor value) {
        Map<String, HostTensor> out = new LinkedHashMap<>(state);
        out.put(name, value);
        return out;
    }
}
