package org.metalr.javacpp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bytedeco.pytorch.Tensor;
import org.metalr.api.Gradients;
import org.metalr.api.HostTensor;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.OptimizerStates;
import org.metalr.api.ParameterUpdater;
import org.metalr.api.TensorInfo;

/**
 * Common part of the optimizers of every JavaCPP model (a network's or a user's module): argument
 * checks, one native scope and no-grad mode per step ({@link CppScopes#withoutGrad(Runnable)}), the
 * skip of parameters without a gradient, and the state's export and import ({@link OptimizerStates}
 * names). Subclasses keep their per-parameter state as retained tensors on the model's device, created
 * on a parameter's first update, and release it on {@link #close()}.
 */
abstract class CppUpdater implements ParameterUpdater {

    protected final CppParameters model;
    private boolean closed;

    CppUpdater(CppParameters model) {
        this.model = model;
    }

    /**
     * The optimizer of {@code config} over {@code model}'s parameters.
     *
     * @throws IllegalArgumentException for an optimizer other than SGD and Adam
     */
    static ParameterUpdater create(CppParameters model, OptimizerConfig config) {
        Objects.requireNonNull(config, "config");
        if (config instanceof OptimizerConfig.Sgd sgd) {
            return new CppSgd(model, sgd);
        }
        if (config instanceof OptimizerConfig.Adam adam) {
            return new CppAdam(model, adam);
        }
        throw new IllegalArgumentException("unsupported optimizer " + config);
    }

    /** Number of parameters, hence of learning rates and of per-parameter state slots. */
    final int parameterCount() {
        return model.parameterInfos().size();
    }

    @Override
    public final void step(Gradients gradients, double[] learningRate) {
        checkOpen();
        CppGradients g = model.requireCompatible(gradients);
        Objects.requireNonNull(learningRate, "learningRate");
        if (learningRate.length != parameterCount()) {
            throw new IllegalArgumentException("expected " + parameterCount()
                    + " learning rates (one per parameter), got " + learningRate.length);
        }
        CppScopes.withoutGrad(() -> {
            for (int p = 0; p < learningRate.length; p++) {
                Tensor grad = g.tensor(p);
                if (grad != null) {
                    update(p, model.parameterTensor(p), grad, learningRate[p]);
                }
            }
        });
    }

    @Override
    public final Map<String, HostTensor> state() {
        checkOpen();
        List<TensorInfo> params = model.parameterInfos();
        List<String> slots = OptimizerStates.slots(config());
        return CppScopes.scoped(() -> {
            Map<String, HostTensor> out = new LinkedHashMap<>();
            for (int p = 0; p < params.size(); p++) {
                HostTensor[] values = export(p);
                if (values != null) {
                    for (int s = 0; s < slots.size(); s++) {
                        out.put(params.get(p).name() + "." + slots.get(s), values[s]);
                    }
                }
            }
            return out;
        });
    }

    @Override
    public final void loadState(Map<String, HostTensor> state) {
        checkOpen();
        HostTensor[][] values = OptimizerStates.unpack(config(), model.parameterInfos(), state);
        CppScopes.withoutGrad(() -> {
            releaseState();
            for (int p = 0; p < values.length; p++) {
                if (values[p] != null) {
                    restore(p, values[p]);
                }
            }
        });
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("optimizer already closed");
        }
        model.ensureOpen();
    }

    /** Host copies of parameter {@code p}'s slots in {@link OptimizerStates#slots} order, or null if it has none. */
    protected abstract HostTensor[] export(int p);

    /** Sets parameter {@code p}'s slots from validated host values, in {@link OptimizerStates#slots} order. */
    protected abstract void restore(int p, HostTensor[] values);

    /** A new retained tensor of the model's dtype, on its device, holding {@code host}. */
    protected final Tensor retained(HostTensor host) {
        return CppHost.toTensor(host, model.dtypeUnchecked(), model.device()).retainReference();
    }

    /** A host copy of a state tensor in the model's dtype. */
    protected final HostTensor host(Tensor t) {
        return CppHost.toHost(t, model.dtypeUnchecked());
    }

    /**
     * Updates {@code param} in place; runs inside the step's scope under no-grad. State tensors kept
     * past the step must be {@linkplain Tensor#retainReference() retained}.
     */
    protected abstract void update(int p, Tensor param, Tensor grad, double lr);

    /** Releases the retained state tensors and forgets step counts: the state of a fresh updater. */
    protected abstract void releaseState();

    @Override
    public final void close() {
        if (!closed) {
            closed = true;
            releaseState();
        }
    }
}
