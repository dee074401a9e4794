package org.metalr.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.metalr.api.DepthOrder;
import org.metalr.api.HostTensor;
import org.metalr.api.ParamGroup;
import org.metalr.api.net.Layer;
import org.metalr.api.net.Layer.BatchNorm;
import org.metalr.api.net.Layer.Concat;
import org.metalr.api.net.Layer.Conv;
import org.metalr.api.net.Layer.ConvTranspose;
import org.metalr.api.net.Layer.MaxPool;
import org.metalr.api.net.Layer.Relu;
import org.metalr.api.net.Layer.Sequential;
import org.metalr.api.net.Layer.Sigmoid;
import org.metalr.api.net.Network;
import org.metalr.models.checkpoint.KeyMapping;

/**
 * The 3D U-Net of Models Genesis ({@code unet3d.UNet3D} of their PyTorch code), layer for layer and
 * name for name, so their checkpoints load as they are (after {@link #CHECKPOINT_MAPPING}). With base
 * width {@code w} (32 in Models Genesis):
 *
 * <pre>
 * LUConv(a, b):  conv1 3x3x3 pad 1 with bias (a -> b), bn1, ReLU
 * down_tr64:     ops.0 LUConv(1, w),    ops.1 LUConv(w, 2w),    then max-pool 2
 * down_tr128:    ops.0 LUConv(2w, 2w),  ops.1 LUConv(2w, 4w),   then max-pool 2
 * down_tr256:    ops.0 LUConv(4w, 4w),  ops.1 LUConv(4w, 8w),   then max-pool 2
 * down_tr512:    ops.0 LUConv(8w, 8w),  ops.1 LUConv(8w, 16w)   (no pool)
 * up_tr256:      up_conv 2x2x2 stride 2 (16w -> 16w), cat(up, skip of down_tr256), ops.0 LUConv(24w, 8w), ops.1 LUConv(8w, 8w)
 * up_tr128:      up_conv (8w -> 8w), cat(up, skip of down_tr128), ops.0 LUConv(12w, 4w), ops.1 LUConv(4w, 4w)
 * up_tr64:       up_conv (4w -> 4w), cat(up, skip of down_tr64),  ops.0 LUConv(6w, 2w),  ops.1 LUConv(2w, 2w)
 * out_tr:        final_conv 1x1x1 with bias (2w -> classes), sigmoid
 * </pre>
 *
 * The skips are the outputs of the down transitions before pooling. Spatial input sizes must be
 * divisible by 8 (three poolings). Parameter names are theirs: {@code down_tr64.ops.0.conv1.weight},
 * {@code down_tr64.ops.0.bn1.running_mean}, {@code up_tr256.up_conv.weight},
 * {@code out_tr.final_conv.bias}, ...; at width 32 the network has 19 million parameters.
 *
 * <p>Their BatchNorm ({@code ContBatchNorm3d}) normalises with the batch statistics in evaluation mode
 * too; this description does the same by default ({@link BatchNorm#batchStatisticsInEval()}), so their
 * checkpoints behave as their authors trained and evaluated them. The loss is
 * {@link Network.Loss#DICE}, Models Genesis' segmentation loss.
 *
 * <p>Its eight learning-rate groups are its eight blocks, {@link #GROUPS}; layer-wise methods read its
 * depth in two ways, {@link #I1} and {@link #I2}.
 *
 * <p>As the {@link ModelFamily} {@code unet3d}: segmentation, one input channel (CT), the readings I1
 * and I2, PyTorch's module initialisation as Models Genesis ({@link Initializers#torchDefault}), and
 * {@link #CHECKPOINT_MAPPING} for their checkpoints.
 */
public final class UNet3D implements ModelFamily {

    /** Group names: the blocks, in data-flow order, exactly as the parameter names spell them. */
    public static final List<String> GROUPS = List.of(
            "down_tr64", "down_tr128", "down_tr256", "down_tr512", "up_tr256", "up_tr128", "up_tr64", "out_tr");

    /** Models Genesis' base width: channels of the first convolution. */
    public static final int DEFAULT_WIDTH = 32;

    /** Depth read in data-flow order: the left-most blocks are the shallowest, one block per level. */
    public static final DepthOrder I1 = new DepthOrder("I1", GROUPS.stream().map(List::of).toList());

    /** Depth read from the top of the "U": each level holds the encoder and decoder blocks at one resolution. */
    public static final DepthOrder I2 = new DepthOrder("I2", List.of(
            List.of("down_tr64", "up_tr64", "out_tr"),
            List.of("down_tr128", "up_tr128"),
            List.of("down_tr256", "up_tr256"),
            List.of("down_tr512")));

    /**
     * How a Models Genesis checkpoint's keys become this network's names: their weights were saved
     * from an {@code nn.DataParallel} wrapper, so every key starts with {@code module.}. For another
     * number of classes than the checkpoint's, add {@code .drop("^out_tr\\.").allowMissing("^out_tr\\.")}
     * so the output layer keeps its initial values.
     */
    public static final KeyMapping CHECKPOINT_MAPPING = KeyMapping.identity().stripPrefix("module.");

    /** The family's name, and its networks' {@link Network#name()}. */
    public static final String NAME = "unet3d";

    /** The family, for the registry; the networks come from the static factories. */
    public UNet3D() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Models Genesis' 3D U-Net for LiTS segmentation, readings I1 and I2 (base width 32, one input channel)";
    }

    /** {@link #network(int, int)}: one input channel whatever {@link Options#inChannels()} says. */
    @Override
    public Network network(Options options) {
        return network(options.classes(), options.width());
    }

    /**
     * Width from the first convolution ({@code down_tr64.ops.0.conv1.weight}), output channels from
     * {@code out_tr.final_conv.weight}; the input is one channel whatever the file says.
     */
    @Override
    public Inferred inferOptions(Map<String, HostTensor> stateDict) {
        return new Inferred(ModelFamily.dimension(stateDict, "out_tr.final_conv.weight", 5, 0), null,
                ModelFamily.dimension(stateDict, "down_tr64.ops.0.conv1.weight", 5, 0));
    }

    @Override
    public int defaultWidth() {
        return DEFAULT_WIDTH;
    }

    @Override
    public boolean segmentation() {
        return true;
    }

    /** {@link #I1} and {@link #I2}, whatever the width. */
    @Override
    public List<DepthOrder> depthReadings(Network network) {
        return depthOrders();
    }

    @Override
    public Map<String, HostTensor> initialState(Network network, long seed) {
        return Initializers.torchDefault(network, seed);
    }

    @Override
    public KeyMapping checkpointMapping() {
        return CHECKPOINT_MAPPING;
    }

    /** Models Genesis' network: one output channel, width 32, batch statistics in evaluation mode. */
    public static Network network() {
        return network(1, DEFAULT_WIDTH, true);
    }

    /** {@code classes} output channels at base width {@code width}, batch statistics in evaluation mode. */
    public static Network network(int classes, int width) {
        return network(classes, width, true);
    }

    /**
     * @param classes               output channels of {@code out_tr} (Models Genesis' {@code n_class})
     * @param width                 channels of the first convolution (32 in Models Genesis); the others scale with it
     * @param batchStatisticsInEval whether BatchNorm normalises with batch statistics in evaluation mode,
     *                              as Models Genesis does (false: PyTorch's usual running statistics)
     */
    public static Network network(int classes, int width, boolean batchStatisticsInEval) {
        if (classes < 1 || width < 1) {
            throw new IllegalArgumentException("classes and width must be positive: " + classes + ", " + width);
        }
        Builder b = new Builder(batchStatisticsInEval);
        // Innermost first. A level starts from the pooled output of the level above: its encoder
        // block, then (pooled) the deeper levels up to this level's up-convolution concatenated with
        // the encoder block's output (the skip), then its decoder block and the next up-convolution.
        Layer level512 = Sequential.of(
                b.nConv("down_tr512", 8 * width, 8 * width, 16 * width),
                new ConvTranspose("up_tr256.up_conv", 3, 16 * width, 16 * width, 2, 2, true));
        Layer level256 = Sequential.of(
                b.nConv("down_tr256", 4 * width, 4 * width, 8 * width),
                b.skip(level512),
                b.nConv("up_tr256", 24 * width, 8 * width, 8 * width),
                new ConvTranspose("up_tr128.up_conv", 3, 8 * width, 8 * width, 2, 2, true));
        Layer level128 = Sequential.of(
                b.nConv("down_tr128", 2 * width, 2 * width, 4 * width),
                b.skip(level256),
                b.nConv("up_tr128", 12 * width, 4 * width, 4 * width),
                new ConvTranspose("up_tr64.up_conv", 3, 4 * width, 4 * width, 2, 2, true));
        Layer body = Sequential.of(
                b.nConv("down_tr64", 1, width, 2 * width),
                b.skip(level128),
                b.nConv("up_tr64", 6 * width, 2 * width, 2 * width),
                new Conv("out_tr.final_conv", 3, 2 * width, classes, 1, 1, 0, true),
                new Sigmoid());

        List<ParamGroup> groups = new ArrayList<>();
        for (String g : GROUPS) {
            groups.add(ParamGroup.of(g, g));
        }
        return new Network(NAME, body, Network.Loss.DICE, groups);
    }

    /** The two depth readings, {@link #I1} then {@link #I2}. */
    public static List<DepthOrder> depthOrders() {
        return List.of(I1, I2);
    }

    private record Builder(boolean batchStatisticsInEval) {

        /** A block's {@code ops}: two LUConvs, {@code in -> mid -> out}. */
        Layer nConv(String block, int in, int mid, int out) {
            return Sequential.of(luConv(block + ".ops.0", in, mid), luConv(block + ".ops.1", mid, out));
        }

        /** {@code cat(deeper(maxpool(x)), x)} on the channels: the up path first, then the skip, as theirs. */
        Layer skip(Layer deeper) {
            return Concat.of(Sequential.of(new MaxPool(3, 2, 2, 0), deeper), Sequential.of());
        }

        /** Convolution 3x3x3 with bias, BatchNorm, ReLU. */
        private Layer luConv(String name, int in, int out) {
            return Sequential.of(
                    new Conv(name + ".conv1", 3, in, out, 3, 1, 1, true),
                    new BatchNorm(name + ".bn1", 3, out).withBatchStatisticsInEval(batchStatisticsInEval),
                    new Relu());
        }
    }
}
