package org.metalr.javacpp;

import java.util.function.Supplier;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.metalr.api.Gradients;
import org.metalr.api.HostTensor;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.optim.TensorUpdater;

/**
 * The optimizer of every JavaCPP model (a network's or a user's module): {@link TensorUpdater}'s
 * bookkeeping over LibTorch tensors, with one native scope and no-grad mode per step
 * ({@link CppScopes#withoutGrad(Runnable)}) and the state as retained tensors on the model's device,
 * released on {@link #close()}.
 */
final class CppUpdater extends TensorUpdater<Tensor> {

    private final CppParameters model;

    CppUpdater(CppParameters model, OptimizerConfig config) {
        super(config, model);
        this.model = model;
    }

    @Override
    protected void forEachGradient(Gradients gradients, ParameterStep<Tensor> update) {
        CppGradients g = model.own(gradients);
        CppScopes.withoutGrad(() -> {
            for (int p = 0; p < g.size(); p++) {
                Tensor grad = g.tensor(p);
                if (grad != null) {
                    update.update(p, model.parameter(p), grad, CppKernels.INSTANCE);
                }
            }
        });
    }

    @Override
    protected Directions<Tensor> newDirections(Gradients like) {
        CppGradients g = model.own(like);
        Tensor[] out = new Tensor[g.size()];
        return new Directions<>() {
            @Override
            public void put(int p, Tensor direction) {
                out[p] = direction.retainReference();
            }

            @Override
            public Gradients finish() {
                return CppGradients.owning(g.owner(), g.loss(), out);
            }

            @Override
            public void abandon() {
                CppScopes.release(out);
            }
        };
    }

    @Override
    protected Tensor keep(Tensor temporary) {
        return temporary.retainReference();
    }

    @Override
    protected Tensor zerosLike(Tensor parameter) {
        return torch.zeros_like(parameter).retainReference();
    }

    @Override
    protected void release(Tensor kept) {
        kept.releaseReference();
    }

    @Override
    protected HostTensor download(Tensor kept) {
        return CppHost.toHost(kept, model.dtypeUnchecked());
    }

    @Override
    protected Tensor upload(HostTensor host) {
        return CppHost.toTensor(host, model.dtypeUnchecked(), model.device()).retainReference();
    }

    @Override
    protected <R> R transfer(Supplier<R> work) {
        return CppScopes.withoutGrad(work);
    }
}
