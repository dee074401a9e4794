package org.metalr.bench;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.Device;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.HostTensor;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.ParamGroup;
import org.metalr.api.ParameterUpdater;
import org.metalr.api.TensorInfo;

/**
 * A model that hands every call to another, for wrappers that observe a few of them (timing, counting)
 * and override only those. {@link #close()} closes the wrapped model; a wrapper that does not own it
 * overrides that too.
 */
abstract class ForwardingModel implements Differentiable {

    /** The wrapped model. */
    protected final Differentiable model;

    ForwardingModel(Differentiable model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    @Override
    public DType dtype() {
        return model.dtype();
    }

    @Override
    public Device device() {
        return model.device();
    }

    @Override
    public boolean unfoldsConvolutions() {
        return model.unfoldsConvolutions();
    }

    @Override
    public List<TensorInfo> parameters() {
        return model.parameters();
    }

    @Override
    public List<TensorInfo> buffers() {
        return model.buffers();
    }

    @Override
    public List<ParamGroup> defaultGroups() {
        return model.defaultGroups();
    }

    @Override
    public Gradients gradients(Batch batch, boolean[] trainable) {
        return model.gradients(batch, trainable);
    }

    @Override
    public Gradients gradientsAt(Batch batch, Gradients direction, double[] coefficient, boolean[] trainable) {
        return model.gradientsAt(batch, direction, coefficient, trainable);
    }

    @Override
    public HostTensor forward(HostTensor inputs, boolean training) {
        return model.forward(inputs, training);
    }

    @Override
    public ParameterUpdater newUpdater(OptimizerConfig config) {
        return model.newUpdater(config);
    }

    @Override
    public Map<String, HostTensor> state() {
        return model.state();
    }

    @Override
    public void loadState(Map<String, HostTensor> state) {
        model.loadState(state);
    }

    @Override
    public void close() {
        model.close();
    }
}
