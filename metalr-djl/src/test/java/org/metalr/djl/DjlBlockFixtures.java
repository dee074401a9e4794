package org.metalr.djl;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.loss.Loss;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.GroupRules;
import org.metalr.api.HostTensor;
import org.metalr.api.ParamGroup;
import org.metalr.api.net.Layer;
import org.metalr.api.net.Network;
import org.metalr.models.Initializers;

/**
 * A user's model built from DJL's own layers (conv-BN-ReLU twice, global pooling, a linear head) and
 * the same architecture as {@link Layer}s, with the name correspondence between the two.
 */
final class DjlBlockFixtures {

    /** DJL's BatchNorm hands LibTorch {@code 1f - momentum} and a float epsilon: the layer twin uses the same doubles. */
    static final double BN_MOMENTUM = 1f - 0.9f;
    static final double BN_EPS = 1e-5f;

    /** The grouping rule of the block: three groups by prefix and pattern. */
    static final String RULES = "stem: 01Conv2d 02BatchNorm; body: /0[45].*/; head: 08Linear";

    /** Block name -> layer-network name, for every tensor the block has. */
    static final Map<String, String> NAMES = names();

    private DjlBlockFixtures() {}

    static SequentialBlock block() {
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).optPadding(new Shape(1, 1))
                        .optBias(false).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).optPadding(new Shape(1, 1)).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Pool.globalAvgPool2dBlock())
                .add(Linear.builder().setUnits(DjlFixtures.CLASSES).build());
    }

    /** The block, initialised in {@code manager} and loaded with {@link #weights} through the model. */
    static Differentiable model(NDManager manager, SequentialBlock block, DType dtype, List<ParamGroup> groups,
            long seed) {
        block.initialize(manager, dtype == DType.FLOAT64 ? DataType.FLOAT64 : DataType.FLOAT32, new Shape(1, 3, 8, 8));
        Differentiable model = DjlBlocks.differentiable(block, dtype, Loss.softmaxCrossEntropyLoss(), groups);
        model.loadState(toBlock(weights(seed)));
        return model;
    }

    static List<ParamGroup> groups() {
        return GroupRules.parse(RULES);
    }

    static Network network() {
        Layer body = Layer.Sequential.of(
                new Layer.Conv("conv1", 2, 3, 4, 3, 1, 1, false),
                new Layer.BatchNorm("bn1", 2, 4, BN_EPS, BN_MOMENTUM),
                new Layer.Relu(),
                new Layer.Conv("conv2", 2, 4, 4, 3, 1, 1, true),
                new Layer.BatchNorm("bn2", 2, 4, BN_EPS, BN_MOMENTUM),
                new Layer.Relu(),
                new Layer.GlobalAvgPool(),
                new Layer.Linear("fc", 4, DjlFixtures.CLASSES, true));
        return new Network("conv-bn-twice", body, Network.Loss.CROSS_ENTROPY, List.of(
                ParamGroup.of("stem", "conv1", "bn1"), ParamGroup.of("body", "conv2", "bn2"), ParamGroup.of("head", "fc")));
    }

    /** Seeded weights of {@link #network()}, BatchNorm tensors randomised too. */
    static Map<String, HostTensor> weights(long seed) {
        return Initializers.randomized(network(), seed);
    }

    /** A layer-network state under the block's names (the block has no batch counters). */
    static Map<String, HostTensor> toBlock(Map<String, HostTensor> layerState) {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        NAMES.forEach((block, layer) -> out.put(block, layerState.get(layer)));
        return out;
    }

    private static Map<String, String> names() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("01Conv2d.weight", "conv1.weight");
        bn(m, "02BatchNorm", "bn1");
        m.put("04Conv2d.weight", "conv2.weight");
        m.put("04Conv2d.bias", "conv2.bias");
        bn(m, "05BatchNorm", "bn2");
        m.put("08Linear.weight", "fc.weight");
        m.put("08Linear.bias", "fc.bias");
        return Map.copyOf(m);
    }

    private static void bn(Map<String, String> m, String block, String layer) {
        m.put(block + ".gamma", layer + ".weight");
        m.put(block + ".beta", layer + ".bias");
        m.put(block + ".runningMean", layer + ".running_mean");
        m.put(block + ".runningVar", layer + ".running_var");
    }
}
