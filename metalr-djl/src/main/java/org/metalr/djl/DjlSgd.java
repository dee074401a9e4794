package org.metalr.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.metalr.api.HostTensor;
import org.metalr.api.OptimizerConfig;

/**
 * {@code torch.optim.SGD}, single-tensor path, with one learning rate per parameter and step:
 * {@code d = g (+ wd p)}; with momentum {@code buf = clone(d)} on a parameter's first step, else
 * {@code buf = momentum buf + (1 - dampening) d}; {@code d = nesterov ? d + momentum buf : buf};
 * {@code p -= lr d}. Momentum buffers live until {@link #close()}.
 */
final class DjlSgd extends DjlUpdater {

    private final OptimizerConfig.Sgd config;
    private final NDArray[] momentum;

    DjlSgd(DjlParameters model, OptimizerConfig.Sgd config) {
        super(model);
        this.config = config;
        this.momentum = new NDArray[model.parameterInfo().size()];
    }

    @Override
    public OptimizerConfig config() {
        return config;
    }

    @Override
    void update(int p, NDArray param, NDArray grad, double lr, NDManager scope, DjlScalars s) {
        NDArray d = grad;
        if (config.weightDecay() != 0) {
            d = param.mul(s.of(config.weightDecay())).addi(d); // d + wd p, one temporary
        }
        if (config.momentum() != 0) {
            if (momentum[p] == null) {
                momentum[p] = keep(d.duplicate());
            } else {
                momentum[p].muli(s.of(config.momentum())).addi(d.mul(s.of(1 - config.dampening())));
            }
            NDArray buf = DjlArrays.view(momentum[p], scope);
            d = config.nesterov() ? buf.mul(s.of(config.momentum())).addi(d) : buf;
        }
        param.addi(d.mul(s.of(-lr)));
    }

    @Override
    HostTensor[] export(int p) {
        return momentum[p] == null ? null : new HostTensor[] {DjlArrays.download(momentum[p])};
    }

    @Override
    void restore(int p, HostTensor[] values) {
        momentum[p] = upload(values[0]);
    }

    @Override
    void resetState() {
        for (int p = 0; p < momentum.length; p++) {
            if (momentum[p] != null) {
                momentum[p].close();
                momentum[p] = null;
            }
        }
    }
}
