package org.metalr.bench;

import java.util.List;
import java.util.Map;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.HostTensor;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.ParamGroup;
import org.metalr.api.ParameterUpdater;
import org.metalr.api.TensorInfo;

/** A model whose {@code forward} time is added to a counter; everything else goes to the model. Not owned. */
final class TimedForward implements Differentiable {

    private final Differentiable model;
    private final long[] nanos;

    TimedForward(Differentiable model, long[] nanos) {
        this.model = model;
        this.nanos = nanos;
    }

    @Override
    public HostTensor forward(HostTensor inputs, boolean training) {
        long t = System.nanoTime();
        try {
            return model.forward(inputs, training);
        } finally {
            nanos[0] += System.nanoTime() - t;
        }
    }

    @Override
    public DType dtype() {
        return model.dtype();
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
    public void close() {}
}
