package org.metalr.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.HostTensor;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.ParamGroup;
import org.metalr.api.ParameterUpdater;
import org.metalr.api.TensorInfo;
import org.metalr.api.net.Network;

/**
 * A {@link Differentiable} over DJL's PyTorch engine. Parameters and buffers are plain tensors (no
 * autograd) in one NDManager, the model's root; each pass runs in its own sub-manager, closed at
 * the end of the pass, with fresh autograd leaves, so gradients of consecutive passes never mix and
 * the model's tensors never carry a {@code .grad}. Gradients and optimizer state live in further
 * sub-managers of the root; {@link #close()} frees all of them.
 */
final class DjlModel implements Differentiable {

    private final Network network;
    private final DType dtype;
    private final DataType dataType;
    private final List<TensorInfo> parameters;
    private final List<TensorInfo> buffers;
    private final NDManager root;
    private final NDArray[] params;
    private final NDArray[] bufs;
    private final DjlStaging staging = new DjlStaging();
    /** Masks of segmentation batches: they live in a pass beside the inputs, so they need a buffer of their own. */
    private final DjlStaging maskStaging = new DjlStaging();
    private boolean closed;

    DjlModel(Engine engine, Network network, Map<String, HostTensor> initialState, DType dtype) {
        this.network = network;
        this.dtype = dtype;
        this.dataType = DjlArrays.dataType(dtype);
        this.parameters = List.copyOf(network.parameters());
        this.buffers = List.copyOf(network.buffers());
        // CPU explicitly: DJL would default to GPU 0 on a CUDA build, while the API has no device
        // choice and the other backend computes on the CPU.
        this.root = engine.newBaseManager(Device.cpu());
        this.params = new NDArray[parameters.size()];
        this.bufs = new NDArray[buffers.size()];
        try {
            upload(initialState);
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    @Override
    public DType dtype() {
        checkOpen();
        return dtype;
    }

    @Override
    public List<TensorInfo> parameters() {
        checkOpen();
        return parameters;
    }

    @Override
    public List<TensorInfo> buffers() {
        checkOpen();
        return buffers;
    }

    @Override
    public List<ParamGroup> defaultGroups() {
        checkOpen();
        return network.groups();
    }

    @Override
    public Gradients gradients(Batch batch, boolean[] trainable) {
        checkOpen();
        Objects.requireNonNull(batch, "batch");
        checkLength(trainable.length, "trainable flags");
        network.requireFits(batch);
        NDManager gradManager = root.newSubManager();
        try (NDManager pass = root.newSubManager()) {
            NDArray[] leaves = new NDArray[params.length];
            for (int p = 0; p < params.length; p++) {
                leaves[p] = DjlArrays.view(params[p], pass);
            }
            return run(batch, leaves, trainable, DjlForward.Stats.UPDATE, pass, new DjlScalars(pass), gradManager);
        } catch (RuntimeException | Error e) {
            gradManager.close();
            throw e;
        }
    }

    @Override
    public Gradients gradientsAt(Batch batch, Gradients direction, double[] coefficient, boolean[] trainable) {
        checkOpen();
        Objects.requireNonNull(batch, "batch");
        checkLength(coefficient.length, "coefficients");
        checkLength(trainable.length, "trainable flags");
        DjlGradients dir = own(direction);
        network.requireFits(batch);
        NDManager gradManager = root.newSubManager();
        try (NDManager pass = root.newSubManager()) {
            DjlScalars scalars = new DjlScalars(pass);
            NDArray[] leaves = new NDArray[params.length];
            for (int p = 0; p < params.length; p++) {
                NDArray theta = DjlArrays.view(params[p], pass);
                NDArray d = dir.tensor(p);
                if (coefficient[p] != 0.0 && d != null) {
                    // theta_hat = theta + c * d as a new tensor; the model's theta stays as it is
                    leaves[p] = theta.add(DjlArrays.view(d, pass).mul(scalars.of(coefficient[p])));
                } else {
                    leaves[p] = theta;
                }
            }
            return run(batch, leaves, trainable, DjlForward.Stats.BATCH_ONLY, pass, scalars, gradManager);
        } catch (RuntimeException | Error e) {
            gradManager.close();
            throw e;
        }
    }

    /**
     * Forward in training mode, loss, backward; the gradients of the flagged leaves move to
     * {@code gradManager}. Every other tensor stays in {@code pass}.
     */
    private DjlGradients run(Batch batch, NDArray[] leaves, boolean[] trainable, DjlForward.Stats stats,
            NDManager pass, DjlScalars scalars, NDManager gradManager) {
        boolean any = false;
        for (int p = 0; p < leaves.length; p++) {
            if (trainable[p]) {
                leaves[p].setRequiresGradient(true);
                any = true;
            }
        }
        double loss;
        DjlGradMode gradMode = DjlGradMode.enabled();
        try {
            NDArray x = staging.upload(pass, batch.inputs(), dataType);
            NDArray output = new DjlForward(bind(leaves, pass), stats, scalars).apply(network.body(), x);
            NDArray lossArray = loss(output, batch, pass);
            loss = DjlArrays.scalar(lossArray);
            if (any) {
                DjlGradMode.backward(lossArray);
            }
        } finally {
            gradMode.close();
        }
        NDArray[] grads = new NDArray[leaves.length];
        for (int p = 0; p < leaves.length; p++) {
            if (trainable[p]) {
                NDArray grad = JniUtils.getGradient((PtNDArray) leaves[p]);
                // undefined only for a parameter the loss does not depend on (DJL's getGradient would
                // substitute float32 zeros whatever the dtype)
                grads[p] = grad != null ? grad : leaves[p].zerosLike();
                grads[p].attach(gradManager);
            }
        }
        return new DjlGradients(this, gradManager, loss, grads);
    }

    /** The network's loss on {@code output} against the batch's targets (checked by {@link Network#requireFits}). */
    private NDArray loss(NDArray output, Batch batch, NDManager pass) {
        switch (network.loss()) {
            case CROSS_ENTROPY:
                return DjlLoss.crossEntropy(output, batch.labels(), pass);
            case DICE:
                return DjlLoss.dice(output, maskStaging.upload(pass, batch.masks(), dataType), pass);
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
            NDArray[] views = new NDArray[params.length];
            for (int p = 0; p < params.length; p++) {
                views[p] = DjlArrays.view(params[p], pass);
            }
            NDArray x = staging.upload(pass, inputs, dataType);
            DjlForward.Stats stats = training ? DjlForward.Stats.BATCH_ONLY : DjlForward.Stats.RUNNING;
            // Nothing here requires a gradient, so no graph is recorded whatever the grad mode.
            NDArray logits = new DjlForward(bind(views, pass), stats, new DjlScalars(pass)).apply(network.body(), x);
            return DjlArrays.download(logits);
        }
    }

    @Override
    public ParameterUpdater newUpdater(OptimizerConfig config) {
        checkOpen();
        Objects.requireNonNull(config, "config");
        if (config instanceof OptimizerConfig.Sgd sgd) {
            return new DjlSgd(this, sgd);
        }
        if (config instanceof OptimizerConfig.Adam adam) {
            return new DjlAdam(this, adam);
        }
        throw new IllegalArgumentException("unsupported optimizer " + config);
    }

    @Override
    public Map<String, HostTensor> state() {
        checkOpen();
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (int p = 0; p < params.length; p++) {
            out.put(parameters.get(p).name(), DjlArrays.download(params[p]));
        }
        for (int b = 0; b < bufs.length; b++) {
            out.put(buffers.get(b).name(), DjlArrays.download(bufs[b]));
        }
        return out;
    }

    @Override
    public void loadState(Map<String, HostTensor> state) {
        checkOpen();
        Objects.requireNonNull(state, "state");
        DjlState.validate(parameters, buffers, state);
        upload(state);
    }

    /** Replaces every tensor by a copy of {@code state} (validated); the old tensors are freed. */
    private void upload(Map<String, HostTensor> state) {
        for (int p = 0; p < params.length; p++) {
            NDArray old = params[p];
            params[p] = DjlArrays.uploadOwned(root, state.get(parameters.get(p).name()), dataType);
            if (old != null) {
                old.close();
            }
        }
        for (int b = 0; b < bufs.length; b++) {
            String name = buffers.get(b).name();
            DataType type = DjlState.isCounter(name) ? DataType.INT64 : dataType;
            NDArray old = bufs[b];
            bufs[b] = DjlArrays.uploadOwned(root, state.get(name), type);
            if (old != null) {
                old.close();
            }
        }
    }

    /** The parameter list, readable after {@link #close()} too (for messages). */
    List<TensorInfo> parameterInfo() {
        return parameters;
    }

    /** The tensor of parameter {@code p}, for the model's optimizers. */
    NDArray parameter(int p) {
        checkOpen();
        return params[p];
    }

    /** A manager for long-lived state (gradients, optimizer moments) freed with the model. */
    NDManager newSubManager() {
        checkOpen();
        return root.newSubManager();
    }

    /** {@code gradients} as this model's own, open gradients. */
    DjlGradients own(Gradients gradients) {
        if (!(gradients instanceof DjlGradients g) || g.owner() != this) {
            throw new IllegalArgumentException("gradients do not come from this model: " + gradients);
        }
        g.checkOpen();
        return g;
    }

    /** Number of arrays alive in the model's managers (parameters, buffers, open gradients, optimizer state). */
    int liveArrays() {
        checkOpen();
        return root.getManagedArrays().size();
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("model is closed");
        }
    }

    private void checkLength(int length, String what) {
        if (length != params.length) {
            throw new IllegalArgumentException(
                    "expected " + params.length + " " + what + " (one per parameter), got " + length);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            root.close();
        }
    }

    @Override
    public String toString() {
        return "DjlModel[" + network.name() + ", " + dtype + (closed ? ", closed" : "") + "]";
    }
}
