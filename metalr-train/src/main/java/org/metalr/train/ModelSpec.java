package org.metalr.train;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.metalr.api.Backend;
import org.metalr.api.DType;
import org.metalr.api.DepthOrder;
import org.metalr.api.Device;
import org.metalr.api.Differentiable;
import org.metalr.api.HostTensor;
import org.metalr.api.ParamGroup;
import org.metalr.api.TensorInfo;
import org.metalr.api.net.Layer;
import org.metalr.api.net.Network;
import org.metalr.models.ModelFamily;

/**
 * A model described by a {@link Network}: its description, its starting weights (pre-trained, with the
 * head already fitted to the data's classes) and its readings of depth for Mina et al.'s method. The
 * trainer builds it on the run's backend and owns what it builds.
 *
 * @param network       architecture, loss and parameter groups in depth order
 * @param initialState  every parameter and buffer, by name; not copied, not modified
 * @param depthReadings readings of depth by name ({@code I1}, {@code I2}), for {@code mina:}
 */
public record ModelSpec(Network network, Map<String, HostTensor> initialState, List<DepthOrder> depthReadings)
        implements RunModel {

    public ModelSpec {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(initialState, "initialState");
        depthReadings = List.copyOf(depthReadings);
    }

    /**
     * A network of {@code family} with the readings of depth the family gives it (the 3D U-Net's
     * {@code I1} and {@code I2}; a sequential model's {@code I1}).
     */
    public static ModelSpec of(ModelFamily family, Network network, Map<String, HostTensor> initialState) {
        return new ModelSpec(network, initialState, family.depthReadings(network));
    }

    /**
     * A network of no family: one reading of depth, {@code I1}, the order of its groups
     * ({@link ModelFamily#sequentialReadings}), and no {@code I2}.
     */
    public static ModelSpec of(Network network, Map<String, HostTensor> initialState) {
        return new ModelSpec(network, initialState, ModelFamily.sequentialReadings(network.groups()));
    }

    @Override
    public String name() {
        return network.name();
    }

    @Override
    public List<ParamGroup> groups() {
        return network.groups();
    }

    @Override
    public List<TensorInfo> parameters() {
        return network.parameters();
    }

    @Override
    public boolean segmentation() {
        return network.loss().segmentation();
    }

    @Override
    public String objective() {
        return network.loss().toString();
    }

    @Override
    public Optional<Network> description() {
        return Optional.of(network);
    }

    /** Empty: the run's dtype decides. */
    @Override
    public Optional<DType> dtype() {
        return Optional.empty();
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

    /** {@link #outputs()}, whatever the samples. */
    @Override
    public int outputs(int[] sampleShape) {
        return outputs();
    }

    @Override
    public long[] outputShape(int[] sampleShape) {
        return network.outputShape(RunModel.batchOfOne(sampleShape));
    }

    /** Empty: the run's device decides. */
    @Override
    public Optional<Device> device() {
        return Optional.empty();
    }

    /** {@code backend.create(network, initialState, dtype, device)}. */
    @Override
    public Differentiable open(Backend backend, DType dtype, Device device) {
        return backend.create(network, initialState, dtype, device);
    }

    @Override
    public boolean ownedByTrainer() {
        return true;
    }
}
