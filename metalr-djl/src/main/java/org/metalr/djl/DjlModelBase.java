package org.metalr.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
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
import org.metalr.api.ParameterUpdater;
import org.metalr.api.PassChecks;
import org.metalr.api.StateChecks;
import org.metalr.api.TensorInfo;
import org.metalr.libtorch.SharedLibTorch;

/**
 * What the two DJL models ({@link DjlModel} over a network description, {@link DjlBlockModel} over a
 * user's block) share: the tensor lists, the element type, the root manager that holds gradients and
 * optimizer state (freed by {@link #close()}), the open check, the argument checks of the passes and
 * the state copy. Subclasses say where the parameter and buffer arrays live and how a pass runs.
 */
abstract class DjlModelBase implements Differentiable, DjlParameters {

    final DType dtype;
    final DataType dataType;
    final List<TensorInfo> parameters;
    final List<TensorInfo> buffers;
    final NDManager root;
    private boolean closed;

    /** Takes over {@code root}, closed with the model. */
    DjlModelBase(DType dtype, List<TensorInfo> parameters, List<TensorInfo> buffers, NDManager root) {
        this.dtype = dtype;
        this.dataType = DjlArrays.dataType(dtype);
        this.parameters = parameters;
        this.buffers = buffers;
        this.root = root;
    }

    /** The model's array of buffer {@code b}, in the order of {@link #buffers()}. */
    abstract NDArray buffer(int b);

    /** Replaces the model's tensors by copies of {@code state}, already validated against them. */
    abstract void writeState(Map<String, HostTensor> state);

    @Override
    public DType dtype() {
        checkOpen();
        return dtype;
    }

    @Override
    public boolean unfoldsConvolutions() {
        checkOpen();
        return SharedLibTorch.unfoldsConvolutions(dtype, device());
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

    /** The checks of {@link #gradients}: open model, then {@link PassChecks#gradients}. */
    void checkGradients(Batch batch, boolean[] trainable) {
        checkOpen();
        PassChecks.gradients(parameters.size(), batch, trainable);
    }

    /** The checks of {@link #gradientsAt}, with {@code direction} as this model's own gradients. */
    DjlGradients checkLookAhead(Batch batch, Gradients direction, double[] coefficient, boolean[] trainable) {
        checkOpen();
        PassChecks.lookAhead(parameters.size(), batch, coefficient, trainable);
        return own(direction);
    }

    @Override
    public ParameterUpdater newUpdater(OptimizerConfig config) {
        checkOpen();
        return new DjlUpdater(this, config);
    }

    @Override
    public Map<String, HostTensor> state() {
        checkOpen();
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (int p = 0; p < parameters.size(); p++) {
            out.put(parameters.get(p).name(), DjlArrays.download(parameter(p)));
        }
        for (int b = 0; b < buffers.size(); b++) {
            out.put(buffers.get(b).name(), DjlArrays.download(buffer(b)));
        }
        return out;
    }

    @Override
    public void loadState(Map<String, HostTensor> state) {
        checkOpen();
        Objects.requireNonNull(state, "state");
        StateChecks.validate(parameters, buffers, state);
        writeState(state);
    }

    @Override
    public List<TensorInfo> parameterInfo() {
        return parameters;
    }

    @Override
    public NDManager newSubManager() {
        checkOpen();
        return root.newSubManager();
    }

    /** Number of arrays alive in the model's managers (whatever the model keeps there), for leak checks. */
    int liveArrays() {
        checkOpen();
        return root.getManagedArrays().size();
    }

    @Override
    public void checkOpen() {
        if (closed) {
            throw new IllegalStateException("model is closed");
        }
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            root.close();
        }
    }
}
