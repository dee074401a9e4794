package org.metalr.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.metalr.api.Gradients;
import org.metalr.api.HostTensor;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.optim.TensorUpdater;

/**
 * The optimizer of every DJL model (a network's or a user's block): {@link TensorUpdater}'s
 * bookkeeping over NDArrays, with the state in one NDManager of the model, one scratch sub-manager per
 * step with its scalars, one per parameter inside it (its temporaries are freed before the next
 * parameter's are made, so the step needs one parameter's scratch at a time and the allocator reuses
 * it), and in-place updates of the model's parameters through views. Autograd never sees these
 * updates: the tensors updated are never autograd leaves of a pass.
 */
final class DjlUpdater extends TensorUpdater<NDArray> {

    private final DjlParameters model;
    private final NDManager state;

    DjlUpdater(DjlParameters model, OptimizerConfig config) {
        super(config, model);
        this.model = model;
        this.state = model.newSubManager();
    }

    @Override
    protected void forEachGradient(Gradients gradients, ParameterStep<NDArray> update) {
        DjlGradients g = model.own(gradients);
        try (NDManager step = state.newSubManager()) {
            DjlScalars scalars = new DjlScalars(step);
            for (int p = 0; p < g.size(); p++) {
                NDArray grad = g.tensor(p);
                if (grad != null) {
                    try (NDManager scope = step.newSubManager()) {
                        update.update(p, DjlArrays.view(model.parameter(p), scope), DjlArrays.view(grad, scope),
                                new DjlKernels(scope, scalars));
                    }
                }
            }
        }
    }

    @Override
    protected Directions<NDArray> newDirections(Gradients like) {
        DjlGradients g = model.own(like);
        NDArray[] out = new NDArray[g.size()];
        NDManager manager = model.newSubManager();
        return new Directions<>() {
            @Override
            public void put(int p, NDArray direction) {
                direction.attach(manager);
                out[p] = direction;
            }

            @Override
            public Gradients finish() {
                return DjlGradients.owning(g.owner(), manager, g.loss(), out);
            }

            @Override
            public void abandon() {
                manager.close();
            }
        };
    }

    @Override
    protected NDArray keep(NDArray temporary) {
        temporary.attach(state);
        return temporary;
    }

    @Override
    protected NDArray zerosLike(NDArray parameter) {
        return state.zeros(parameter.getShape(), parameter.getDataType());
    }

    @Override
    protected void release(NDArray kept) {
        if (!kept.isReleased()) {
            kept.close();
        }
    }

    @Override
    protected HostTensor download(NDArray kept) {
        return DjlArrays.download(kept);
    }

    @Override
    protected NDArray upload(HostTensor host) {
        return DjlArrays.uploadOwned(state, host, DjlArrays.dataType(model.dtype()));
    }

    @Override
    protected void closeStorage() {
        state.close();
    }
}
