package org.metalr.api.optim;

import org.metalr.api.OptimizerConfig;

/**
 * One backend's tensor arithmetic for {@code torch.optim}'s single-tensor SGD and Adam updates of one
 * parameter: the only part of an optimizer that differs between backends, written operation for
 * operation in each binding's own API, which is what makes their parity meaningful. Everything else
 * (state slots, step counts and bias corrections, checks, export and import) is
 * {@link TensorUpdater}'s.
 *
 * <p>A kernel runs inside the step's native scope without autograd, with the tensors the backend's
 * {@link TensorUpdater#forEachGradient} handed out: temporaries it makes are freed with that scope,
 * and it keeps nothing itself.
 *
 * @param <T> the backend's tensor type
 */
public interface OptimizerKernels<T> {

    /**
     * {@code torch.optim.SGD} on one parameter, in place: {@code d = g (+ wd p)}; with momentum,
     * {@code buf = clone(d)} on the parameter's first step, else
     * {@code buf = momentum buf + (1 - dampening) d} in place; {@code d = nesterov ? d + momentum buf : buf};
     * {@code p -= lr d}.
     *
     * @param momentumBuffer the parameter's momentum buffer, or {@code null} before its first step with
     *                       momentum (and always without momentum)
     * @return on a parameter's first step with momentum, the buffer it started (a temporary of the
     *     step, which the caller keeps); otherwise {@code null}
     */
    T sgd(OptimizerConfig.Sgd config, T parameter, T gradient, double lr, T momentumBuffer);

    /**
     * {@code torch.optim.Adam} (amsgrad off) on one parameter, in place: {@code g' = g (+ wd p)};
     * {@code m = b1 m + (1 - b1) g'}; {@code v = b2 v + (1 - b2) g' g'};
     * {@code p -= stepSize m / (sqrt(v) / sqrtBias2 + eps)}. The caller computes the bias corrections
     * in Java {@code double}, as torch does in Python.
     *
     * @param firstMoment  {@code m}, zero before the parameter's first step, moved in place
     * @param secondMoment {@code v}, zero before the parameter's first step, moved in place
     * @param stepSize     {@code lr / (1 - b1^t)}, {@code t} the parameter's step count
     * @param sqrtBias2    {@code sqrt(1 - b2^t)}
     */
    void adam(OptimizerConfig.Adam config, T parameter, T gradient, T firstMoment, T secondMoment, double stepSize,
            double sqrtBias2);

    /**
     * What {@link #sgd} would subtract per unit rate, as a new temporary of the step: {@code d = g (+ wd p)};
     * with momentum {@code buf' = d} without a buffer, else {@code momentum buf + (1 - dampening) d};
     * then {@code nesterov ? d + momentum buf' : buf'}. Nothing is changed in place.
     *
     * @param momentumBuffer the parameter's momentum buffer, or {@code null} (read only)
     */
    T sgdDirection(OptimizerConfig.Sgd config, T parameter, T gradient, T momentumBuffer);

    /**
     * What {@link #adam} would subtract per unit rate, as a new temporary of the step:
     * {@code (m' / (sqrt(v') / sqrtBias2 + eps)) / bias1} with {@code m'}, {@code v'} the moments
     * {@link #adam} would make. Nothing is changed in place.
     *
     * @param firstMoment  {@code m}, or {@code null} before the parameter's first step (zeros; read only)
     * @param secondMoment {@code v}, or {@code null} likewise
     * @param bias1        {@code 1 - b1^t}, {@code t} the step the update would be
     * @param sqrtBias2    {@code sqrt(1 - b2^t)}
     */
    T adamDirection(OptimizerConfig.Adam config, T parameter, T gradient, T firstMoment, T secondMoment, double bias1,
            double sqrtBias2);
}
