package org.metalr.javacpp;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import java.util.Arrays;
import org.bytedeco.pytorch.global.torch;
import org.metalr.api.HostTensor;
import org.metalr.api.OptimizerConfig;

/**
 * {@code torch.optim.Adam}'s single-tensor update (amsgrad off), operation for operation as in
 * PyTorch 1.13: L2 weight decay added to the gradient, moments moved in place, bias corrections and
 * step size computed in Java {@code double}, then {@code p.addcdiv_(m, sqrt(v)/sqrt(bc2) + eps,
 * value=-lr/bc1)}. Owns two moment tensors and a step count per updated parameter; moments are kept
 * when learning rates change.
 */
final class CppAdam extends CppUpdater {

    private final OptimizerConfig.Adam config;
    private final Tensor[] firstMoments;
    private final Tensor[] secondMoments;
    private final long[] steps;

    CppAdam(CppParameters model, OptimizerConfig.Adam config) {
        super(model);
        this.config = config;
        int n = parameterCount();
        this.firstMoments = new Tensor[n];
        this.secondMoments = new Tensor[n];
        this.steps = new long[n];
    }

    @Override
    public OptimizerConfig config() {
        return config;
    }

    @Override
    protected void update(int p, Tensor param, Tensor grad, double lr) {
        if (firstMoments[p] == null) {
            firstMoments[p] = torch.zeros_like(param).retainReference();
            secondMoments[p] = torch.zeros_like(param).retainReference();
        }
        Tensor m = firstMoments[p];
        Tensor v = secondMoments[p];
        long step = ++steps[p];
        double beta1 = config.beta1();
        double beta2 = config.beta2();
        Tensor g = grad;
        if (config.weightDecay() != 0) {
            g = g.add(param, new Scalar(config.weightDecay()));
        }
        m.mul_(new Scalar(beta1)).add_(g, new Scalar(1 - beta1));
        v.mul_(new Scalar(beta2)).addcmul_(g, g, new Scalar(1 - beta2));
        double bias1 = 1 - Math.pow(beta1, step);
        double bias2 = 1 - Math.pow(beta2, step);
        double stepSize = lr / bias1;
        Tensor denom = v.sqrt().div_(new Scalar(Math.sqrt(bias2))).add_(new Scalar(config.eps()));
        param.addcdiv_(m, denom, new Scalar(-stepSize));
    }

    @Override
    protected HostTensor[] export(int p) {
        if (firstMoments[p] == null) {
            return null;
        }
        return new HostTensor[] {host(firstMoments[p]), host(secondMoments[p]),
            HostTensor.ofLongs(new long[] {steps[p]})};
    }

    @Override
    protected void restore(int p, HostTensor[] values) {
        firstMoments[p] = retained(values[0]);
        secondMoments[p] = retained(values[1]);
        steps[p] = values[2].toLongArray()[0];
    }

    @Override
    protected void releaseState() {
        CppScopes.release(firstMoments);
        CppScopes.release(secondMoments);
        Arrays.fill(steps, 0);
    }
}
