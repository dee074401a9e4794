package org.metalr.javacpp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.StringTensorDictItemVector;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.GroupLayout;
import org.metalr.api.ParamGroup;
import org.metalr.api.StateChecks;
import org.metalr.api.TensorInfo;
import org.metalr.libtorch.SharedLibTorch;

/**
 * Fine-tuning a JavaCPP {@link Module} of the user's own with MetaLR (or any other method over
 * {@link Differentiable}): the module's registered parameters and buffers are the model's, and a Java
 * function runs its forward pass.
 *
 * <pre>{@code
 * class Net extends Module {
 *     final Conv2dImpl conv1 = register_module("conv1", new Conv2dImpl(new Conv2dOptions(3, 8, new LongPointer(3, 3))));
 *     final BatchNorm2dImpl bn1 = register_module("bn1", new BatchNorm2dImpl(new BatchNormOptions(8)));
 *     final LinearImpl fc = register_module("fc", new LinearImpl(8, 3));
 *     Tensor forward(Tensor x) {
 *         return fc.forward(torch.mean(torch.relu(bn1.forward(conv1.forward(x))), new long[] {2, 3}, false, new ScalarTypeOptional()));
 *     }
 * }
 * Net net = new Net();
 * net.to(ScalarType.Double, false);
 * List<ParamGroup> groups = GroupRules.parse("features: conv1 bn1; head: fc");
 * try (Differentiable model = CppModules.differentiable(net, net::forward, DType.FLOAT64, CppModules.crossEntropy(), groups)) {
 *     ...  // MetaLrStep, PlainStep: the module's own tensors are trained in place
 * }
 * }</pre>
 *
 * <h2>Names</h2>
 * Torch's dotted names: {@code module.named_parameters()} and {@code module.named_buffers()}
 * ({@code conv1.weight}, {@code bn1.running_mean}, {@code layer1.0.bn1.num_batches_tracked}, or
 * {@code 0.weight} inside a {@code Sequential}); {@link #parameters} lists them. Every parameter is
 * trained unless its group is frozen; the module's own {@code requires_grad} flags are set for each
 * pass and put back after it.
 *
 * <h2>How the passes treat the module</h2>
 * The forward function must compute with the module's registered tensors (as a module's own
 * {@code forward} does); the model puts the whole module in training mode for the gradient passes and
 * gives every submodule its own previous mode back afterwards. For the look-ahead it writes
 * {@code theta + c d} into the parameters, runs the pass and copies theta back (an exact copy of a
 * saved clone); buffers are snapshotted before every pass and copied back after the look-ahead, after
 * training-mode inference and after any failed pass, so the running statistics end an iteration
 * exactly as the training pass leaves them. A pass that throws leaves parameters and buffers as they
 * were. Costs over a network of layers: one clone of the displaced parameters and of the buffers per
 * look-ahead, one clone of the buffers per training pass.
 *
 * <h2>Ownership and threads</h2>
 * The model does not own the module: closing it releases its own handles, gradients and optimizer
 * states, and the module keeps its trained weights. Between passes the module belongs to the model;
 * it must not run elsewhere while a pass is under way.
 */
public final class CppModules {

    private CppModules() {}

    /**
     * Mean softmax cross-entropy of {@code [N, classes]} logits against int64 labels, exactly
     * {@code F.cross_entropy}: the loss for classification batches.
     */
    public static BiFunction<Tensor, Tensor, Tensor> crossEntropy() {
        return CppForward::crossEntropy;
    }

    /** The names and shapes of {@code module}'s parameters, in the order the model lists them. */
    public static List<TensorInfo> parameters(Module module) {
        Objects.requireNonNull(module, "module");
        SharedLibTorch.load();
        return CppScopes.scoped(() -> infos(module.named_parameters(true)));
    }

    /**
     * Wraps {@code module} as a model whose passes compute {@code loss(forward(inputs), targets)}.
     *
     * @param module  the user's module, on the CPU, its parameters and buffers of {@code dtype} except
     *                BatchNorm's counters ({@code *.num_batches_tracked}, any element type, saved as int64)
     * @param forward the network's forward pass over the module's tensors, inputs to outputs; called
     *                inside the model's native scope (its temporaries are freed with the pass)
     * @param dtype   the element type of the module's tensors, and of the model's computation
     * @param loss    the objective, {@code (outputs, targets) -> one value}: targets are the batch's class
     *                labels as int64 {@code [N]}, or its masks in {@code dtype} for a segmentation batch
     * @param groups  the default learning-rate groups; they must partition {@link #parameters}
     * @throws IllegalArgumentException naming the tensor when one is of another element type, off the
     *     CPU or undefined, when the module has no parameter, or when the groups do not partition the
     *     parameters
     */
    public static Differentiable differentiable(Module module, Function<Tensor, Tensor> forward, DType dtype,
            BiFunction<Tensor, Tensor, Tensor> loss, List<ParamGroup> groups) {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(forward, "forward");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(groups, "groups");
        SharedLibTorch.load();
        return CppScopes.scoped(() -> {
            StringTensorDict params = module.named_parameters(true);
            StringTensorDict bufs = module.named_buffers(true);
            List<TensorInfo> parameters = infos(params);
            List<TensorInfo> buffers = infos(bufs);
            if (parameters.isEmpty()) {
                throw new IllegalArgumentException("module " + module.name().getString() + " has no parameter");
            }
            Tensor[] paramTensors = tensors(params);
            Tensor[] bufferTensors = tensors(bufs);
            for (int p = 0; p < paramTensors.length; p++) {
                requireFloating(parameters.get(p).name(), paramTensors[p], dtype);
            }
            for (int b = 0; b < bufferTensors.length; b++) {
                String name = buffers.get(b).name();
                if (StateChecks.isCounter(name)) {
                    // any element type: LibTorch's Module::to(dtype) converts the counters too
                    requireDefinedOnCpu(name, bufferTensors[b]);
                } else {
                    requireFloating(name, bufferTensors[b], dtype);
                }
            }
            GroupLayout.resolve(groups, parameters);
            SharedLibTorch.openingUnknown(dtype, org.metalr.api.Device.CPU);
            return new CppModuleModel(module, forward, loss, dtype, groups, parameters, buffers,
                    retained(paramTensors), retained(bufferTensors));
        });
    }

    private static List<TensorInfo> infos(StringTensorDict dict) {
        StringTensorDictItemVector items = dict.items();
        List<TensorInfo> out = new ArrayList<>();
        for (long i = 0; i < items.size(); i++) {
            out.add(new TensorInfo(items.get(i).key().getString(), CppHost.shape(items.get(i).value())));
        }
        return List.copyOf(out);
    }

    /** Handles on the module's own tensors (same tensor, not copies), in the current scope. */
    private static Tensor[] tensors(StringTensorDict dict) {
        StringTensorDictItemVector items = dict.items();
        Tensor[] out = new Tensor[Math.toIntExact(items.size())];
        for (int i = 0; i < out.length; i++) {
            out[i] = new Tensor(items.get(i).value());
        }
        return out;
    }

    private static Tensor[] retained(Tensor[] tensors) {
        for (Tensor t : tensors) {
            t.retainReference();
        }
        return tensors;
    }

    private static void requireFloating(String name, Tensor t, DType dtype) {
        requireDefinedOnCpu(name, t);
        ScalarType expected = CppHost.scalarType(dtype);
        // JavaCPP returns enum values as fresh objects: intern() gives the constant
        ScalarType actual = t.scalar_type().intern();
        if (actual != expected) {
            throw new IllegalArgumentException("tensor '" + name + "' is " + actual + ", expected " + expected
                    + " for a " + dtype + " model (module.to(ScalarType." + expected + ", false) converts a module)");
        }
    }

    private static void requireDefinedOnCpu(String name, Tensor t) {
        if (!t.defined()) {
            throw new IllegalArgumentException("tensor '" + name + "' is undefined");
        }
        if (!t.is_cpu()) {
            throw new IllegalArgumentException("tensor '" + name + "' is not on the CPU");
        }
    }
}
