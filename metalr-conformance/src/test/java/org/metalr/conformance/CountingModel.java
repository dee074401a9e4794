package org.metalr.conformance;

import java.util.List;
import java.util.Map;
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

/** Delegates to a backend's model and counts the forward+backward passes asked of it. */
final class CountingModel implements Differentiable {

    private final Differentiable delegate;
    int trainingPasses;
    int lookAheadPasses;

    CountingModel(Differentiable delegate) {
        this.delegate = delegate;
    }

    @Override
    public DType dtype() {
        return delegate.dtype();
    }

    @Override
    public Device device() {
        return delegate.device();
    }

    @Override
    public List<TensorInfo> parameters() {
        return delegate.parameters();
    }

    @Override
    public List<TensorInfo> buffers() {
        return delegate.buffers();
    }

    @Override
    public List<ParamGroup> defaultGroups() {
        return delegate.defaultGroups();
    }

    @Override
    public Gradients gradients(Batch batch, boolean[] trainable) {
        trainingPasses++;
        return delegate.gradients(batch, trainable);
    }

    @Override
    public Gradients gradientsAt(Batch batch, Gradients direction, double[] coefficient, boolean[] trainable) {
        lookAheadPasses++;
        return delegate.gradientsAt(batch, direction, coefficient, trainable);
    }

    @Override
    public HostTensor forward(HostTensor inputs, boolean training) {
        throw new AssertionError("the step must not run extra forward passes");
    }

    @Override
    public ParameterUpdater newUpdater(OptimizerConfig config) {
        return delegate.newUpdater(config);
    }

    @Override
    public Map<String, HostTensor> state() {
        return delegate.state();
    }

    @Override
    public void loadState(Map<String, HostTensor> state) {
        delegate.loadState(state);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
