package org.metalr.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.metalr.api.Gradients;
import org.metalr.api.HostTensor;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.OptimizerStates;
import org.metalr.api.ParameterUpdater;
import org.metalr.api.TensorInfo;

/**
 * Common part of the optimizers of every DJL model (a network's or a user's block): per-parameter
 * state in one NDManager of the model, one scratch sub-manager per step, in-place updates of the
 * model's parameters through views, and the state's export and import ({@link OptimizerStates}
 * names). Autograd never sees these updates: the tensors updated are never autograd leaves of a pass.
 */
abstract class DjlUpdater implements ParameterUpdater {

    private final DjlParameters model;
    private final NDManager state;
    private boolean closed;

    DjlUpdater(DjlParameters model) {
        this.model = model;
        this.state = model.newSubManager();
    }

    /**
     * The optimizer of {@code config} over {@code model}'s parameters.
     *
     * @throws IllegalArgumentException for an optimizer other than SGD and Adam
     */
    static ParameterUpdater create(DjlParameters model, OptimizerConfig config) {
        Objects.requireNonNull(config, "config");
        if (config instanceof OptimizerConfig.Sgd sgd) {
            return new DjlSgd(model, sgd);
        }
        if (config instanceof OptimizerConfig.Adam adam) {
            return new DjlAdam(model, adam);
        }
        throw new IllegalArgumentException("unsupported optimizer " + config);
    }

    /**
     * @throws IllegalArgumentException if {@code gradients} are not this model's or the learning-rate
     *     array has the wrong length
     * @throws IllegalStateException if the updater, the model or the gradients are closed
     */
    @Override
    public final void step(Gradients gradients, double[] learningRate) {
        checkOpen();
        model.checkOpen();
        Objects.requireNonNull(learningRate, "learningRate");
        DjlGradients g = model.own(gradients);
        if (learningRate.length != g.size()) {
            throw new IllegalArgumentException("expected " + g.size()
                    + " learning rates (one per parameter), got " + learningRate.length);
        }
        try (NDManager step = state.newSubManager()) {
            DjlScalars scalars = new DjlScalars(step);
            for (int p = 0; p < g.size(); p++) {
                NDArray grad = g.tensor(p);
                if (grad == null) {
                    continue;
                }
                // One scope per parameter: its temporaries are freed before the next parameter's are
                // made, so the step needs one parameter's scratch at a time and the allocator reuses it.
                try (NDManager scope = step.newSubManager()) {
                    update(p, DjlArrays.view(model.parameter(p), scope), DjlArrays.view(grad, scope),
                            learningRate[p], scope, scalars);
                }
            }
        }
    }

    @Override
    public final Map<String, HostTensor> state() {
        checkOpen();
        model.checkOpen();
        List<TensorInfo> params = model.parameterInfo();
        List<String> slots = OptimizerStates.slots(config());
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
    }

    @Override
    public final void loadState(Map<String, HostTensor> state) {
        checkOpen();
        model.checkOpen();
        HostTensor[][] values = OptimizerStates.unpack(config(), model.parameterInfo(), state);
        resetState();
        for (int p = 0; p < values.length; p++) {
            if (values[p] != null) {
                restore(p, values[p]);
            }
        }
    }

    /** Host copies of parameter {@code p}'s slots in {@link OptimizerStates#slots} order, or null if it has none. */
    abstract HostTensor[] export(int p);

    /** Sets parameter {@code p}'s slots from validated host values, in {@link OptimizerStates#slots} order. */
    abstract void restore(int p, HostTensor[] values);

    /** Frees every state tensor and forgets step counts: the state of a fresh updater. */
    abstract void resetState();

    /** A copy of {@code host} in the updater's state, in the model's element type. */
    final NDArray upload(HostTensor host) {
        return DjlArrays.uploadOwned(state, host, DjlArrays.dataType(model.dtype()));
    }

    /**
     * One parameter's update, in place on {@code param}. {@code param} and {@code grad} are views in
     * {@code scope}, so temporaries computed from them land there; state tensors are read through
     * {@link DjlArrays#view} for the same reason. Scalar operands come from {@code scalars}.
     */
    abstract void update(int p, NDArray param, NDArray grad, double lr, NDManager scope, DjlScalars scalars);

    /** Moves {@code array} (a temporary of this step) into the updater's long-lived state. */
    final NDArray keep(NDArray array) {
        array.attach(state);
        return array;
    }

    /** A zero tensor like {@code like}, in the updater's state. */
    final NDArray zerosLike(NDArray like) {
        return state.zeros(like.getShape(), like.getDataType());
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("updater is closed");
        }
    }

    @Override
    public final void close() {
        if (!closed) {
            closed = true;
            state.close();
        }
    }
}
