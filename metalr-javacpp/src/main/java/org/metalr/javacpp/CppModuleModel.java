package org.metalr.javacpp;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.SharedModuleVector;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.Device;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.HostTensor;
import org.metalr.api.ParamGroup;
import org.metalr.api.TensorInfo;

/**
 * A {@link Differentiable} over a user's JavaCPP {@link Module} and forward function
 * ({@link CppModules}). Holds one retained handle on each of the module's parameters and buffers (the
 * module's own tensors). Gradients come from {@code torch::autograd::grad} with respect to the
 * parameters, so no {@code .grad} is ever stored on the module. The look-ahead writes
 * {@code theta + c d} into the parameters and copies saved clones back afterwards; buffers are
 * snapshotted before each pass and copied back after the look-ahead, after training-mode inference,
 * and after any pass that fails. Each pass runs in its own {@link org.bytedeco.javacpp.PointerScope}.
 *
 * <p>Not thread-safe. {@link #close()} releases the handles, not the module.
 */
final class CppModuleModel extends CppModelBase {

    private final Module module;
    private final String moduleName;
    private final Function<Tensor, Tensor> forward;
    private final BiFunction<Tensor, Tensor, Tensor> loss;
    private final List<ParamGroup> groups;

    /**
     * Takes over the retained handles {@code params} and {@code bufs}, checked by {@link CppModules},
     * which requires them on the CPU.
     */
    CppModuleModel(Module module, Function<Tensor, Tensor> forward, BiFunction<Tensor, Tensor, Tensor> loss,
            DType dtype, List<ParamGroup> groups, List<TensorInfo> parameters, List<TensorInfo> buffers,
            Tensor[] params, Tensor[] bufs) {
        super(dtype, Device.CPU, parameters, buffers, params, bufs);
        this.module = module;
        this.moduleName = CppScopes.scoped(() -> module.name().getString());
        this.forward = forward;
        this.loss = loss;
        this.groups = List.copyOf(groups);
    }

    @Override
    public List<ParamGroup> defaultGroups() {
        checkOpen();
        return groups;
    }

    @Override
    public Gradients gradients(Batch batch, boolean[] trainable) {
        checkGradients(batch, trainable);
        return CppScopes.withGrad(() -> {
            Tensor[] snapshot = clones(bufs);
            try {
                return pass(batch, trainable);
            } catch (RuntimeException | Error e) {
                copyBack(bufs, snapshot);
                throw e;
            }
        });
    }

    @Override
    public Gradients gradientsAt(Batch batch, Gradients direction, double[] coefficient, boolean[] trainable) {
        CppGradients dir = checkLookAhead(batch, direction, coefficient, trainable);
        return CppScopes.withGrad(() -> {
            Tensor[] snapshot = clones(bufs);
            Tensor[] theta = new Tensor[params.length];
            for (int p = 0; p < params.length; p++) {
                if (dir.tensor(p) != null && coefficient[p] != 0.0) {
                    theta[p] = params[p].detach().clone(); // in this pass's scope, which outlives the writes below
                }
            }
            try {
                CppScopes.withoutGrad(() -> {
                    for (int p = 0; p < params.length; p++) {
                        if (theta[p] != null) {
                            // theta + c d, the operation CppModel's look-ahead uses, written in place for the pass
                            params[p].add_(dir.tensor(p), new Scalar(coefficient[p]));
                        }
                    }
                });
                return pass(batch, trainable);
            } finally {
                // exact copies of theta and of the buffers: the look-ahead leaves no trace
                copyBack(params, theta);
                copyBack(bufs, snapshot);
            }
        });
    }

    /**
     * Training-mode forward, loss and gradients with respect to the flagged parameters; runs inside
     * the caller's grad-mode scope and puts the module's mode and {@code requires_grad} flags back.
     */
    private CppGradients pass(Batch batch, boolean[] trainable) {
        Modes modes = new Modes(module);
        boolean[] required = new boolean[params.length];
        TensorVector inputs = new TensorVector();
        for (int p = 0; p < params.length; p++) {
            required[p] = params[p].requires_grad();
            params[p].requires_grad_(trainable[p]);
            if (trainable[p]) {
                inputs.push_back(params[p]);
            }
        }
        try {
            module.train(true);
            Tensor outputs = forward.apply(CppHost.toTensor(batch.inputs(), dtype, Device.CPU));
            Tensor value = loss.apply(outputs, target(batch));
            if (value.numel() != 1) {
                throw new IllegalStateException("the loss returned shape " + Arrays.toString(CppHost.shape(value))
                        + ", expected one value");
            }
            double lossValue = CppHost.scalar(value);
            Tensor[] computed = new Tensor[params.length];
            if (inputs.size() > 0) {
                TensorVector grads = torch.grad(new TensorVector(value), inputs, new TensorVector(), new BoolOptional(),
                        false, true);
                int next = 0;
                for (int p = 0; p < params.length; p++) {
                    computed[p] = trainable[p] ? grads.get(next++) : null;
                }
            }
            return CppGradients.retain(this, lossValue, trainable, computed, params);
        } finally {
            modes.restore();
            for (int p = 0; p < params.length; p++) {
                params[p].requires_grad_(required[p]);
            }
        }
    }

    /** The loss's targets: int64 class labels, or masks in the model's dtype. */
    private Tensor target(Batch batch) {
        return batch.isSegmentation()
                ? CppHost.toTensor(batch.masks(), dtype, Device.CPU)
                : CppHost.longs(batch.labels(), Device.CPU, batch.labels().length);
    }

    @Override
    public HostTensor forward(HostTensor inputs, boolean training) {
        checkOpen();
        Objects.requireNonNull(inputs, "inputs");
        return CppScopes.withoutGrad(() -> {
            Modes modes = new Modes(module);
            Tensor[] snapshot = training ? clones(bufs) : null;
            try {
                module.train(training);
                return CppHost.toHost(forward.apply(CppHost.toTensor(inputs, dtype, Device.CPU)), dtype);
            } finally {
                modes.restore();
                if (snapshot != null) {
                    copyBack(bufs, snapshot);
                }
            }
        });
    }

    /**
     * The training flag of every module in the tree, to put back after a pass: {@code train(on)} sets
     * a whole subtree, so a user's mix (a frozen backbone's BatchNorms in evaluation mode) would
     * otherwise be lost. Lives in the current scope.
     */
    private static final class Modes {
        private final SharedModuleVector modules;
        private final boolean[] training;

        Modes(Module root) {
            modules = root.modules(true); // pre-order: a module before its children
            training = new boolean[Math.toIntExact(modules.size())];
            for (int i = 0; i < training.length; i++) {
                training[i] = modules.get(i).is_training();
            }
        }

        /** Parents first, so each child's own flag is set after its parent's recursive one. */
        void restore() {
            for (int i = 0; i < training.length; i++) {
                modules.get(i).train(training[i]);
            }
        }
    }

    /** Clones of {@code tensors}, in the current scope. */
    private static Tensor[] clones(Tensor[] tensors) {
        Tensor[] out = new Tensor[tensors.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = tensors[i].detach().clone();
        }
        return out;
    }

    /** {@code targets[i].copy_(saved[i])} without autograd, where a saved tensor exists. */
    private static void copyBack(Tensor[] targets, Tensor[] saved) {
        CppScopes.withoutGrad(() -> {
            for (int i = 0; i < targets.length; i++) {
                if (saved[i] != null) {
                    targets[i].copy_(saved[i]);
                }
            }
        });
    }

    /** {@code gradients} as this model's own. */
    @Override
    public CppGradients requireCompatible(Gradients gradients) {
        Objects.requireNonNull(gradients, "gradients");
        if (!(gradients instanceof CppGradients g) || g.owner() != this) {
            throw new IllegalArgumentException("gradients do not come from this model: " + gradients);
        }
        return g;
    }

    @Override
    public void checkOpen() {
        if (isClosed()) {
            throw new IllegalStateException("model over module " + moduleName + " is closed");
        }
    }

    @Override
    public String toString() {
        return "CppModuleModel[" + moduleName + ", " + dtype + ", "
                + parameters.size() + " parameters" + (isClosed() ? ", closed" : "") + "]";
    }
}
