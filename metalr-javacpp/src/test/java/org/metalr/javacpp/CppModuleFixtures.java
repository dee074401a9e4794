package org.metalr.javacpp;

import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.BatchNormOptions;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Conv2dOptions;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.ReLUImpl;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.GroupRules;
import org.metalr.api.HostTensor;
import org.metalr.api.ParamGroup;
import org.metalr.api.net.Layer;
import org.metalr.api.net.Network;
import org.metalr.libtorch.SharedLibTorch;
import org.metalr.models.Initializers;

/**
 * A user's model built from LibTorch's own modules (conv-BN-ReLU twice, adaptive average pooling, a
 * linear head) with a Java forward, and the same architecture as {@link Layer}s. Torch names the
 * module's tensors as the layer description does, so states move between the two unchanged.
 */
final class CppModuleFixtures {

    /** The grouping rule: three groups by prefix and pattern. */
    static final String RULES = "stem: conv1 bn1; body: /(conv2|bn2)\\..*/; head: fc";

    private CppModuleFixtures() {}

    /** The user's network: modules registered under torch names, forward written in Java. */
    static final class ConvNet extends Module {
        final Conv2dImpl conv1;
        final BatchNorm2dImpl bn1;
        final Conv2dImpl conv2;
        final BatchNorm2dImpl bn2;
        final ReLUImpl relu;
        final LinearImpl fc;

        ConvNet() {
            conv1 = register_module("conv1", new Conv2dImpl(conv(3, 4, false)));
            bn1 = register_module("bn1", new BatchNorm2dImpl(new BatchNormOptions(4)));
            conv2 = register_module("conv2", new Conv2dImpl(conv(4, 4, true)));
            bn2 = register_module("bn2", new BatchNorm2dImpl(new BatchNormOptions(4)));
            relu = register_module("relu", new ReLUImpl());
            fc = register_module("fc", new LinearImpl(4, CppFixtures.CLASSES));
        }

        Tensor forward(Tensor x) {
            Tensor y = relu.forward(bn1.forward(conv1.forward(x)));
            y = relu.forward(bn2.forward(conv2.forward(y)));
            return fc.forward(torch.adaptive_avg_pool2d(y, 1, 1).flatten(1, -1));
        }

        private static Conv2dOptions conv(long in, long out, boolean bias) {
            Conv2dOptions o = new Conv2dOptions(in, out, new LongPointer(3L, 3L));
            o.padding().put(new LongPointer(1L, 1L));
            o.bias().put(bias);
            return o;
        }
    }

    /** A new network of {@code dtype} (LibTorch's own initial weights). Close it after use. */
    static ConvNet net(DType dtype) {
        SharedLibTorch.load();
        ConvNet net = new ConvNet();
        net.to(dtype == DType.FLOAT64 ? ScalarType.Double : ScalarType.Float, false);
        return net;
    }

    /** The network as a model with the rule's groups (or {@code groups}), loaded with {@link #weights}. */
    static Differentiable model(ConvNet net, DType dtype, List<ParamGroup> groups, long seed) {
        Differentiable model = CppModules.differentiable(net, net::forward, dtype, CppModules.crossEntropy(), groups);
        model.loadState(weights(seed));
        return model;
    }

    static List<ParamGroup> groups() {
        return GroupRules.parse(RULES);
    }

    static Network network() {
        Layer body = Layer.Sequential.of(
                new Layer.Conv("conv1", 2, 3, 4, 3, 1, 1, false),
                new Layer.BatchNorm("bn1", 2, 4),
                new Layer.Relu(),
                new Layer.Conv("conv2", 2, 4, 4, 3, 1, 1, true),
                new Layer.BatchNorm("bn2", 2, 4),
                new Layer.Relu(),
                new Layer.GlobalAvgPool(),
                new Layer.Linear("fc", 4, CppFixtures.CLASSES, true));
        return new Network("conv-bn-twice", body, Network.Loss.CROSS_ENTROPY, List.of(
                ParamGroup.of("stem", "conv1", "bn1"), ParamGroup.of("body", "conv2", "bn2"), ParamGroup.of("head", "fc")));
    }

    /** Seeded weights of {@link #network()} with randomised BatchNorm tensors: also the module's state. */
    static Map<String, HostTensor> weights(long seed) {
        return Initializers.randomized(network(), seed);
    }
}
