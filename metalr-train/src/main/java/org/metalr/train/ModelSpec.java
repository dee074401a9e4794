package org.metalr.train;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.metalr.api.DepthOrder;
import org.metalr.api.HostTensor;
import org.metalr.api.net.Layer;
import org.metalr.api.net.Network;
import org.metalr.models.UNet3D;

/**
 * The model a run fine-tunes: its description, its starting weights (pre-trained, with the head
 * already fitted to the data's classes) and its readings of depth for Mina et al.'s method.
 *
 * @param network       architecture, loss and parameter groups in depth order
 * @param initialState  every parameter and buffer, by name; not copied, not modified
 * @param depthReadings readings of depth by name ({@code I1}, {@code I2}), for {@code mina:}; see {@link #of}
 */
public record ModelSpec(Network network, Map<String, HostTensor> initialState, List<DepthOrder> depthReadings) {

    public ModelSpec {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(initialState, "initialState");
        depthReadings = List.copyOf(depthReadings);
    }

    /**
     * The model with the readings of depth its groups imply: for the 3D U-Net (groups
     * {@link UNet3D#GROUPS}), Mina et al.'s {@link UNet3D#I1} (data-flow order) and {@link UNet3D#I2} (the
     * "U" read from the top, encoder and decoder blocks of one resolution on one level); for a sequential
     * model (ResNet-18, the small CNN), one reading, {@code I1}, the order of its groups, and no {@code I2}.
     */
    public static ModelSpec of(Network network, Map<String, HostTensor> initialState) {
        List<String> names = network.groups().stream().map(g -> g.name()).toList();
        if (names.equals(UNet3D.GROUPS)) {
            return new ModelSpec(network, initialState, UNet3D.depthOrders());
        }
        DepthOrder sequential = DepthOrder.sequential(names);
        return new ModelSpec(network, initialState, List.of(new DepthOrder("I1", sequential.levels())));
    }

    /**
     * Number of outputs of the network: the output channels of its last linear or convolution layer.
     *
     * @throws IllegalArgumentException if the network has neither
     */
    public int outputs() {
        List<Layer> leaves = network.leaves();
        for (int i = leaves.size() - 1; i >= 0; i--) {
            if (leaves.get(i) instanceof Layer.Linear l) {
                return l.out();
            }
            if (leaves.get(i) instanceof Layer.Conv c) {
                return c.out();
            }
        }
        throw new IllegalArgumentException("network '" + network.name() + "' has no linear or convolution layer");
    }
}
