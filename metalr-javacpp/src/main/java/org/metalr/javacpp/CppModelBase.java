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
import org.metalr.api.PassChecks;
import org.metalr.api.StateChecks;
import org.metalr.api.TensorInfo;
import org.metalr.libtorch.SharedLibTorch;

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
        checkOpen();
        return dtype;
    }

    @Override
    public DType dtypeUnchecked() {
        return dtype;
    }

    @Override
    public Device device() {
        checkOpen();
        return device;
    }

    @Override
    public boolean unfoldsConvolutions() {
        checkOpen();
        return SharedLibTorch.unfoldsConvolutions(dtype, device);
    }

    @Override
    public List<TensorInfo> parameters() {
        checkOpen();
        return parameters;
    }

    @Override
    public List<TensorInfo> parameterInfo() {
        return parameters;
    }

    @Override
    public List<TensorInfo> buffers() {
        checkOpen();
        return buffers;
    }

    /** The checks of {@link #gradients}: open model, then {@link PassChecks#gradients}. */
    void checkGradients(Batch batch, boolean[] trainable) {
        checkOpen();
        PassChecks.gradients(params.length, batch, trainable);
    }

    /** The checks of {@link #gradientsAt}, with {@code direction} as this model's own gradients. */
    CppGradients checkLookAhead(Batch batch, Gradients direction, double[] coefficient, boolean[] trainable) {
        checkOpen();
        PassChecks.lookAhead(params.length, batch, coefficient, trainable);
        return own(direction);
    }

    @Override
    public ParameterUpdater newUpdater(OptimizerConfig config) {
        checkOpen();
        return new CppUpdater(this, config);
    }

    @Override
    public Map<String, HostTensor> state() {
        checkOpen();
        return CppState.download(parameters, params, buffers, bufs, dtype);
    }

    /** Copies {@code state} into the model's own tensors. */
    @Override
    public void loadState(Map<String, HostTensor> state) {
        checkOpen();
        Objects.requireNonNull(state, "state");
        StateChecks.validate(parameters, buffers, state);
        CppState.upload(state, parameters, params, buffers, bufs, dtype, device);
    }

    @Override
    public Tensor parameter(int p) {
        checkOpen();
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
