package org.metalr.javacpp;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.Device;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.HostTensor;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.ParamGroup;
import org.metalr.api.ParameterUpdater;
import org.metalr.api.StateChecks;
import org.metalr.api.TensorInfo;
import org.metalr.api.net.Network;

/**
 * A {@link Differentiable} over JavaCPP's LibTorch: one retained tensor per parameter and buffer, in
 * definition order, on the model's device, and a functional forward over them ({@link CppForward}).
 * Gradients, optimizer state and look-ahead tensors are made on the same device; only batches come in
 * from the host and only losses, reductions and requested copies go back, all through {@link CppHost}.
 *
 * <p>Each pass runs inside its own {@link org.bytedeco.javacpp.PointerScope} ({@link CppScopes}), so
 * every native temporary of the pass (inputs, activations, autograd graph, per-pass leaf tensors) is
 * released when the pass returns; only the gradients handed to the caller survive it. Autograd is switched on explicitly for the two gradient
 * passes, because grad mode is per-thread LibTorch state that another binding in the same JVM may have
 * switched off. Gradient passes differentiate with respect to fresh leaf tensors (detached aliases of
 * the parameters, or displaced copies for the look-ahead), so the model's tensors never carry a
 * {@code .grad} and never accumulate across passes.
 *
 * <p>Not thread-safe. {@link #close()} releases the parameters and buffers; every later call throws
 * {@link IllegalStateException}.
 */
final class CppModel implements Differentiable, CppParameters {

    private final Network network;
    private final DType dtype;
    private final Device device;
    private final List<TensorInfo> parameters;
    private final List<TensorInfo> buffers;
    private final CppForward forward;
    private final Tensor[] params;
    private final Tensor[] bufs;
    private final Map<String, Tensor> paramsByName = new HashMap<>();
    private final Map<String, Tensor> buffersByName = new HashMap<>();
    private boolean closed;

    /**
     * Copies {@code state} (already validated) into new tensors of {@code dtype} on {@code device} (one
     * the loaded LibTorch can use, checked by the backend).
     */
    CppModel(Network network, Map<String, HostTensor> state, DType dtype, Device device) {
        this.network = network;
        this.dtype = dtype;
        this.device = device;
        this.parameters = List.copyOf(network.parameters());
        this.buffers = List.copyOf(network.buffers());
        this.forward = new CppForward(network);
        this.params = new Tensor[parameters.size()];
        this.bufs = new Tensor[buffers.size()];
        CppScopes.withoutGrad(() -> {
            for (int p = 0; p < params.length; p++) {
                TensorInfo info = parameters.get(p);
                params[p] = CppHost.toTensor(state.get(info.name()), dtype, device).retainReference();
                paramsByName.put(info.name(), params[p]);
            }
            for (int b = 0; b < bufs.length; b++) {
                TensorInfo info = buffers.get(b);
                bufs[b] = CppState.buffer(info, state.get(info.name()), dtype, device).retainReference();
                buffersByName.put(info.name(), bufs[b]);
            }
        });
    }

    @Override
    public DType dtype() {
        ensureOpen();
        return dtype;
    }

    @Override
    public DType dtypeUnchecked() {
        return dtype;
    }

    @Override
    public Device device() {
        ensureOpen();
        return device;
    }

    @Override
    public List<TensorInfo> parameters() {
        ensureOpen();
        return parameters;
    }

    @Override
    public List<TensorInfo> parameterInfos() {
        return parameters;
    }

    @Override
    public List<TensorInfo> buffers() {
        ensureOpen();
        return buffers;
    }

    @Override
    public List<ParamGroup> defaultGroups() {
        ensureOpen();
        return network.groups();
    }

    @Override
    public Gradients gradients(Batch batch, boolean[] trainable) {
        ensureOpen();
        Objects.requireNonNull(batch, "batch");
        requireLength(trainable, "trainable flags");
        return CppScopes.withGrad(() -> {
            Tensor[] leaves = new Tensor[params.length];
            for (int p = 0; p < params.length; p++) {
                // a detached alias shares the parameter's storage but collects its own .grad
                leaves[p] = params[p].detach();
                if (trainable[p]) {
                    leaves[p].requires_grad_(true);
                }
            }
            return pass(batch, leaves, trainable, CppForward.Norm.TRACK);
        });
    }

    @Override
    public Gradients gradientsAt(Batch batch, Gradients direction, double[] coefficient, boolean[] trainable) {
        ensureOpen();
        Objects.requireNonNull(batch, "batch");
        requireLength(trainable, "trainable flags");
        Objects.requireNonNull(coefficient, "coefficient");
        if (coefficient.length != params.length) {
            throw new IllegalArgumentException(
                    "expected " + params.length + " coefficients (one per parameter), got " + coefficient.length);
        }
        CppGradients dir = requireCompatible(direction);
        return CppScopes.withGrad(() -> {
            Tensor[] leaves = new Tensor[params.length];
            for (int p = 0; p < params.length; p++) {
                Tensor d = dir.tensor(p);
                leaves[p] = d != null && coefficient[p] != 0.0
                        ? params[p].add(d, new Scalar(coefficient[p])) // a new tensor: theta stays put
                        : params[p].detach();
                if (trainable[p]) {
                    leaves[p].requires_grad_(true);
                }
            }
            return pass(batch, leaves, trainable, CppForward.Norm.BATCH);
        });
    }

    /** Forward, loss and backward with respect to {@code leaves}; runs inside the caller's scope. */
    private CppGradients pass(Batch batch, Tensor[] leaves, boolean[] trainable, CppForward.Norm norm) {
        network.requireFits(batch);
        if (!batch.isSegmentation()) {
            forward.checkLabels(batch.labels());
        }
        Map<String, Tensor> byName = new HashMap<>();
        for (int p = 0; p < leaves.length; p++) {
            byName.put(parameters.get(p).name(), leaves[p]);
        }
        Tensor x = CppHost.toTensor(batch.inputs(), dtype, device);
        Tensor loss = loss(forward.logits(x, byName, buffersByName, norm), batch);
        double value = CppHost.scalar(loss);
        boolean any = false;
        for (boolean t : trainable) {
            any |= t;
        }
        Tensor[] computed = new Tensor[leaves.length];
        if (any) {
            loss.backward();
            for (int p = 0; p < leaves.length; p++) {
                computed[p] = trainable[p] ? leaves[p].grad() : null;
            }
        }
        return CppGradients.retain(this, value, trainable, computed, leaves);
    }

    /** The network's loss on {@code output} against the batch's targets (checked by {@link Network#requireFits}). */
    private Tensor loss(Tensor output, Batch batch) {
        switch (network.loss()) {
            case CROSS_ENTROPY:
                return CppForward.crossEntropy(output, CppHost.longs(batch.labels(), device, batch.labels().length));
            case DICE:
                return CppForward.dice(output, CppHost.toTensor(batch.masks(), dtype, device));
            default:
                throw new IllegalArgumentException("unsupported loss " + network.loss());
        }
    }

    @Override
    public HostTensor forward(HostTensor inputs, boolean training) {
        ensureOpen();
        Objects.requireNonNull(inputs, "inputs");
        CppForward.Norm norm = training ? CppForward.Norm.BATCH : CppForward.Norm.RUNNING;
        return CppScopes.withoutGrad(() -> CppHost.toHost(
                forward.logits(CppHost.toTensor(inputs, dtype, device), paramsByName, buffersByName, norm), dtype));
    }

    @Override
    public ParameterUpdater newUpdater(OptimizerConfig config) {
        ensureOpen();
        return CppUpdater.create(this, config);
    }

    @Override
    public Map<String, HostTensor> state() {
        ensureOpen();
        return CppState.download(parameters, params, buffers, bufs, dtype);
    }

    @Override
    public void loadState(Map<String, HostTensor> state) {
        ensureOpen();
        Objects.requireNonNull(state, "state");
        StateChecks.validate(parameters, buffers, state);
        CppState.upload(state, parameters, params, buffers, bufs, dtype, device);
    }

    @Override
    public Tensor parameterTensor(int p) {
        ensureOpen();
        return params[p];
    }

    /**
     * {@code gradients} as this backend's, over the same parameters as this model: its own, or another
     * network model's with the same parameters, dtype and device.
     */
    @Override
    public CppGradients requireCompatible(Gradients gradients) {
        Objects.requireNonNull(gradients, "gradients");
        if (!(gradients instanceof CppGradients g)) {
            throw new IllegalArgumentException("gradients of another backend: " + gradients.getClass().getName());
        }
        if (g.owner() != this && !(g.owner() instanceof CppModel m && m.dtype == dtype && m.device.equals(device)
                && m.parameters.equals(parameters))) {
            throw new IllegalArgumentException("gradients of a model with other parameters, another dtype or another"
                    + " device: " + g.owner());
        }
        return g;
    }

    @Override
    public void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("model '" + network.name() + "' is closed");
        }
    }

    private void requireLength(boolean[] flags, String what) {
        Objects.requireNonNull(flags, what);
        if (flags.length != params.length) {
            throw new IllegalArgumentException(
                    "expected " + params.length + " " + what + " (one per parameter), got " + flags.length);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        paramsByName.clear();
        buffersByName.clear();
        CppScopes.release(params);
        CppScopes.release(bufs);
    }

    @Override
    public String toString() {
        return "CppModel[" + network.name() + ", " + dtype + ", " + device + ", " + params.length + " parameters"
                + (closed ? ", closed" : "") + "]";
    }
}
