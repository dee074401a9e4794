package org.metalr.api;

import java.util.List;
import java.util.Objects;
import org.metalr.api.net.Layer;
import org.metalr.api.net.Network;

/**
 * The argument checks of {@link Differentiable}'s passes and of {@link ParameterUpdater#step}, shared by
 * every backend, so that misuse is refused with the same message whichever backend runs, before any
 * tensor is made or moved. Which gradients a model accepts is the backend's to check.
 */
public final class PassChecks {

    private PassChecks() {}

    /**
     * @throws IllegalArgumentException unless {@code length} is the number of parameters:
     *     {@code expected <parameters> <what> (one per parameter), got <length>}
     */
    public static void perParameter(int parameters, int length, String what) {
        if (length != parameters) {
            throw new IllegalArgumentException(
                    "expected " + parameters + " " + what + " (one per parameter), got " + length);
        }
    }

    /**
     * The checks of {@link Differentiable#gradients}: a batch, one trainable flag per parameter.
     *
     * @throws NullPointerException     naming the null argument
     * @throws IllegalArgumentException for a wrong number of flags
     */
    public static void gradients(int parameters, Batch batch, boolean[] trainable) {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(trainable, "trainable flags");
        perParameter(parameters, trainable.length, "trainable flags");
    }

    /**
     * The checks of {@link Differentiable#gradientsAt} but for the direction: those of
     * {@link #gradients}, and one coefficient per parameter.
     *
     * @throws NullPointerException     naming the null argument
     * @throws IllegalArgumentException for a wrong number of flags or coefficients
     */
    public static void lookAhead(int parameters, Batch batch, double[] coefficient, boolean[] trainable) {
        gradients(parameters, batch, trainable);
        Objects.requireNonNull(coefficient, "coefficient");
        perParameter(parameters, coefficient.length, "coefficients");
    }

    /**
     * Checks that {@code batch} fits {@code network}'s loss ({@link Network#requireFits}) and that its
     * class labels are classes of the network: within {@code [0, out)} of a network whose last layer is
     * {@link Layer.Linear}, at least 0 for any other.
     *
     * @throws IllegalArgumentException naming what does not fit, or the first bad label and its sample
     */
    public static void fits(Network network, Batch batch) {
        network.requireFits(batch);
        if (batch.isSegmentation()) {
            return;
        }
        List<Layer> leaves = network.leaves();
        Layer last = leaves.isEmpty() ? null : leaves.get(leaves.size() - 1);
        int classes = last instanceof Layer.Linear linear ? linear.out() : -1;
        long[] labels = batch.labels();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || (classes > 0 && labels[i] >= classes)) {
                throw new IllegalArgumentException("label " + labels[i] + " of sample " + i + " is outside [0, "
                        + (classes > 0 ? classes : "classes") + ")");
            }
        }
    }
}
