package org.metalr.models;

import org.metalr.api.HostTensor;
import java.util.Map;
import java.util.List;
import org.metalr.api.ParamGroup;
import org.metalr.api.net.Layer;
import org.metalr.api.net.Layer.BatchNorm;
import org.metalr.api.net.Layer.Conv;
import org.metalr.api.net.Layer.GlobalAvgPool;
import org.metalr.api.net.Layer.Linear;
import org.metalr.api.net.Layer.Relu;
import org.metalr.api.net.Layer.Residual;
import org.metalr.api.net.Layer.Sequential;
import org.metalr.api.net.Network;

/**
 * A small residual CNN with the ingredients of ResNet-18 (convolutions, BatchNorm, an identity and a
 * strided 1x1-projection residual add, global pooling, a linear head, cross-entropy) at a size that
 * trains in milliseconds: for tests, smoke runs and examples.
 *
 * <pre>
 * stem:   conv1 3x3 (in -> w), bn1, relu
 * block1: [conv1 3x3, bn1, relu, conv2 3x3, bn2] + x, relu                         (w -> w)
 * block2: [conv1 3x3 s2, bn1, relu, conv2 3x3, bn2] + [downsample.0 1x1 s2, downsample.1], relu  (w -> 2w)
 * pool, fc (2w -> classes)
 * </pre>
 * Groups: {@code stem, block1, block2, fc}. As the {@link ModelFamily} {@code small-cnn}: a
 * classifier of base width 8 by default, depth read in the order of its groups, torchvision's
 * initialisation.
 */
public final class SmallCnn implements ModelFamily {

    /** Group names, shallow to deep. */
    public static final List<String> GROUPS = List.of("stem", "block1", "block2", "fc");

    /** The base width the command gives it. */
    public static final int DEFAULT_WIDTH = 8;

    /** The family's name, and its networks' {@link Network#name()}. */
    public static final String NAME = "small-cnn";

    /** The family, for the registry; the networks come from {@link #network(int, int, int)}. */
    public SmallCnn() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "a small residual CNN (stem, two blocks, fc) that trains in milliseconds (base width 8)";
    }

    @Override
    public Network network(Options options) {
        return network(options.inChannels(), options.width(), options.classes());
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

    /**
     * @param inChannels input channels
     * @param width      channels of the stem and the first block; the second block has twice as many
     * @param classes    number of classes
     */
    public static Network network(int inChannels, int width, int classes) {
        Layer stem = Sequential.of(
                new Conv("conv1", 2, inChannels, width, 3, 1, 1, false),
                new BatchNorm("bn1", 2, width),
                new Relu());
        Layer block1 = Sequential.of(
                new Residual(Sequential.of(
                        new Conv("block1.conv1", 2, width, width, 3, 1, 1, false),
                        new BatchNorm("block1.bn1", 2, width),
                        new Relu(),
                        new Conv("block1.conv2", 2, width, width, 3, 1, 1, false),
                        new BatchNorm("block1.bn2", 2, width)), null),
                new Relu());
        int w2 = 2 * width;
        Layer block2 = Sequential.of(
                new Residual(Sequential.of(
                        new Conv("block2.conv1", 2, width, w2, 3, 2, 1, false),
                        new BatchNorm("block2.bn1", 2, w2),
                        new Relu(),
                        new Conv("block2.conv2", 2, w2, w2, 3, 1, 1, false),
                        new BatchNorm("block2.bn2", 2, w2)),
                        Sequential.of(
                                new Conv("block2.downsample.0", 2, width, w2, 1, 2, 0, false),
                                new BatchNorm("block2.downsample.1", 2, w2))),
                new Relu());
        Layer body = Sequential.of(stem, block1, block2, new GlobalAvgPool(), new Linear("fc", w2, classes, true));
        List<ParamGroup> groups = List.of(
                ParamGroup.of("stem", "conv1", "bn1"),
                ParamGroup.of("block1", "block1"),
                ParamGroup.of("block2", "block2"),
                ParamGroup.of("fc", "fc"));
        return new Network(NAME, body, Network.Loss.CROSS_ENTROPY, groups);
    }
}
