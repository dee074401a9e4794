package org.metalr.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;
import org.metalr.api.Gradients;
import org.metalr.api.HostTensor;

/**
 * The loss and gradients of one pass of a {@link DjlParameters} model. Owns an NDManager holding
 * exactly its gradient tensors (the {@code .grad} of leaves that existed only for the pass, so no
 * other tensor shares their storage); {@link #close()} frees them. Closing the model that made it
 * frees them too.
 */
final class DjlGradients implements Gradients {

    private final DjlParameters owner;
    private final NDManager manager;
    private final double loss;
    private final NDArray[] grads;
    private boolean closed;

    /** @param grads one entry per parameter, {@code null} where the parameter got no gradient; all in {@code manager} */
    private DjlGradients(DjlParameters owner, NDManager manager, double loss, NDArray[] grads) {
        this.owner = owner;
        this.manager = manager;
        this.loss = loss;
        this.grads = grads;
    }

    /**
     * One backward pass: flags the {@code trainable} leaves as requiring a gradient, evaluates
     * {@code loss} with autograd on, backpropagates it (when anything is trainable) and moves the
     * gradients of the flagged leaves to {@code gradManager}. Everything else stays in the caller's pass.
     *
     * @param leaves one fresh tensor per parameter, made for this pass only (their {@code .grad} would
     *               accumulate across passes otherwise)
     * @param loss   the forward pass and the one-value loss, over {@code leaves}
     */
    static DjlGradients backward(DjlParameters owner, NDArray[] leaves, boolean[] trainable, NDManager gradManager,
            Supplier<NDArray> loss) {
        boolean any = false;
        for (int p = 0; p < leaves.length; p++) {
            if (trainable[p]) {
                leaves[p].setRequiresGradient(true);
                any = true;
            }
        }
        double value;
        DjlGradMode gradMode = DjlGradMode.enabled();
        try {
            NDArray lossArray = loss.get();
            value = DjlArrays.scalar(lossArray);
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
        return new DjlGradients(owner, gradManager, value, grads);
    }

    /** Gradients-like arrays made elsewhere (an optimizer's directions), all in {@code manager}, which it takes over. */
    static DjlGradients owning(DjlParameters owner, NDManager manager, double loss, NDArray[] arrays) {
        return new DjlGradients(owner, manager, loss, arrays);
    }

    /** Readable until {@link #close()}, even after the model is closed (the value lives in Java). */
    @Override
    public double loss() {
        if (closed) {
            throw new IllegalStateException("gradients are closed");
        }
        return loss;
    }

    @Override
    public boolean has(int p) {
        if (closed) {
            throw new IllegalStateException("gradients are closed");
        }
        checkIndex(p);
        return grads[p] != null;
    }

    /**
     * {@inheritDoc}
     *
     * <p>One {@code sum(g * h)} per parameter in the model's dtype, stacked and copied to the host once.
     *
     * @throws IllegalArgumentException if {@code other} comes from another backend, a model with a
     *     different parameter list or another device
     */
    @Override
    public double[] dotPerParameter(Gradients other) {
        checkOpen();
        if (!(other instanceof DjlGradients o) || o.grads.length != grads.length
                || !o.owner.parameterInfo().equals(owner.parameterInfo())
                || !o.manager.getDevice().equals(manager.getDevice())) {
            throw new IllegalArgumentException("gradients of another model, backend or device: " + other);
        }
        o.checkOpen();
        double[] out = new double[grads.length];
        try (NDManager scope = manager.newSubManager()) {
            NDList dots = new NDList();
            int[] index = new int[grads.length];
            for (int p = 0; p < grads.length; p++) {
                if (grads[p] != null && o.grads[p] != null) {
                    index[dots.size()] = p;
                    dots.add(DjlArrays.view(grads[p], scope).mul(DjlArrays.view(o.grads[p], scope)).sum());
                }
            }
            if (dots.isEmpty()) {
                return out;
            }
            double[] values = DjlArrays.download(NDArrays.stack(dots)).toDoubleArray();
            for (int i = 0; i < values.length; i++) {
                out[index[i]] = values[i];
            }
        }
        return out;
    }

    /** @throws IllegalArgumentException if parameter {@code p} has no gradient */
    @Override
    public HostTensor get(int p) {
        checkOpen();
        checkIndex(p);
        if (grads[p] == null) {
            throw new IllegalArgumentException("parameter " + p + " ('" + owner.parameterInfo().get(p).name()
                    + "') has no gradient in this pass");
        }
        return DjlArrays.download(grads[p]);
    }

    /** The gradient tensor of parameter {@code p} ({@code null} if none), for the owning model's use. */
    NDArray tensor(int p) {
        checkOpen();
        return grads[p];
    }

    DjlParameters owner() {
        return owner;
    }

    int size() {
        return grads.length;
    }

    void checkOpen() {
        if (closed || !manager.isOpen()) {
            throw new IllegalStateException("gradients are closed" + (closed ? "" : " (their model was closed)"));
        }
    }

    private void checkIndex(int p) {
        if (p < 0 || p >= grads.length) {
            throw new IndexOutOfBoundsException("parameter index " + p + " outside [0, " + grads.length + ")");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            manager.close();
        }
    }

    @Override
    public String toString() {
        int n = 0;
        for (NDArray g : grads) {
            n += g == null ? 0 : 1;
        }
        return "DjlGradients[loss=" + loss + ", " + n + "/" + grads.length + " gradients" + (closed ? ", closed" : "") + "]";
    }
}
