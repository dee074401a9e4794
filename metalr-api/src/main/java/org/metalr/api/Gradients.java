package org.metalr.api;

/**
 * The result of one forward+backward pass: the loss and one gradient tensor per trained parameter, in
 * native memory. Owned by whoever received it; valid until {@link #close()}; independent of later
 * changes to the model's parameters.
 */
public interface Gradients extends AutoCloseable {

    /** The loss of the pass. */
    double loss();

    /** Whether parameter {@code p} (index into {@link Differentiable#parameters()}) has a gradient. */
    boolean has(int p);

    /**
     * One dot product per parameter, {@code <this_p, other_p>}, accumulated in the model's dtype; 0
     * where either side has no gradient. One O(|theta|) pass, one host transfer.
     */
    double[] dotPerParameter(Gradients other);

    /** A host copy of the gradient of parameter {@code p}. */
    HostTensor get(int p);

    /** Releases the native tensors. Idempotent. */
    @Override
    void close();
}
