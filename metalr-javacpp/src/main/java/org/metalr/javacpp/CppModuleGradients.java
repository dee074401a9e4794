package org.metalr.javacpp;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.metalr.api.Gradients;
import org.metalr.api.HostTensor;

/**
 * The loss and gradients of one pass of a {@link CppModuleModel}. Owns one retained LibTorch tensor per
 * parameter that received a gradient; none is a view of a module tensor, so the object stays valid when
 * the parameters move or the model closes. {@link #close()} releases the tensors.
 */
final class CppModuleGradients implements Gradients {

    private final CppModuleModel owner;
    private final double loss;
    private final Tensor[] grads;
    private boolean closed;

    /** Takes over {@code grads}: each non-null entry must already be retained for this object. */
    CppModuleGradients(CppModuleModel owner, double loss, Tensor[] grads) {
        this.owner = owner;
        this.loss = loss;
        this.grads = grads;
    }

    CppModuleModel owner() {
        return owner;
    }

    @Override
    public double loss() {
        ensureOpen();
        return loss;
    }

    @Override
    public boolean has(int p) {
        ensureOpen();
        checkIndex(p);
        return grads[p] != null;
    }

    /** The gradient tensor of parameter {@code p}, or null; still owned by this object. */
    Tensor tensor(int p) {
        ensureOpen();
        return grads[p];
    }

    int size() {
        return grads.length;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code other} comes from another backend or another model
     */
    @Override
    public double[] dotPerParameter(Gradients other) {
        ensureOpen();
        if (!(other instanceof CppModuleGradients o) || o.owner != owner) {
            throw new IllegalArgumentException("gradients of another model or backend: " + other);
        }
        o.ensureOpen();
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

    /** @throws IllegalArgumentException if parameter {@code p} has no gradient */
    @Override
    public HostTensor get(int p) {
        ensureOpen();
        checkIndex(p);
        if (grads[p] == null) {
            throw new IllegalArgumentException("parameter '" + owner.parameterInfos().get(p).name() + "' (" + p
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
        for (int p = 0; p < grads.length; p++) {
            if (grads[p] != null) {
                grads[p].releaseReference();
                grads[p] = null;
            }
        }
    }

    private void checkIndex(int p) {
        if (p < 0 || p >= grads.length) {
            throw new IndexOutOfBoundsException("parameter index " + p + " outside [0, " + grads.length + ")");
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("gradients already closed");
        }
    }
}
