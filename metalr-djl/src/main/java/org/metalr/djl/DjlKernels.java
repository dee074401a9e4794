package org.metalr.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.optim.OptimizerKernels;

/**
 * {@code torch.optim}'s SGD and Adam updates of one parameter in DJL's operations, as LibTorch's
 * single-tensor kernels order them. Made per parameter by {@link DjlUpdater}: the parameter and
 * gradient are handles in {@code scope}, so every temporary computed from them lands there, and state
 * tensors are read through {@link DjlArrays#view} for the same reason; scalar operands come from the
 * step's {@link DjlScalars}. In-place operations act on the parameter, the state and fresh temporaries
 * only, which saves allocations and gives the values of their out-of-place forms.
 */
final class DjlKernels implements OptimizerKernels<NDArray> {

    private final NDManager scope;
    private final DjlScalars s;

    DjlKernels(NDManager scope, DjlScalars scalars) {
        this.scope = scope;
        this.s = scalars;
    }

    @Override
    public NDArray sgd(OptimizerConfig.Sgd config, NDArray param, NDArray grad, double lr, NDArray momentumBuffer) {
        NDArray d = grad;
        if (config.weightDecay() != 0) {
            d = param.mul(s.of(config.weightDecay())).addi(d); // d + wd p, one temporary
        }
        NDArray started = null;
        if (config.momentum() != 0) {
            NDArray buf;
            if (momentumBuffer == null) {
                started = d.duplicate();
                buf = started;
            } else {
                momentumBuffer.muli(s.of(config.momentum())).addi(d.mul(s.of(1 - config.dampening())));
                buf = DjlArrays.view(momentumBuffer, scope);
            }
            d = config.nesterov() ? buf.mul(s.of(config.momentum())).addi(d) : buf;
        }
        param.addi(d.mul(s.of(-lr)));
        return started;
    }

    @Override
    public void adam(OptimizerConfig.Adam config, NDArray param, NDArray grad, NDArray m, NDArray v, double stepSize,
            double sqrtBias2) {
        double b1 = config.beta1();
        double b2 = config.beta2();
        boolean decay = config.weightDecay() != 0;
        // g + wd p in a temporary of this update, which the first moment's term may then overwrite
        NDArray g = decay ? param.mul(s.of(config.weightDecay())).addi(grad) : grad;
        // Operand order as in LibTorch's kernels: addcmul is self + (value * t1) * t2,
        // addcdiv is self + (value * t1) / t2. The second moment goes first: it still needs g.
        v.muli(s.of(b2)).addi(g.mul(s.of(1 - b2)).muli(g));
        m.muli(s.of(b1)).addi(decay ? g.muli(s.of(1 - b1)) : g.mul(s.of(1 - b1)));
        NDArray denom = DjlArrays.view(v, scope).sqrt().divi(s.of(sqrtBias2)).addi(s.of(config.eps()));
        param.addi(DjlArrays.view(m, scope).mul(s.of(-stepSize)).divi(denom));
    }

    @Override
    public NDArray sgdDirection(OptimizerConfig.Sgd config, NDArray param, NDArray grad, NDArray momentumBuffer) {
        NDArray d = grad;
        if (config.weightDecay() != 0) {
            d = param.mul(s.of(config.weightDecay())).addi(d);
        }
        if (config.momentum() != 0) {
            NDArray buf = momentumBuffer == null ? d : DjlArrays.view(momentumBuffer, scope)
                    .mul(s.of(config.momentum())).addi(d.mul(s.of(1 - config.dampening())));
            d = config.nesterov() ? buf.mul(s.of(config.momentum())).addi(d) : buf;
        }
        return d == grad ? grad.duplicate() : d;
    }

    @Override
    public NDArray adamDirection(OptimizerConfig.Adam config, NDArray param, NDArray grad, NDArray m, NDArray v,
            double bias1, double sqrtBias2) {
        double b1 = config.beta1();
        double b2 = config.beta2();
        NDArray g = config.weightDecay() != 0 ? param.mul(s.of(config.weightDecay())).addi(grad) : grad;
        // the step's operations on copies of the moments; before the first step they are zero, and 0 + x is x
        NDArray v2 = g.mul(s.of(1 - b2)).muli(g);
        if (v != null) {
            v2 = DjlArrays.view(v, scope).mul(s.of(b2)).addi(v2);
        }
        NDArray m2 = g.mul(s.of(1 - b1));
        if (m != null) {
            m2 = DjlArrays.view(m, scope).mul(s.of(b1)).addi(m2);
        }
        NDArray denom = v2.sqrt().divi(s.of(sqrtBias2)).addi(s.of(config.eps()));
        return m2.divi(denom).divi(s.of(bias1));
    }
}
