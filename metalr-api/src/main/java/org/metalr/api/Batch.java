package org.metalr.api;

import java.util.Objects;

/**
 * One mini-batch on the host: inputs of shape {@code [N, C, ...]} and one class label per sample.
 * Backends copy it into their tensors for each pass; the batch itself is never modified.
 *
 * @param inputs input tensor, first dimension the batch size
 * @param labels class index of each sample, in {@code [0, classes)}
 */
public record Batch(HostTensor inputs, long[] labels) {

    public Batch {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(labels, "labels");
        long[] shape = inputs.shape();
        if (shape.length < 2) {
            throw new IllegalArgumentException("batch inputs need a batch and a channel dimension, got " + inputs);
        }
        if (shape[0] != labels.length) {
            throw new IllegalArgumentException(
                    "batch has " + shape[0] + " inputs but " + labels.length + " labels");
        }
    }

    public int size() {
        return labels.length;
    }
}
