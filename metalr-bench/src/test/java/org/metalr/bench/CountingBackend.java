package org.metalr.bench;

import java.util.Map;
import org.metalr.api.Backend;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.HostTensor;
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

    private final class Model extends ForwardingModel {

        Model(Differentiable model) {
            super(model);
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
        public Map<String, HostTensor> state() {
            statesCopied++;
            return model.state();
        }
    }
}
