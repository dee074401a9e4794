package org.metalr.javacpp;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.HostTensor;
import org.metalr.api.net.Network;
import org.metalr.models.Initializers;
import org.metalr.models.SmallCnn;

/**
 * The binding's tests' models and batches: SmallCnn of width 4 on 8x8 inputs, batches of 4. (The
 * backend contract, the same for every backend, is {@code metalr-conformance}'s suite.)
 */
final class CppFixtures {

    static final int CHANNELS = 3;
    static final int CLASSES = 3;
    static final int SIZE = 8;
    static final int BATCH = 4;

    private static final CppBackend BACKEND = new CppBackend();

    private CppFixtures() {}

    static CppBackend backend() {
        return BACKEND;
    }

    /** SmallCnn with randomised BatchNorm tensors, so every tensor matters. */
    static Differentiable smallCnn(DType dtype) {
        Network net = SmallCnn.network(CHANNELS, 4, CLASSES);
        return BACKEND.create(net, Initializers.randomized(net, 7), dtype);
    }

    /** {@link #BATCH} random images of {@code [CHANNELS, SIZE, SIZE]} with labels in {@code [0, CLASSES)}. */
    static Batch batch(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] x = new double[BATCH * CHANNELS * SIZE * SIZE];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextGaussian();
        }
        long[] labels = new long[BATCH];
        for (int i = 0; i < BATCH; i++) {
            labels[i] = rnd.nextInt(CLASSES);
        }
        return new Batch(HostTensor.of(x, BATCH, CHANNELS, SIZE, SIZE), labels);
    }

    /** The largest relative difference, element by element, the scale floored at 1e-12. */
    static double maxRelDiff(double[] a, double[] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            double scale = Math.max(1e-12, Math.max(Math.abs(a[i]), Math.abs(b[i])));
            worst = Math.max(worst, Math.abs(a[i] - b[i]) / scale);
        }
        return worst;
    }

    /** {@code n} flags, all {@code value}. */
    static boolean[] all(int n, boolean value) {
        boolean[] out = new boolean[n];
        Arrays.fill(out, value);
        return out;
    }
}
