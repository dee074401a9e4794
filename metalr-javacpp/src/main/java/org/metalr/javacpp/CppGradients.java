package org.metalr.javacpp;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.metalr.api.Gradients;
import org.metalr.api.HostTensor;

/**
 * The loss and gradients of one pass of a {@link CppParameters} model. Owns one retained LibTorch
 * tensor per parameter that received a gradient; no tensor is a view of a model tensor, so the object
 * stays valid when the model's parameters move or the model closes. {@link #close()} releases the tensors.
 */
final class CppGradients implements Gradients {

    private final CppParameters owner;
    private final double loss;
    private final Tensor[] grads;
    private boolean closed;

    /** Takes over {@code grads}: each non-null entry must already be retained for this object. */
    private CppGradients(CppParameters owner, double loss, Tensor[] grads) {
        this.owner = owner;
        this.loss = loss;
        this.grads = grads;
    }

    /**
     * The gradients of one pass: for each flagged parameter a detached, retained handle on
     * {@code computed[p]}, or zeros like {@code like[p]} where it is undefined (the loss does not reach
     * the parameter, and a flagged parameter must have a gradient). Runs in the pass's scope; releases
     * what it took if it fails.
     */
    static CppGradients retain(CppParameters owner, double loss, boolean[] trainable, Tensor[] computed,
            Tensor[] like) {
        Tensor[] grads = new Tensor[trainable.length];
        try {
            for (int p = 0; p < trainable.length; p++) {
                if (trainable[p]) {
                    Tensor g = computed[p];
                    Tensor owned = g.defined() ? g.detach() : torch.zeros_like(like[p]).detach();
                    grads[p] = owned.retainReference();
                }
            }
        } catch (RuntimeException | Error e) {
            new CppGradients(owner, loss, grads).close();
            throw e;
        }
        return new CppGradients(owner, loss, grads);
    }

    /** Gradients-like tensors made elsewhere (an optimizer's directions): takes over {@code retained}, null where none. */
    static CppGradients owning(CppParameters owner, double loss, Tensor[] retained) {
        return new CppGradients(owner, loss, retained);
    }

    CppParameters owner() {
        return owner;
    }

    @Override
    public double loss() {
        checkOpen();
        return loss;
    }

    @Override
    public boolean has(int p) {
        checkOpen();
        checkIndex(p);
        return grads[p] != null;
    }

    /** The gradient tensor of parameter {@code p}, or null; still owned by this object. */
    Tensor tensor(int p) {
        checkOpen();
        return grads[p];
    }

    int size() {
        return grads.length;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code other} comes from another backend or a model whose
     *     gradients this one's model does not accept
     */
    @Override
    public double[] dotPerParameter(Gradients other) {
        checkOpen();
        CppGradients o = owner.requireCompatible(other);
        o.checkOpen();
        double[] out = new double[grads.length];
        List<Integer> present = new ArrayList<>();
        for (int p = 0; p < grads.length; p++) {
            if (grads[p] != null && o.grads[p] != null) {
                present.add(p);
            }
        }
        if (present.isEmpty()) {
            return out;
        }
        double[] values = CppScopes.withoutGrad(() -> {
            TensorVector sums = new TensorVector();
            for (int p : present) {
                // accumulated in the model's dtype, as sum(g * h) in PyTorch
                sums.push_back(grads[p].mul(o.grads[p]).sum());
            }
            return CppHost.toDoubles(torch.stack(sums)); // one host transfer for all parameters
        });
        for (int i = 0; i < values.length; i++) {
            out[present.get(i)] = values[i];
        }
        return out;
    }

    @Override
    public HostTensor get(int p) {
        checkOpen();
        checkIndex(p);
        if (grads[p] == null) {
            throw new IllegalArgumentException(
                    "parameter '" + owner.parameterInfo().get(p).name() + "' (" + p
                            + ") has no gradient in this pass");
        }
        Tensor grad = grads[p];
        return CppScopes.scoped(() -> CppHost.toHost(grad, owner.dtypeUnchecked()));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        CppScopes.release(grads);
    }

    private void checkIndex(int p) {
        if (p < 0 || p >= grads.length) {
            throw new IndexOutOfBoundsException("parameter index " + p + " outside [0, " + grads.length + ")");
        }
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("gradients are closed");
        }
    }
}
