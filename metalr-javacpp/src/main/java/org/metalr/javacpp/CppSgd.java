package org.metalr.javacpp;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.metalr.api.HostTensor;
import org.metalr.api.OptimizerConfig;

/**
 * {@code torch.optim.SGD}'s single-tensor update, operation for operation: weight decay added to the
 * gradient, a momentum buffer cloned from the first direction and moved with dampening after, optional
 * Nesterov look-ahead, then {@code p.add_(d, alpha=-lr)}. Owns one momentum buffer per updated
 * parameter when momentum is used.
 */
final class CppSgd extends CppUpdater {

    private final OptimizerConfig.Sgd config;
    private final Tensor[] momentumBuffers;

    CppSgd(CppParameters model, OptimizerConfig.Sgd config) {
        super(model);
        this.config = config;
        this.momentumBuffers = new Tensor[parameterCount()];
    }

    @Override
    public OptimizerConfig config() {
        return config;
    }

    @Override
    protected void update(int p, Tensor param, Tensor grad, double lr) {
        Tensor d = grad;
        if (config.weightDecay() != 0) {
            d = d.add(param, new Scalar(config.weightDecay()));
        }
        double momentum = config.momentum();
        if (momentum != 0) {
            Tensor buf = momentumBuffers[p];
            if (buf == null) {
                buf = d.clone().retainReference();
                momentumBuffers[p] = buf;
            } else {
                buf.mul_(new Scalar(momentum)).add_(d, new Scalar(1 - config.dampening()));
            }
            d = config.nesterov() ? d.add(buf, new Scalar(momentum)) : buf;
        }
        param.add_(d, new Scalar(-lr));
    }

    @Override
    protected HostTensor[] export(int p) {
        return momentumBuffers[p] == null ? null : new HostTensor[] {host(momentumBuffers[p])};
    }

    @Override
    protected void restore(int p, HostTensor[] values) {
        momentumBuffers[p] = retained(values[0]);
    }

    @Override
    protected void releaseState() {
        CppScopes.release(momentumBuffers);
    }
}
