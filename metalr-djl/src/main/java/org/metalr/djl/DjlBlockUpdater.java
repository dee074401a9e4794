package org.metalr.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.metalr.api.Gradients;
import org.metalr.api.HostTensor;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.OptimizerStates;
import org.metalr.api.ParameterUpdater;
import org.metalr.api.TensorInfo;

/**
 * The real optimizer of a {@link DjlBlockModel}: {@code torch.optim.SGD} and {@code torch.optim.Adam}
 * with one learning rate per parameter, operation for operation as {@link DjlSgd} and {@link DjlAdam}
 * compute them (so a block and the same network as layers move identically), in place on the block's
 * arrays through views, without autograd. State (momentum buffers, Adam moments and step counts) lives
 * in one sub-manager of the model until {@link #close()}; {@link #state()} names it as
 * {@link OptimizerStates} does.
 */
final class DjlBlockUpdater implements ParameterUpdater {

    private final DjlBlockModel model;
    private final OptimizerConfig config;
    private final NDManager state;
    /** Per parameter: [momentum] for SGD with momentum, [m, v] for Adam; null before its first update. */
    private final NDArray[][] slots;
    private final long[] steps;
    private boolean closed;

    DjlBlockUpdater(DjlBlockModel model, OptimizerConfig config) {
        if (!(config instanceof OptimizerConfig.Sgd) && !(config instanceof OptimizerConfig.Adam)) {
            throw new IllegalArgumentException("unsupported optimizer " + config);
        }
        this.model = model;
        this.config = config;
        this.state = model.newSubManager();
        int n = model.parameterInfo().size();
        this.slots = new NDArray[n][];
        this.steps = new long[n];
    }

    @Override
    public OptimizerConfig config() {
        return config;
    }

    /**
     * @throws IllegalArgumentException if {@code gradients} are not this model's or the learning-rate
     *     array has the wrong length
     * @throws IllegalStateException if the updater, the model or the gradients are closed
     */
    @Override
    public void step(Gradients gradients, double[] learningRate) {
        checkOpen();
        Objects.requireNonNull(learningRate, "learningRate");
        DjlBlockGradients g = model.own(gradients);
        if (learningRate.length != g.size()) {
            throw new IllegalArgumentException("expected " + g.size()
                    + " learning rates (one per parameter), got " + learningRate.length);
        }
        try (NDManager scope = state.newSubManager()) {
            DjlScalars scalars = new DjlScalars(scope);
            for (int p = 0; p < g.size(); p++) {
                NDArray grad = g.tensor(p);
                if (grad == null) {
                    continue;
                }
                NDArray param = DjlArrays.view(model.parameter(p), scope);
                NDArray gradView = DjlArrays.view(grad, scope);
                if (config instanceof OptimizerConfig.Adam adam) {
                    adam(adam, p, param, gradView, learningRate[p], scope, scalars);
                } else {
                    sgd((OptimizerConfig.Sgd) config, p, param, gradView, learningRate[p], scope, scalars);
                }
            }
        }
    }

    /** {@link DjlSgd}'s update. */
    private void sgd(OptimizerConfig.Sgd c, int p, NDArray param, NDArray grad, double lr, NDManager scope,
            DjlScalars s) {
        NDArray d = grad;
        if (c.weightDecay() != 0) {
            d = d.add(param.mul(s.of(c.weightDecay())));
        }
        if (c.momentum() != 0) {
            if (slots[p] == null) {
                slots[p] = new NDArray[] {keep(d.duplicate())};
            } else {
                slots[p][0].muli(s.of(c.momentum())).addi(d.mul(s.of(1 - c.dampening())));
            }
            NDArray buf = DjlArrays.view(slots[p][0], scope);
            d = c.nesterov() ? d.add(buf.mul(s.of(c.momentum()))) : buf;
        }
        param.addi(d.mul(s.of(-lr)));
    }

    /** {@link DjlAdam}'s update. */
    private void adam(OptimizerConfig.Adam c, int p, NDArray param, NDArray grad, double lr, NDManager scope,
            DjlScalars s) {
        if (slots[p] == null) {
            slots[p] = new NDArray[] {zerosLike(param), zerosLike(param)};
        }
        NDArray m = slots[p][0];
        NDArray v = slots[p][1];
        long step = ++steps[p];
        double b1 = c.beta1();
        double b2 = c.beta2();
        NDArray g = grad;
        if (c.weightDecay() != 0) {
            g = g.add(param.mul(s.of(c.weightDecay())));
        }
        m.muli(s.of(b1)).addi(g.mul(s.of(1 - b1)));
        v.muli(s.of(b2)).addi(g.mul(s.of(1 - b2)).mul(g));
        double bc1 = 1 - Math.pow(b1, step);
        double bc2 = 1 - Math.pow(b2, step);
        double stepSize = lr / bc1;
        NDArray denom = DjlArrays.view(v, scope).sqrt().div(s.of(Math.sqrt(bc2))).add(s.of(c.eps()));
        param.addi(DjlArrays.view(m, scope).mul(s.of(-stepSize)).div(denom));
    }

    @Override
    public Map<String, HostTensor> state() {
        checkOpen();
        List<TensorInfo> params = model.parameterInfo();
        List<String> names = OptimizerStates.slots(config);
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (int p = 0; p < params.size(); p++) {
            if (slots[p] == null) {
                continue;
            }
            for (int i = 0; i < slots[p].length; i++) {
                out.put(params.get(p).name() + "." + names.get(i), DjlArrays.download(slots[p][i]));
            }
            if (config instanceof OptimizerConfig.Adam) {
                out.put(params.get(p).name() + "." + OptimizerStates.STEP, HostTensor.ofLongs(new long[] {steps[p]}));
            }
        }
        return out;
    }

    @Override
    public void loadState(Map<String, HostTensor> values) {
        checkOpen();
        HostTensor[][] unpacked = OptimizerStates.unpack(config, model.parameterInfo(), values);
        reset();
        for (int p = 0; p < unpacked.length; p++) {
            if (unpacked[p] == null) {
                continue;
            }
            int tensors = config instanceof OptimizerConfig.Adam ? 2 : 1;
            slots[p] = new NDArray[tensors];
            for (int i = 0; i < tensors; i++) {
                slots[p][i] = DjlArrays.uploadOwned(state, unpacked[p][i], DjlArrays.dataType(model.dtype()));
            }
            if (config instanceof OptimizerConfig.Adam) {
                steps[p] = unpacked[p][2].toLongArray()[0];
            }
        }
    }

    /** Frees every state tensor and forgets the step counts: a fresh updater's state. */
    private void reset() {
        for (int p = 0; p < slots.length; p++) {
            if (slots[p] != null) {
                for (NDArray t : slots[p]) {
                    t.close();
                }
                slots[p] = null;
            }
            steps[p] = 0;
        }
    }

    /** Moves {@code array} (a temporary of this step) into the updater's long-lived state. */
    private NDArray keep(NDArray array) {
        array.attach(state);
        return array;
    }

    private NDArray zerosLike(NDArray like) {
        return state.zeros(like.getShape(), like.getDataType());
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("updater is closed");
        }
        model.checkOpen();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            state.close();
        }
    }
}
