package org.metalr.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.HostTensor;
import org.metalr.api.ParamGroup;

/**
 * A {@link Differentiable} over a user's DJL {@link Block} ({@link DjlBlocks}). The block's arrays
 * are theta and the running statistics; passes never write them: each pass runs in its own
 * sub-manager and gives the block, through a {@link DjlPassStore}, fresh autograd leaves on theta (or
 * displaced copies {@code theta + c d} for the look-ahead) and scratch copies of the running
 * statistics. The training pass copies its scratch statistics into the block's arrays once the pass
 * has succeeded; every other pass drops them. Gradients and optimizer state live in sub-managers of
 * the model's own root manager, freed by {@link #close()}; the block and its arrays are the caller's.
 */
final class DjlBlockModel extends DjlModelBase {

    /** Every element: {@code array.set(ALL, value)} is LibTorch's {@code array[...] = value}, an exact copy. */
    private static final NDIndex ALL = new NDIndex("...");

    private final Block block;
    private final Loss loss;
    private final List<ParamGroup> groups;
    private final List<DjlBlocks.Named> params;
    private final List<DjlBlocks.Named> bufs;
    private final DjlStaging inputs = new DjlStaging();
    private final DjlStaging masks = new DjlStaging();

    DjlBlockModel(Block block, DType dtype, Loss loss, List<ParamGroup> groups, List<DjlBlocks.Named> params,
            List<DjlBlocks.Named> bufs) {
        super(dtype, params.stream().map(DjlBlocks.Named::info).toList(),
                bufs.stream().map(DjlBlocks.Named::info).toList(), DjlRuntime.engine().newBaseManager(Device.cpu()));
        this.block = block;
        this.loss = loss;
        this.groups = List.copyOf(groups);
        this.params = List.copyOf(params);
        this.bufs = List.copyOf(bufs);
    }

    @Override
    public List<ParamGroup> defaultGroups() {
        checkOpen();
        return groups;
    }

    @Override
    public Gradients gradients(Batch batch, boolean[] trainable) {
        checkGradients(batch, trainable);
        return gradientPass((pass, gradManager) -> {
            NDArray[] stats = scratchStatistics(pass);
            DjlGradients g = run(batch, views(pass), stats, trainable, pass, gradManager);
            // the pass succeeded: its running statistics become the block's
            for (int b = 0; b < stats.length; b++) {
                DjlArrays.view(array(bufs, b), pass).set(ALL, stats[b]);
            }
            return g;
        });
    }

    @Override
    public Gradients gradientsAt(Batch batch, Gradients direction, double[] coefficient, boolean[] trainable) {
        DjlGradients dir = checkLookAhead(batch, direction, coefficient, trainable);
        return gradientPass((pass, gradManager) -> run(batch,
                displaced(dir, coefficient, pass, new DjlScalars(pass)), scratchStatistics(pass), trainable, pass,
                gradManager));
    }

    /** Copies of the running statistics in {@code pass}: the block's batch norms move these, not the block's. */
    private NDArray[] scratchStatistics(NDManager pass) {
        NDArray[] stats = new NDArray[bufs.size()];
        for (int b = 0; b < stats.length; b++) {
            stats[b] = DjlArrays.view(array(bufs, b), pass).duplicate();
        }
        return stats;
    }

    /**
     * Training-mode forward through the pass's store, the loss, backward; the gradients of the flagged
     * leaves move to {@code gradManager}, every other tensor stays in {@code pass}.
     */
    private DjlGradients run(Batch batch, NDArray[] leaves, NDArray[] stats, boolean[] trainable, NDManager pass,
            NDManager gradManager) {
        DjlPassStore store = store(pass, leaves, stats);
        return DjlGradients.backward(this, leaves, trainable, gradManager, () -> {
            NDList outputs = block.forward(store, new NDList(inputs.upload(pass, batch.inputs(), dataType)), true);
            for (int p = 0; p < leaves.length; p++) {
                if (trainable[p] && !store.wasRead(params.get(p).parameter())) {
                    throw new IllegalStateException("trained parameter '" + params.get(p).name() + "' was not read"
                            + " through the ParameterStore during the forward pass; freeze its group if the block"
                            + " does not use it");
                }
            }
            NDArray lossArray = loss.evaluate(new NDList(target(batch, pass)), outputs);
            if (lossArray.size() != 1) {
                throw new IllegalStateException("loss " + loss.getName() + " returned shape " + lossArray.getShape()
                        + ", expected one value");
            }
            return lossArray;
        });
    }

    /** The batch's targets as the loss's one label array: int64 class labels, or masks in the model's type. */
    private NDArray target(Batch batch, NDManager pass) {
        return batch.isSegmentation()
                ? masks.upload(pass, batch.masks(), dataType)
                : DjlArrays.labels(pass, batch.labels(), batch.labels().length);
    }

    private DjlPassStore store(NDManager pass, NDArray[] paramValues, NDArray[] bufferValues) {
        Map<String, NDArray> byId = new HashMap<>();
        for (int p = 0; p < paramValues.length; p++) {
            byId.put(params.get(p).parameter().getId(), paramValues[p]);
        }
        for (int b = 0; b < bufferValues.length; b++) {
            byId.put(bufs.get(b).parameter().getId(), bufferValues[b]);
        }
        return new DjlPassStore(pass, byId);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if the block has more than one output
     */
    @Override
    public HostTensor forward(HostTensor x, boolean training) {
        checkOpen();
        Objects.requireNonNull(x, "inputs");
        try (NDManager pass = root.newSubManager()) {
            NDArray[] views = views(pass);
            NDArray[] stats = new NDArray[bufs.size()];
            for (int b = 0; b < stats.length; b++) {
                // evaluation mode only reads the running statistics; training mode would move them
                stats[b] = training ? DjlArrays.view(array(bufs, b), pass).duplicate() : DjlArrays.view(array(bufs, b), pass);
            }
            // Nothing requires a gradient, so no graph is recorded whatever the grad mode.
            NDList out = block.forward(store(pass, views, stats), new NDList(inputs.upload(pass, x, dataType)), training);
            if (out.size() != 1) {
                throw new IllegalStateException("the block has " + out.size() + " outputs; forward returns one");
            }
            return DjlArrays.download(out.singletonOrThrow());
        }
    }

    /** Writes {@code state} into the block's own arrays (an exact element copy each). */
    @Override
    void writeState(Map<String, HostTensor> state) {
        try (NDManager scope = root.newSubManager()) {
            for (int p = 0; p < params.size(); p++) {
                copyInto(array(params, p), state.get(params.get(p).name()), scope);
            }
            for (int b = 0; b < bufs.size(); b++) {
                copyInto(array(bufs, b), state.get(bufs.get(b).name()), scope);
            }
        }
    }

    private void copyInto(NDArray target, HostTensor value, NDManager scope) {
        DjlArrays.view(target, scope).set(ALL, DjlArrays.uploadOwned(scope, value, dataType));
    }

    /** The block's own array of parameter {@code p}. */
    @Override
    public NDArray parameter(int p) {
        checkOpen();
        return array(params, p);
    }

    @Override
    NDArray buffer(int b) {
        return array(bufs, b);
    }

    private static NDArray array(List<DjlBlocks.Named> tensors, int i) {
        return tensors.get(i).parameter().getArray();
    }

    @Override
    public String toString() {
        return "DjlBlockModel[" + block.getClass().getSimpleName() + ", " + dtype + ", " + params.size()
                + " parameters" + (isClosed() ? ", closed" : "") + "]";
    }
}
