package org.metalr.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SymbolBlock;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.GroupLayout;
import org.metalr.api.ParamGroup;
import org.metalr.api.TensorInfo;
import org.metalr.libtorch.SharedLibTorch;

/**
 * Fine-tuning a DJL {@link Block} of the user's own with MetaLR (or any other method over
 * {@link Differentiable}).
 *
 * <pre>{@code
 * try (NDManager manager = DjlBlocks.newManager()) {
 *     SequentialBlock block = new SequentialBlock()
 *             .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(8).optPadding(new Shape(1, 1)).build())
 *             .add(BatchNorm.builder().build())
 *             .add(Activation.reluBlock())
 *             .add(Pool.globalAvgPool2dBlock())
 *             .add(Linear.builder().setUnits(3).build());
 *     block.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
 *     List<ParamGroup> groups = GroupRules.parse("features: 01Conv2d 02BatchNorm; head: 05Linear");
 *     try (Differentiable model = DjlBlocks.differentiable(block, DType.FLOAT32, Loss.softmaxCrossEntropyLoss(), groups);
 *          MetaLrStep step = new MetaLrStep(model, groups, new double[] {1e-3, 1e-2}, LrRule.official(), adam)) {
 *         step.step(train, validation, epoch);      // trains the block's own arrays in place
 *     }
 * }
 * }</pre>
 *
 * <h2>Names</h2>
 * A tensor is named by the path of child-block names from {@code block} down to the block that owns
 * it, then its own name, joined by dots: DJL's child names, which number children in order
 * ({@code 01Conv2d.weight}, {@code 02BatchNorm.gamma}, {@code 04SequentialBlock.01Linear.bias}).
 * {@link #parameters} lists them. The buffers are the parameters of type
 * {@link Parameter.Type#RUNNING_MEAN} and {@link Parameter.Type#RUNNING_VAR} (BatchNorm's
 * {@code runningMean} and {@code runningVar}); every other parameter is trained unless its group is
 * frozen (DJL's own {@link Parameter#freeze} flag is not consulted: the groups decide). A parameter
 * reachable twice (a shared block) is listed once, under its first name.
 *
 * <h2>What the block must do</h2>
 * Read every parameter through the {@code ParameterStore} its {@code forward} receives, as DJL's layers
 * do: the model hands the block, pass by pass, autograd leaves, look-ahead copies and scratch running
 * statistics through that store. No pass writes the block's parameters, and only a training pass that
 * has succeeded writes its running statistics back (the look-ahead and every failed pass leave them
 * as they were). A pass in which a trained parameter is not read fails with
 * {@link IllegalStateException}; freeze the group of a parameter the forward does not use. Blocks that run their own native module ({@link SymbolBlock},
 * such as TorchScript) are refused.
 *
 * <h2>Ownership</h2>
 * The model trains the block's arrays in place and does not own the block: closing the model frees
 * its gradients, optimizer states and scratch memory, and the block keeps its trained weights for
 * DJL's own use ({@code Predictor}, {@code saveParameters}). The block's manager must stay open while
 * the model is used.
 */
public final class DjlBlocks {

    private DjlBlocks() {}

    /**
     * A new CPU manager on the process's shared LibTorch, to build and initialise blocks in. Blocks
     * must use it (or one of its sub-managers) rather than {@code NDManager.newBaseManager()}: starting
     * DJL's engine by any other way first would load a second LibTorch. Owned by the caller; starts
     * the engine.
     */
    public static NDManager newManager() {
        return DjlRuntime.engine().newBaseManager(Device.cpu());
    }

    /** The names and shapes of {@code block}'s trained parameters, in the order the model lists them. */
    public static List<TensorInfo> parameters(Block block) {
        return infos(collect(block).parameters());
    }

    /**
     * Wraps an initialised block as a model whose training pass runs
     * {@code block.forward(store, [inputs], training=true)} and then {@code loss}.
     *
     * <p>The loss receives the block's outputs and, as its labels, one array: the batch's class labels
     * as int64 {@code [N]}, or its masks in the model's element type for a segmentation batch. It must
     * return one value (DJL's losses return the batch mean). Starts the engine.
     *
     * @param block  the user's block, initialised with arrays of {@code dtype} on the CPU in a manager of
     *               {@link #newManager()}
     * @param dtype  the element type of the block's arrays, and of the model's computation
     * @param loss   the training objective, for example {@code Loss.softmaxCrossEntropyLoss()}
     * @param groups the default learning-rate groups; they must partition {@link #parameters}
     * @throws IllegalArgumentException if the block is not initialised or is a {@link SymbolBlock}, has no
     *     trained parameter, an array is missing, of another element type, off the CPU or not a LibTorch
     *     array (naming the parameter), or the groups do not partition the parameters
     */
    public static Differentiable differentiable(Block block, DType dtype, Loss loss, List<ParamGroup> groups) {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(groups, "groups");
        Tensors tensors = collect(block);
        if (tensors.parameters().isEmpty()) {
            throw new IllegalArgumentException("block " + block.getClass().getSimpleName() + " has no trained parameter");
        }
        DjlRuntime.engine();
        for (Named t : tensors.all()) {
            requireArray(t, dtype);
        }
        List<TensorInfo> parameters = infos(tensors.parameters());
        GroupLayout.resolve(groups, parameters);
        SharedLibTorch.openingUnknown(dtype, org.metalr.api.Device.CPU);
        return new DjlBlockModel(block, dtype, loss, groups, tensors.parameters(), tensors.buffers());
    }

    /** A block tensor and its name. */
    record Named(String name, Parameter parameter) {
        TensorInfo info() {
            return new TensorInfo(name, parameter.getArray().getShape().getShape());
        }
    }

    private record Tensors(List<Named> parameters, List<Named> buffers) {
        List<Named> all() {
            List<Named> out = new ArrayList<>(parameters);
            out.addAll(buffers);
            return out;
        }
    }

    private static Tensors collect(Block block) {
        Objects.requireNonNull(block, "block");
        if (!block.isInitialized()) {
            throw new IllegalArgumentException("block " + block.getClass().getSimpleName()
                    + " is not initialised: call block.initialize(manager, dataType, inputShapes) first, with a manager"
                    + " from DjlBlocks.newManager()");
        }
        Tensors out = new Tensors(new ArrayList<>(), new ArrayList<>());
        walk(block, "", out, new HashSet<>());
        return out;
    }

    /** Direct parameters first, then children in order: the order of DJL's {@code getParameters()}. */
    private static void walk(Block block, String prefix, Tensors out, Set<String> seen) {
        if (block instanceof SymbolBlock) {
            String where = prefix.isEmpty() ? "the block" : "block '" + prefix.substring(0, prefix.length() - 1) + "'";
            throw new IllegalArgumentException(where + " is a SymbolBlock (" + block.getClass().getSimpleName()
                    + "), which runs its own native module and cannot be given look-ahead parameters");
        }
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            if (seen.add(p.getValue().getId())) {
                Named named = new Named(prefix + p.getKey(), p.getValue());
                (isBuffer(p.getValue()) ? out.buffers() : out.parameters()).add(named);
            }
        }
        for (Pair<String, Block> child : block.getChildren()) {
            walk(child.getValue(), prefix + child.getKey() + ".", out, seen);
        }
    }

    private static boolean isBuffer(Parameter p) {
        return p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR;
    }

    private static void requireArray(Named t, DType dtype) {
        NDArray array = t.parameter().isInitialized() ? t.parameter().getArray() : null;
        if (array == null) {
            throw new IllegalArgumentException("parameter '" + t.name() + "' has no array; initialise the block first");
        }
        if (!(array instanceof PtNDArray)) {
            throw new IllegalArgumentException("parameter '" + t.name() + "' is a " + array.getClass().getSimpleName()
                    + ", expected a PyTorch engine array made in a manager from DjlBlocks.newManager()");
        }
        if (!array.getDevice().equals(Device.cpu())) {
            throw new IllegalArgumentException("parameter '" + t.name() + "' is on " + array.getDevice()
                    + ", expected the CPU");
        }
        if (array.getDataType() != DjlArrays.dataType(dtype)) {
            throw new IllegalArgumentException("parameter '" + t.name() + "' is " + array.getDataType() + ", expected "
                    + DjlArrays.dataType(dtype) + " for a " + dtype + " model (block.cast(DataType."
                    + DjlArrays.dataType(dtype).name() + ") converts a block)");
        }
    }

    private static List<TensorInfo> infos(List<Named> tensors) {
        List<TensorInfo> out = new ArrayList<>();
        for (Named t : tensors) {
            out.add(t.info());
        }
        return List.copyOf(out);
    }
}
