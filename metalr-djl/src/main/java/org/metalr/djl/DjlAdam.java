package org.metalr.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import org.metalr.api.HostTensor;
import org.metalr.api.OptimizerConfig;

/**
 * {@code torch.optim.Adam} (amsgrad off, torch 1.13 single-tensor path) with one learning rate per
 * parameter and step: {@code g' = g (+ wd p)}; {@code m = b1 m + (1-b1) g'};
 * {@code v = b2 v + (1-b2) g' g'}; {@code p -= (lr / (1-b1^t)) m / (sqrt(v) / sqrt(1-b2^t) + eps)},
 * with the step count and bias corrections in Java double. Moments and step counts live until
 * {@link #close()} and survive learning-rate changes.
 */
final class DjlAdam extends DjlUpdater {

    private final OptimizerConfig.Adam config;
    private final NDArray[] m;
    private final NDArray[] v;
    private final long[] steps;

    DjlAdam(DjlParameters model, OptimizerConfig.Adam config) {
        super(model);
        this.config = config;
        int n = model.parameterInfo().size();
        this.m = new NDArray[n];
        this.v = new NDArray[n];
        this.steps = new long[n];
    }

    @Override
    public OptimizerConfig config() {
        return config;
    }

    @Override
    void update(int p, NDArray param, NDArray grad, double lr, NDManager scope, DjlScalars s) {
        if (m[p] == null) {
            m[p] = zerosLike(param);
            v[p] = zerosLike(param);
        }
        long step = ++steps[p];
        double b1 = config.beta1();
        double b2 = config.beta2();
        boolean decay = config.weightDecay() != 0;
        // g + wd p in a temporary of this update, which the first moment's term may then overwrite
        NDArray g = decay ? param.mul(s.of(config.weightDecay())).addi(grad) : grad;
        // Operand order as in LibTorch's kernels: addcmul is self + (value * t1) * t2,
        // addcdiv is self + (value * t1) / t2.
        // The in-place operations act on fresh temporaries only, which saves allocations and gives
        // the same values as their out-of-place forms. The second moment goes first: it still needs g.
        v[p].muli(s.of(b2)).addi(g.mul(s.of(1 - b2)).muli(g));
        m[p].muli(s.of(b1)).addi(decay ? g.muli(s.of(1 - b1)) : g.mul(s.of(1 - b1)));
        double bc1 = 1 - Math.pow(b1, step);
        double bc2 = 1 - Math.pow(b2, step);
        double stepSize = lr / bc1;
        NDArray denom = DjlArrays.view(v[p], scope).sqrt().divi(s.of(Math.sqrt(bc2))).addi(s.of(config.eps()));
        param.addi(DjlArrays.view(m[p], scope).mul(s.of(-stepSize)).divi(denom));
    }

    @Override
    HostTensor[] export(int p) {
        if (m[p] == null) {
            return null;
        }
        return new HostTensor[] {DjlArrays.download(m[p]), DjlArrays.download(v[p]),
            HostTensor.ofLongs(new long[] {steps[p]})};
    }

    @Override
    void restore(int p, HostTensor[] values) {
        m[p] = upload(values[0]);
        v[p] = upload(values[1]);
        steps[p] = values[2].toLongArray()[0];
    }

    @Override
    void resetState() {
        for (int p = 0; p < m.length; p++) {
            if (m[p] != null) {
                m[p].close();
                v[p].close();
                m[p] = null;
                v[p] = null;
            }
        }
        Arrays.fill(steps, 0);
    }
}
