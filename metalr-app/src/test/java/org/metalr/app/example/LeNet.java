package org.metalr.app.example;

import java.util.List;
import org.metalr.api.ParamGroup;
import org.metalr.api.net.Layer;
import org.metalr.api.net.Network;
import org.metalr.models.ModelFamily;

/**
 * {@code lenet}: a LeNet-5-style classifier (LeCun et al. 1998) with ReLUs, padded convolutions and
 * global pooling so that it takes any image size:
 *
 * <pre>
 * conv1 5x5 pad 2 (in -> w), relu, max-pool 2
 * conv2 5x5 pad 2 (w -> 2w), relu, max-pool 2
 * global average pool, fc1 (2w -> 4w), relu, fc (4w -> classes)
 * </pre>
 * Groups {@code conv1, conv2, fc1, fc}; base width 6, LeNet-5's first layer. Everything else (its depth
 * reading {@code I1}, torchvision's initialisation, no key mapping) is the interface's default.
 *
 * <p>The whole family is this class and one line in {@code META-INF/services/org.metalr.models.ModelFamily}.
 */
public final class LeNet implements ModelFamily {

    @Override
    public String name() {
        return "lenet";
    }

    @Override
    public String summary() {
        return "a LeNet-5-style CNN: two 5x5 convolutions with pooling, two linear layers (base width 6)";
    }

    @Override
    public int defaultWidth() {
        return 6;
    }

    @Override
    public Network network(Options o) {
        int w = o.width();
        Layer body = Layer.Sequential.of(
                new Layer.Conv("conv1", 2, o.inChannels(), w, 5, 1, 2, true), new Layer.Relu(),
                new Layer.MaxPool(2, 2, 2, 0),
                new Layer.Conv("conv2", 2, w, 2 * w, 5, 1, 2, true), new Layer.Relu(),
                new Layer.MaxPool(2, 2, 2, 0),
                new Layer.GlobalAvgPool(),
                new Layer.Linear("fc1", 2 * w, 4 * w, true), new Layer.Relu(),
                new Layer.Linear("fc", 4 * w, o.classes(), true));
        return new Network(name(), body, Network.Loss.CROSS_ENTROPY, List.of(ParamGroup.of("conv1", "conv1"),
                ParamGroup.of("conv2", "conv2"), ParamGroup.of("fc1", "fc1"), ParamGroup.of("fc", "fc")));
    }
}
