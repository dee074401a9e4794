package org.metalr.javacpp;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bytedeco.pytorch.Tensor;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.Device;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.HostTensor;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.ParameterUpdater;
import org.metalr.api.StateChecks;
import org.metalr.api.TensorInfo;

/**
 * What the two JavaCPP models ({@link CppModel} over a network description, {@link CppModuleModel}
 * over a user's module) share: one retained tensor per parameter and buffer, in definition order, on
 * one device; the tensor lists, the argument checks of the passes, the state copy, and
 * {@link #close()}, which releases those handles. Subclasses say how a pass runs.
 */
abstract class CppModelBase implements Differentiable, CppParameters {

    final DType dtype;
    final Device device;
    final List<TensorInfo> parameters;
    final List<TensorInfo> buffers;
    final Tensor[] params;
    final Tensor[] bufs;
    private boolean closed;

    /** Takes over the handles {@code params} and {@code bufs} (which the subclass may still fill). */
    CppModelBase(DType dtype, Device device, List<TensorInfo> parameters, List<TensorInfo> buffers, Tensor[] params,
            Tensor[] bufs) {
        this.dtype = dtype;
        this.device = device;
        this.parameters = parameters;
        this.buffers = buffers;
        this.params = params;
        this.bufs = bufs;
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

    /** The checks of {@link #gradients}: open model, a batch, one flag per parameter. */
    void checkGradients(Batch batch, boolean[] trainable) {
        ensureOpen();
        Objects.requireNonNull(batch, "batch");
        requireLength(trainable, "trainable flags");
    }

    /** The checks of {@link #gradientsAt}, with {@code direction} as gradients this model can use. */
    CppGradients checkLookAhead(Batch batch, Gradients direction, double[] coefficient, boolean[] trainable) {
        checkGradients(batch, trainable);
        Objects.requireNonNull(coefficient, "coefficient");
        if (coefficient.length != params.length) {
            throw new IllegalArgumentException(
                    "expected " + params.length + " coefficients (one per parameter), got " + coefficient.length);
        }
        return requireCompatible(direction);
    }

    private void requireLength(boolean[] flags, String what) {
        Objects.requireNonNull(flags, what);
        if (flags.length != params.length) {
            throw new IllegalArgumentException(
                    "expected " + params.length + " " + what + " (one per parameter), got " + flags.length);
        }
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

    /** Copies {@code state} into the model's own tensors. */
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

    boolean isClosed() {
        return closed;
    }

    /** Releases the model's handles on its tensors. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        CppScopes.release(params);
        CppScopes.release(bufs);
    }
}
