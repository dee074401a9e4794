package org.metalr.javacpp;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.metalr.api.Gradients;
import org.metalr.api.HostTensor;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.OptimizerStates;
import org.metalr.api.ParameterUpdater;
import org.metalr.api.TensorInfo;

/**
 * The real optimizer of a {@link CppModuleModel}: {@code torch.optim.SGD} and {@code torch.optim.Adam}
 * with one learning rate per parameter, operation for operation as {@link CppSgd} and {@link CppAdam}
 * compute them (so a module and the same network as layers move identically), in place on the
 * module's tensors under no-grad, one native scope per step. State tensors are retained per
 * parameter from its first update until {@link #close()}; {@link #state()} names them as
 * {@link OptimizerStates} does.
 */
final class CppModuleUpdater implements ParameterUpdater {

    private final CppModuleModel model;
    private final OptimizerConfig config;
    /** Per parameter: [momentum] for SGD with momentum, [m, v] for Adam; null before its first update. */
    private final Tensor[][] slots;
    private final long[] steps;
    private boolean closed;

    CppModuleUpdater(CppModuleModel model, OptimizerConfig config) {
        if (!(config instanceof OptimizerConfig.Sgd) && !(config instanceof OptimizerConfig.Adam)) {
            throw new IllegalArgumentException("unsupported optimizer " + config);
        }
        this.model = model;
        this.config = config;
        int n = model.parameterInfos().size();
        this.slots = new Tensor[n][];
        this.steps = new long[n];
    }

    @Override
    public OptimizerConfig config() {
        return config;
    }

    @Override
    public void step(Gradients gradients, double[] learningRate) {
        checkOpen();
        CppModuleGradients g = model.requireCompatible(gradients);
        Objects.requireNonNull(learningRate, "learningRate");
        if (learningRate.length != g.size()) {
            throw new IllegalArgumentException("expected " + g.size()
                    + " learning rates (one per parameter), got " + learningRate.length);
        }
        CppScopes.withoutGrad(() -> {
            for (int p = 0; p < learningRate.length; p++) {
                Tensor grad = g.tensor(p);
                if (grad == null) {
                    continue;
                }
                if (config instanceof OptimizerConfig.Adam adam) {
                    adam(adam, p, model.parameterTensor(p), grad, learningRate[p]);
                } else {
                    sgd((OptimizerConfig.Sgd) config, p, model.parameterTensor(p), grad, learningRate[p]);
                }
            }
        });
    }

    /** {@link CppSgd}'s update. */
    private void sgd(OptimizerConfig.Sgd c, int p, Tensor param, Tensor grad, double lr) {
        Tensor d = grad;
        if (c.weightDecay() != 0) {
            d = d.add(param, new Scalar(c.weightDecay()));
        }
        if (c.momentum() != 0) {
            if (slots[p] == null) {
                slots[p] = new Tensor[] {d.clone().retainReference()};
            } else {
                slots[p][0].mul_(new Scalar(c.momentum())).add_(d, new Scalar(1 - c.dampening()));
            }
            Tensor buf = slots[p][0];
            d = c.nesterov() ? d.add(buf, new Scalar(c.momentum())) : buf;
        }
        param.add_(d, new Scalar(-lr));
    }

    /** {@link CppAdam}'s update. */
    private void adam(OptimizerConfig.Adam c, int p, Tensor param, Tensor grad, double lr) {
        if (slots[p] == null) {
            slots[p] = new Tensor[] {torch.zeros_like(param).retainReference(),
                torch.zeros_like(param).retainReference()};
        }
        Tensor m = slots[p][0];
        Tensor v = slots[p][1];
        long step = ++steps[p];
        double beta1 = c.beta1();
        double beta2 = c.beta2();
        Tensor g = grad;
        if (c.weightDecay() != 0) {
            g = g.add(param, new Scalar(c.weightDecay()));
        }
        m.mul_(new Scalar(beta1)).add_(g, new Scalar(1 - beta1));
        v.mul_(new Scalar(beta2)).addcmul_(g, g, new Scalar(1 - beta2));
        double bias1 = 1 - Math.pow(beta1, step);
        double bias2 = 1 - Math.pow(beta2, step);
        Tensor denom = v.sqrt().div_(new Scalar(Math.sqrt(bias2))).add_(new Scalar(c.eps()));
        param.addcdiv_(m, denom, new Scalar(-(lr / bias1)));
    }

    @Override
    public Map<String, HostTensor> state() {
        checkOpen();
        List<TensorInfo> params = model.parameterInfos();
        List<String> names = OptimizerStates.slots(config);
        return CppScopes.scoped(() -> {
            Map<String, HostTensor> out = new LinkedHashMap<>();
            for (int p = 0; p < params.size(); p++) {
                if (slots[p] == null) {
                    continue;
                }
                for (int i = 0; i < slots[p].length; i++) {
                    out.put(params.get(p).name() + "." + names.get(i), CppHost.toHost(slots[p][i], model.dtypeUnchecked()));
                }
                if (config instanceof OptimizerConfig.Adam) {
                    out.put(params.get(p).name() + "." + OptimizerStates.STEP, HostTensor.ofLongs(new long[] {steps[p]}));
                }
            }
            return out;
        });
    }

    @Override
    public void loadState(Map<String, HostTensor> values) {
        checkOpen();
        HostTensor[][] unpacked = OptimizerStates.unpack(config, model.parameterInfos(), values);
        CppScopes.withoutGrad(() -> {
            reset();
            int tensors = config instanceof OptimizerConfig.Adam ? 2 : 1;
            for (int p = 0; p < unpacked.length; p++) {
                if (unpacked[p] == null) {
                    continue;
                }
                slots[p] = new Tensor[tensors];
                for (int i = 0; i < tensors; i++) {
                    slots[p][i] = CppHost.toTensor(unpacked[p][i], model.dtypeUnchecked()).retainReference();
                }
                if (config instanceof OptimizerConfig.Adam) {
                    steps[p] = unpacked[p][2].toLongArray()[0];
                }
            }
        });
    }

    /** Releases every state tensor and forgets the step counts: a fresh updater's state. */
    private void reset() {
        for (int p = 0; p < slots.length; p++) {
            if (slots[p] != null) {
                for (Tensor t : slots[p]) {
                    t.releaseReference();
                }
                slots[p] = null;
            }
        }
        Arrays.fill(steps, 0);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("optimizer already closed");
        }
        model.ensureOpen();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            reset();
        }
    }
}
