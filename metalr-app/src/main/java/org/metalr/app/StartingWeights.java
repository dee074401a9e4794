package org.metalr.app;

import java.util.Map;
import java.util.function.Consumer;
import org.metalr.api.HostTensor;
import org.metalr.api.net.Network;
import org.metalr.models.Initializers;
import org.metalr.models.UNet3D;
import org.metalr.models.Weights;
import org.metalr.models.checkpoint.CheckpointException;
import org.metalr.models.checkpoint.KeyMapping;
import org.metalr.train.ModelSpec;

/**
 * The model a run starts from: a seeded initialisation (torchvision's for ResNet-18 and the small CNN,
 * {@link Initializers#kaiming}; PyTorch's module defaults for the 3D U-Net, as Models Genesis,
 * {@link Initializers#torchDefault}), with a checkpoint's tensors over it when one is given.
 */
final class StartingWeights {

    private StartingWeights() {}

    /**
     * The network's starting state.
     *
     * @param weights the checkpoint options; without {@code --weights}, the seeded initialisation alone
     * @param seed    seeds the tensors the checkpoint does not supply
     * @param report  receives the load report's one-line summary (not called without weights)
     * @throws CheckpointException naming the file and the tensors that do not fit
     */
    static ModelSpec of(Network network, WeightOptions weights, long seed, Consumer<String> report)
            throws CheckpointException {
        Map<String, HostTensor> initial = initial(network, seed);
        if (!weights.given()) {
            return spec(network, initial);
        }
        Weights.Loaded loaded = weights.load(network, initial);
        report.accept(loaded.report().summary());
        return spec(network, loaded.state());
    }

    /** The seeded initial state of {@code network}. */
    static Map<String, HostTensor> initial(Network network, long seed) {
        return network.name().equals("unet3d") ? Initializers.torchDefault(network, seed)
                : Initializers.kaiming(network, seed);
    }

    /** The model with its readings of depth: the U-Net's I1 and I2, a sequential model's own order. */
    static ModelSpec spec(Network network, Map<String, HostTensor> state) {
        return network.name().equals("unet3d") ? new ModelSpec(network, state, UNet3D.depthOrders())
                : ModelSpec.of(network, state);
    }

    /** As {@link #of(Network, WeightOptions, long, Consumer)} with a file and a mapping given directly. */
    static ModelSpec of(Network network, java.nio.file.Path file, KeyMapping mapping, long seed, Consumer<String> report)
            throws CheckpointException {
        Weights.Loaded loaded = Weights.load(file, network, mapping, initial(network, seed));
        report.accept(loaded.report().summary());
        return spec(network, loaded.state());
    }
}
