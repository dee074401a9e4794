package org.metalr.conformance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.metalr.api.Backend;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.HostTensor;
import org.metalr.api.LrRule;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.ParamGroup;
import org.metalr.api.TensorInfo;
import org.metalr.api.net.Layer;
import org.metalr.api.net.Network;
import org.metalr.backends.Backends;
import org.metalr.models.Initializers;
import org.metalr.models.SmallCnn;

/** The models, batches, rules and optimizers every conformance test draws from. */
final class Cases {

    static final int CHANNELS = 3;
    static final int WIDTH = 4;
    static final int CLASSES = 3;
    static final int SIZE = 8;
    static final int BATCH = 4;
    static final long WEIGHT_SEED = 7;

    static final Network NETWORK = SmallCnn.network(CHANNELS, WIDTH, CLASSES);

    private Cases() {}

    /** The name of every backend on the class path: what the contract suite runs over ({@link EveryBackend}). */
    static Stream<String> backends() {
        return Backends.available().stream();
    }

    static Backend backend(String name) {
        return Backends.named(name);
    }

    static Map<String, HostTensor> initialState() {
        return Initializers.randomized(NETWORK, WEIGHT_SEED);
    }

    static Differentiable model(String backend, DType dtype) {
        return backend(backend).create(NETWORK, initialState(), dtype);
    }

    /** {@link #NETWORK} from {@code Initializers.randomized(NETWORK, seed)}. */
    static Differentiable model(String backend, DType dtype, long seed) {
        return backend(backend).create(NETWORK, Initializers.randomized(NETWORK, seed), dtype);
    }

    /**
     * BatchNorm straight on the input, global pooling and a linear head, small enough to check by hand:
     * parameters {@code bn.weight, bn.bias, fc.weight, fc.bias}.
     */
    static Network normHead(int channels) {
        return new Network("norm-head", Layer.Sequential.of(
                new Layer.BatchNorm("bn", 2, channels),
                new Layer.GlobalAvgPool(),
                new Layer.Linear("fc", channels, CLASSES, true)),
                Network.Loss.CROSS_ENTROPY, List.of(ParamGroup.of("bn", "bn"), ParamGroup.of("fc", "fc")));
    }

    /** One flag per parameter of {@code model}, all {@code value}. */
    static boolean[] all(Differentiable model, boolean value) {
        boolean[] out = new boolean[model.parameters().size()];
        Arrays.fill(out, value);
        return out;
    }

    /** {@code state} with the tensor {@code name} replaced by {@code value}. */
    static Map<String, HostTensor> with(Map<String, HostTensor> state, String name, HostTensor value) {
        Map<String, HostTensor> out = new LinkedHashMap<>(state);
        out.put(name, value);
        return out;
    }

    /** The index of parameter {@code name} in {@code model}'s order. */
    static int indexOf(Differentiable model, String name) {
        List<TensorInfo> params = model.parameters();
        for (int p = 0; p < params.size(); p++) {
            if (params.get(p).name().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no parameter " + name + " in " + params);
    }

    /** Seeded Gaussian inputs and uniform labels; float64 on the host, converted by the backend. */
    static Batch batch(long seed) {
        return batch(seed, BATCH, SIZE);
    }

    /** A batch of {@code n} inputs of {@code size x size} pixels. */
    static Batch batch(long seed, int n, int size) {
        return batch(seed, n, CHANNELS, size);
    }

    /** A batch of {@code n} inputs of {@code channels x size x size}. */
    static Batch batch(long seed, int n, int channels, int size) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] x = new double[n * channels * size * size];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextGaussian();
        }
        long[] labels = new long[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rnd.nextInt(CLASSES);
        }
        return new Batch(HostTensor.of(x, n, channels, size, size), labels);
    }

    static Batch trainBatch(int iteration) {
        return batch(1000 + iteration);
    }

    static Batch validationBatch(int iteration) {
        return batch(2000 + iteration);
    }

    /** Backbone groups at 1e-3, the classifier at 1e-2, as the paper starts. */
    static double[] initialLrs() {
        return new double[] {1e-3, 1e-3, 1e-3, 1e-2};
    }

    /** Every rule, with a hyper step that moves the learning rates visibly on this model. */
    static List<LrRule> rules() {
        return List.of(LrRule.paper(1e-3), LrRule.official().withHoldLastEpochs(1), LrRule.multiplicative(0.1));
    }

    /**
     * The options beyond the paper's rules, alone and combined: the optimizer's look-ahead (descent and
     * ascent), the cosine signal, relative bounds with the log update, hypergradient steps every 3
     * iterations, and all of them at once.
     */
    static List<LrRule> options() {
        LrRule multiplicative = LrRule.multiplicative(0.1);
        return List.of(
                LrRule.paper(1e-3).withDirection(LrRule.Direction.OPTIMIZER),
                LrRule.official().withHoldLastEpochs(1).withDirection(LrRule.Direction.OPTIMIZER),
                multiplicative.withNormalize(LrRule.Normalize.COSINE),
                multiplicative.withUpdate(LrRule.Update.LOG).withBounds(0.1, true, 3, true),
                multiplicative.withMetaEvery(3),
                multiplicative.withDirection(LrRule.Direction.OPTIMIZER).withNormalize(LrRule.Normalize.COSINE)
                        .withUpdate(LrRule.Update.LOG).withBounds(0.1, true, 3, true).withMetaEvery(2));
    }

    static List<OptimizerConfig> optimizers() {
        return List.of(new OptimizerConfig.Sgd(0.9, 0.0, true, 5e-4), OptimizerConfig.Adam.withWeightDecay(1e-4));
    }

    /** Every (rule, optimizer) pair. */
    static List<Object[]> rulesAndOptimizers() {
        List<Object[]> out = new ArrayList<>();
        for (LrRule r : rules()) {
            for (OptimizerConfig o : optimizers()) {
                out.add(new Object[] {r, o});
            }
        }
        return out;
    }
}
