package org.metalr.javacpp;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.optim.OptimizerKernels;

/**
 * {@code torch.optim}'s SGD and Adam updates of one parameter in LibTorch's operations, operation for
 * operation as PyTorch 1.13's single-tensor path issues them: weight decay added with
 * {@code add(param, alpha=wd)}, moments moved in place ({@code mul_}, {@code add_}, {@code addcmul_}),
 * {@code p.addcdiv_(m, sqrt(v)/sqrt(bc2) + eps, value=-stepSize)} for Adam and
 * {@code p.add_(d, alpha=-lr)} for SGD. Runs inside {@link CppUpdater}'s scope without autograd;
 * stateless.
 */
final class CppKernels implements OptimizerKernels<Tensor> {

    static final CppKernels INSTANCE = new CppKernels();

    private CppKernels() {}

    @Override
    public Tensor sgd(OptimizerConfig.Sgd config, Tensor param, Tensor grad, double lr, Tensor momentumBuffer) {
        Tensor d = grad;
        if (config.weightDecay() != 0) {
            d = d.add(param, new Scalar(config.weightDecay()));
        }
        Tensor started = null;
        double momentum = config.momentum();
        if (momentum != 0) {
            Tensor buf = momentumBuffer;
            if (buf == null) {
                started = d.clone();
                buf = started;
            } else {
                buf.mul_(new Scalar(momentum)).add_(d, new Scalar(1 - config.dampening()));
            }
            d = config.nesterov() ? d.add(buf, new Scalar(momentum)) : buf;
        }
        param.add_(d, new Scalar(-lr));
        return started;
    }

    @Override
    public void adam(OptimizerConfig.Adam config, Tensor param, Tensor grad, Tensor m, Tensor v, double stepSize,
            double sqrtBias2) {
        double beta1 = config.beta1();
        double beta2 = config.beta2();
        Tensor g = grad;
        if (config.weightDecay() != 0) {
            g = g.add(param, new Scalar(config.weightDecay()));
        }
        m.mul_(new Scalar(beta1)).add_(g, new Scalar(1 - beta1));
        v.mul_(new Scalar(beta2)).addcmul_(g, g, new Scalar(1 - beta2));
        Tensor denom = v.sqrt().div_(new Scalar(sqrtBias2)).add_(new Scalar(config.eps()));
        param.addcdiv_(m, denom, new Scalar(-stepSize));
    }

    @Override
    public Tensor sgdDirection(OptimizerConfig.Sgd config, Tensor param, Tensor grad, Tensor momentumBuffer) {
        Tensor d = grad;
        if (config.weightDecay() != 0) {
            d = d.add(param, new Scalar(config.weightDecay()));
        }
        double momentum = config.momentum();
        if (momentum != 0) {
            Tensor buf = momentumBuffer == null ? d
                    : momentumBuffer.mul(new Scalar(momentum)).add_(d, new Scalar(1 - config.dampening()));
            d = config.nesterov() ? d.add(buf, new Scalar(momentum)) : buf;
        }
        return d == grad ? grad.clone() : d;
    }

    @Override
    public Tensor adamDirection(OptimizerConfig.Adam config, Tensor param, Tensor grad, Tensor m, Tensor v,
            double bias1, double sqrtBias2) {
        double beta1 = config.beta1();
        double beta2 = config.beta2();
        Tensor g = grad;
        if (config.weightDecay() != 0) {
            g = g.add(param, new Scalar(config.weightDecay()));
        }
        // the step's operations on copies of the moments (zeros before the first step)
        Tensor m2 = (m == null ? torch.zeros_like(param) : m.mul(new Scalar(beta1))).add_(g, new Scalar(1 - beta1));
        Tensor v2 = (v == null ? torch.zeros_like(param) : v.mul(new Scalar(beta2))).addcmul_(g, g, new Scalar(1 - beta2));
        Tensor denom = v2.sqrt().div_(new Scalar(sqrtBias2)).add_(new Scalar(config.eps()));
        return m2.div_(denom).div_(new Scalar(bias1));
    }
}
