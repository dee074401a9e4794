package org.metalr.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.Device;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.HostTensor;
import org.metalr.api.ParamGroup;
import org.metalr.api.PassChecks;
import org.metalr.api.StateChecks;
import org.metalr.api.net.Network;

/**
 * A {@link Differentiable} over DJL's PyTorch engine. Parameters and buffers are plain tensors (no
 * autograd) in one NDManager on the model's device, the model's root; each pass runs in its own
 * sub-manager, closed at the end of the pass, with fresh autograd leaves, so gradients of consecutive
 * passes never mix and the model's tensors never carry a {@code .grad}. Gradients, optimizer state and
 * look-ahead tensors live in further sub-managers of the root, on the same device; only batches come
 * in from the host ({@link DjlStaging}) and only losses, reductions and requested copies go back
 * ({@link DjlArrays}). {@link #close()} frees all of them.
 */
final class DjlModel extends DjlModelBase {

    private final Network network;
    private final Device device;
    private final NDArray[] params;
    private final NDArray[] bufs;
    private final DjlStaging staging = new DjlStaging();
    /** Masks of segmentation batches: they live in a pass beside the inputs, so they need a buffer of their own. */
    private final DjlStaging maskStaging = new DjlStaging();

    /** @param device a device the loaded LibTorch can use (checked by the backend) */
    DjlModel(Engine engine, Network network, Map<String, HostTensor> initialState, DType dtype, Device device) {
        // The device explicitly: DJL would default to GPU 0 on a CUDA build.
        super(dtype, List.copyOf(network.parameters()), List.copyOf(network.buffers()),
                engine.newBaseManager(DjlArrays.device(device)));
        this.network = network;
        this.device = device;
        this.params = new NDArray[parameters.size()];
        this.bufs = new NDArray[buffers.size()];
        try {
            writeState(initialState);
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    @Override
    public Device device() {
        checkOpen();
        return device;
    }

    @Override
    public List<ParamGroup> defaultGroups() {
        checkOpen();
        return network.groups();
    }

    @Override
    public Gradients gradients(Batch batch, boolean[] trainable) {
        checkGradients(batch, trainable);
        PassChecks.fits(network, batch);
        return gradientPass((pass, gradManager) -> run(batch, views(pass), trainable, DjlForward.Norm.TRACK, pass,
                new DjlScalars(pass), gradManager));
    }

    @Override
    public Gradients gradientsAt(Batch batch, Gradients direction, double[] coefficient, boolean[] trainable) {
        DjlGradients dir = checkLookAhead(batch, direction, coefficient, trainable);
        PassChecks.fits(network, batch);
        return gradientPass((pass, gradManager) -> {
            DjlScalars scalars = new DjlScalars(pass);
            return run(batch, displaced(dir, coefficient, pass, scalars), trainable, DjlForward.Norm.BATCH, pass,
                    scalars, gradManager);
        });
    }

    /**
     * Forward in training mode, loss, backward; the gradients of the flagged leaves move to
     * {@code gradManager}. Every other tensor stays in {@code pass}.
     */
    private DjlGradients run(Batch batch, NDArray[] leaves, boolean[] trainable, DjlForward.Norm norm,
            NDManager pass, DjlScalars scalars, NDManager gradManager) {
        return DjlGradients.backward(this, leaves, trainable, gradManager, () -> {
            NDArray x = staging.upload(pass, batch.inputs(), dataType);
            NDArray output = new DjlForward(bind(leaves, pass), norm, scalars).apply(network.body(), x);
            return loss(output, batch, pass, scalars);
        });
    }

    /** The network's loss on {@code output} against the batch's targets (checked by {@link Network#requireFits}). */
    private NDArray loss(NDArray output, Batch batch, NDManager pass, DjlScalars scalars) {
        switch (network.loss()) {
            case CROSS_ENTROPY:
                return DjlLoss.crossEntropy(output, batch.labels(), pass);
            case DICE:
                return DjlLoss.dice(output, maskStaging.upload(pass, batch.masks(), dataType), scalars);
            default:
                throw new IllegalArgumentException("unsupported loss " + network.loss());
        }
    }

    /** Parameters (given) and buffers (views of the model's) by name, for one pass. */
    private Map<String, NDArray> bind(NDArray[] paramTensors, NDManager pass) {
        Map<String, NDArray> named = new HashMap<>();
        for (int p = 0; p < paramTensors.length; p++) {
            named.put(parameters.get(p).name(), paramTensors[p]);
        }
        for (int b = 0; b < bufs.length; b++) {
            named.put(buffers.get(b).name(), DjlArrays.view(bufs[b], pass));
        }
        return named;
    }

    @Override
    public HostTensor forward(HostTensor inputs, boolean training) {
        checkOpen();
        Objects.requireNonNull(inputs, "inputs");
        try (NDManager pass = root.newSubManager()) {
            NDArray[] views = views(pass);
            NDArray x = staging.upload(pass, inputs, dataType);
            DjlForward.Norm norm = training ? DjlForward.Norm.BATCH : DjlForward.Norm.RUNNING;
            // Nothing here requires a gradient, so no graph is recorded whatever the grad mode.
            NDArray logits = new DjlForward(bind(views, pass), norm, new DjlScalars(pass)).apply(network.body(), x);
            return DjlArrays.download(logits);
        }
    }

    /** Replaces every tensor by a copy of {@code state} (validated); the old tensors are freed. */
    @Override
    void writeState(Map<String, HostTensor> state) {
        for (int p = 0; p < params.length; p++) {
            NDArray old = params[p];
            params[p] = DjlArrays.uploadOwned(root, state.get(parameters.get(p).name()), dataType);
            if (old != null) {
                old.close();
            }
        }
        for (int b = 0; b < bufs.length; b++) {
            String name = buffers.get(b).name();
            DataType type = StateChecks.isCounter(name) ? DataType.INT64 : dataType;
            NDArray old = bufs[b];
            bufs[b] = DjlArrays.uploadOwned(root, state.get(name), type);
            if (old != null) {
                old.close();
            }
        }
    }

    @Override
    public NDArray parameter(int p) {
        checkOpen();
        return params[p];
    }

    @Override
    NDArray buffer(int b) {
        return bufs[b];
    }

    @Override
    public String toString() {
        return "DjlModel[" + network.name() + ", " + dtype + ", " + device + (isClosed() ? ", closed" : "") + "]";
    }
}
