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
import org.metalr.api.ParamGroup;
import org.metalr.api.PassChecks;
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
final class CppModel extends CppModelBase {

    private final Network network;
    private final CppForward forward;
    private final Map<String, Tensor> paramsByName = new HashMap<>();
    private final Map<String, Tensor> buffersByName = new HashMap<>();

    /**
     * Copies {@code state} (already validated) into new tensors of {@code dtype} on {@code device} (one
     * the loaded LibTorch can use, checked by the backend).
     */
    CppModel(Network network, Map<String, HostTensor> state, DType dtype, Device device) {
        super(dtype, device, List.copyOf(network.parameters()), List.copyOf(network.buffers()),
                new Tensor[network.parameters().size()], new Tensor[network.buffers().size()]);
        this.network = network;
        this.forward = new CppForward(network);
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
    public List<ParamGroup> defaultGroups() {
        checkOpen();
        return network.groups();
    }

    @Override
    public Gradients gradients(Batch batch, boolean[] trainable) {
        checkGradients(batch, trainable);
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
        CppGradients dir = checkLookAhead(batch, direction, coefficient, trainable);
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
        PassChecks.fits(network, batch);
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
        checkOpen();
        Objects.requireNonNull(inputs, "inputs");
        CppForward.Norm norm = training ? CppForward.Norm.BATCH : CppForward.Norm.RUNNING;
        return CppScopes.withoutGrad(() -> CppHost.toHost(
                forward.logits(CppHost.toTensor(inputs, dtype, device), paramsByName, buffersByName, norm), dtype));
    }

    /**
     * {@code gradients} as this backend's, over the same parameters as this model: its own, or another
     * network model's with the same parameters, dtype and device (their dot products are defined).
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
    public void checkOpen() {
        if (isClosed()) {
            throw new IllegalStateException("model '" + network.name() + "' is closed");
        }
    }

    @Override
    public void close() {
        paramsByName.clear();
        buffersByName.clear();
        super.close();
    }

    @Override
    public String toString() {
        return "CppModel[" + network.name() + ", " + dtype + ", " + device + ", " + params.length + " parameters"
                + (isClosed() ? ", closed" : "") + "]";
    }
}
