package org.metalr.bench;

import org.metalr.api.Differentiable;
import org.metalr.api.HostTensor;

/** A model whose {@code forward} time is added to a counter; everything else goes to the model. Not owned. */
final class TimedForward extends ForwardingModel {

    private final long[] nanos;

    TimedForward(Differentiable model, long[] nanos) {
        super(model);
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
    public void close() {}
}
