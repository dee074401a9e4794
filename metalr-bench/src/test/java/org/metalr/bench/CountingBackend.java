package org.metalr.bench;

import java.util.List;
import java.util.Map;
import org.metalr.api.Backend;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.HostTensor;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.ParamGroup;
import org.metalr.api.ParameterUpdater;
import org.metalr.api.TensorInfo;
import org.metalr.api.net.Network;

/** Delegates to a real backend and counts the models it builds and the passes asked of all of them. */
final class CountingBackend implements Backend {

    private final Backend delegate;
    int modelsCreated;
    int statesCopied;
    int trainingPasses;
    int lookAheadPasses;

    CountingBackend(Backend delegate) {
        this.delegate = delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public Differentiable create(Network network, Map<String, HostTensor> initialState, DType dtype) {
        modelsCreated++;
        return new Model(delegate.create(network, initialState, dtype));
    }

    private final class Model implements Differentiable {

        private final Differentiable model;

        Model(Differentiable model) {
            this.model = model;
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
            trainingPasses++;
            return model.gradients(batch, trainable);
        }

        @Override
        public Gradients gradientsAt(Batch batch, Gradients direction, double[] coefficient, boolean[] trainable) {
            lookAheadPasses++;
            return model.gradientsAt(batch, direction, coefficient, trainable);
        }

        @Override
        public HostTensor forward(HostTensor inputs, boolean training) {
            throw new AssertionError("no step runs a forward pass without gradients");
        }

        @Override
        public ParameterUpdater newUpdater(OptimizerConfig config) {
            return model.newUpdater(config);
        }

        @Override
        public Map<String, HostTensor> state() {
            statesCopied++;
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
}
