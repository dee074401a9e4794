package org.metalr.models;

import org.metalr.api.HostTensor;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import org.metalr.api.ParamGroup;
import org.metalr.api.net.Layer;
import org.metalr.api.net.Layer.BatchNorm;
import org.metalr.api.net.Layer.Conv;
import org.metalr.api.net.Layer.GlobalAvgPool;
import org.metalr.api.net.Layer.Linear;
import org.metalr.api.net.Layer.MaxPool;
import org.metalr.api.net.Layer.Relu;
import org.metalr.api.net.Layer.Residual;
import org.metalr.api.net.Layer.Sequential;
import org.metalr.api.net.Network;

/**
 * torchvision's {@code resnet18}, layer for layer and name for name ({@code conv1.weight},
 * {@code layer2.0.downsample.0.weight}, {@code fc.bias}, ...), with the number of classes, input
 * channels and base width (64 in torchvision) configurable. Its ten learning-rate groups are the
 * paper's: {@code stem, layer1.0, layer1.1, layer2.0, layer2.1, layer3.0, layer3.1, layer4.0, layer4.1, fc}.
 *
 * <p>As the {@link ModelFamily} {@code resnet18}: a classifier, depth read in the order of its groups,
 * torchvision's initialisation ({@link Initializers#kaiming}).
 */
public final class ResNet18 implements ModelFamily {

    /** Group names, shallow to deep, exactly as files and logs spell them. */
    public static final List<String> GROUPS = List.of(
            "stem", "layer1.0", "layer1.1", "layer2.0", "layer2.1", "layer3.0", "layer3.1", "layer4.0", "layer4.1", "fc");

    /** torchvision's base width. */
    public static final int DEFAULT_WIDTH = 64;

    /** The family's name, and its networks' {@link Network#name()}. */
    public static final String NAME = "resnet18";

    /** The family, for the registry; the networks come from the static factories. */
    public ResNet18() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "torchvision's ResNet-18 and the paper's ten groups (base width 64)";
    }

    @Override
    public Network network(Options options) {
        return network(options.classes(), options.inChannels(), options.width());
    }

    /** Width and input channels from {@code conv1.weight}, classes from {@code fc.weight}. */
    @Override
    public Inferred inferOptions(Map<String, HostTensor> stateDict) {
        return ModelFamily.stemAndHead(stateDict, "conv1.weight", "fc.weight");
    }

    @Override
    public int defaultWidth() {
        return DEFAULT_WIDTH;
    }

    /** torchvision's ResNet-18 with {@code classes} outputs and 3 input channels. */
    public static Network network(int classes) {
        return network(classes, 3, DEFAULT_WIDTH);
    }

    /**
     * @param classes    outputs of {@code fc}
     * @param inChannels input channels of {@code conv1}
     * @param width      channels of {@code layer1}; later stages double it
     */
    public static Network network(int classes, int inChannels, int width) {
        if (classes < 1 || inChannels < 1 || width < 1) {
            throw new IllegalArgumentException("classes, input channels and width must be positive: "
                    + classes + ", " + inChannels + ", " + width);
        }
        List<Layer> layers = new ArrayList<>();
        layers.add(new Conv("conv1", 2, inChannels, width, 7, 2, 3, false));
        layers.add(new BatchNorm("bn1", 2, width));
        layers.add(new Relu());
        layers.add(new MaxPool(2, 3, 2, 1));
        int in = width;
        for (int stage = 1; stage <= 4; stage++) {
            int out = width << (stage - 1);
            int stride = stage == 1 ? 1 : 2;
            layers.add(basicBlock("layer" + stage + ".0", in, out, stride));
            layers.add(basicBlock("layer" + stage + ".1", out, out, 1));
            in = out;
        }
        layers.add(new GlobalAvgPool());
        layers.add(new Linear("fc", in, classes, true));

        List<ParamGroup> groups = new ArrayList<>();
        groups.add(ParamGroup.of("stem", "conv1", "bn1"));
        for (String g : GROUPS.subList(1, GROUPS.size())) {
            groups.add(ParamGroup.of(g, g));
        }
        return new Network(NAME, new Sequential(layers), Network.Loss.CROSS_ENTROPY, groups);
    }

    /** torchvision's BasicBlock: two 3x3 convolutions, a projection shortcut when the shape changes. */
    private static Layer basicBlock(String name, int in, int out, int stride) {
        Layer body = Sequential.of(
                new Conv(name + ".conv1", 2, in, out, 3, stride, 1, false),
                new BatchNorm(name + ".bn1", 2, out),
                new Relu(),
                new Conv(name + ".conv2", 2, out, out, 3, 1, 1, false),
                new BatchNorm(name + ".bn2", 2, out));
        Layer shortcut = stride != 1 || in != out
                ? Sequential.of(new Conv(name + ".downsample.0", 2, in, out, 1, stride, 0, false),
                        new BatchNorm(name + ".downsample.1", 2, out))
                : null;
        return Sequential.of(new Residual(body, shortcut), new Relu());
    }
}
