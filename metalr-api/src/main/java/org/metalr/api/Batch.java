package org.metalr.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * One mini-batch on the host: inputs of shape {@code [N, C, ...]} and their targets, either one class
 * label per sample (classification, {@code new Batch(inputs, labels)}) or a dense mask per sample
 * (segmentation, {@link #segmentation}). Backends copy it into their tensors for each pass; the batch
 * itself is never modified.
 *
 * @param inputs input tensor, first dimension the batch size
 * @param labels class index of each sample, in {@code [0, classes)}; {@code null} in a segmentation batch
 * @param masks  target of each output value, in {@code [0, 1]}, of the network output's shape;
 *               {@code null} in a classification batch
 */
public record Batch(HostTensor inputs, long[] labels, HostTensor masks) {

    /**
     * @throws IllegalArgumentException if the inputs lack a batch or channel dimension, not exactly one
     *     of {@code labels} and {@code masks} is given, or the targets do not match the batch size; for
     *     masks, also if a value lies outside {@code [0, 1]} (naming the first one)
     */
    public Batch {
        Objects.requireNonNull(inputs, "inputs");
        long[] shape = inputs.shape();
        if (shape.length < 2) {
            throw new IllegalArgumentException("batch inputs need a batch and a channel dimension, got " + inputs);
        }
        if ((labels == null) == (masks == null)) {
            throw new IllegalArgumentException("a batch carries either class labels or masks, got "
                    + (labels == null ? "neither" : "both"));
        }
        if (labels != null && shape[0] != labels.length) {
            throw new IllegalArgumentException(
                    "batch has " + shape[0] + " inputs but " + labels.length + " labels");
        }
        if (masks != null) {
            requireMasks(masks, shape[0]);
        }
    }

    /** A classification batch: one class label per input. */
    public Batch(HostTensor inputs, long[] labels) {
        this(inputs, Objects.requireNonNull(labels, "labels"), null);
    }

    /**
     * A segmentation batch: for each input, a mask of the network output's shape with values in
     * {@code [0, 1]} (binary masks, or soft targets). Any element type; backends convert it to the
     * model's. Checking the values costs one pass over the mask.
     */
    public static Batch segmentation(HostTensor inputs, HostTensor masks) {
        return new Batch(inputs, null, Objects.requireNonNull(masks, "masks"));
    }

    /** Whether this batch carries masks (else class labels). */
    public boolean isSegmentation() {
        return masks != null;
    }

    /**
     * The class labels (the array itself, not a copy: do not modify it).
     *
     * @throws IllegalStateException for a segmentation batch
     */
    @Override
    public long[] labels() {
        if (labels == null) {
            throw new IllegalStateException("a segmentation batch carries masks, not class labels");
        }
        return labels;
    }

    /**
     * The masks.
     *
     * @throws IllegalStateException for a classification batch
     */
    @Override
    public HostTensor masks() {
        if (masks == null) {
            throw new IllegalStateException("a classification batch carries class labels, not masks");
        }
        return masks;
    }

    /** Number of samples. */
    public int size() {
        return Math.toIntExact(inputs.shape()[0]);
    }

    private static void requireMasks(HostTensor masks, long samples) {
        long[] shape = masks.shape();
        if (shape.length < 2 || shape[0] != samples) {
            throw new IllegalArgumentException("batch has " + samples + " inputs but masks of shape "
                    + Arrays.toString(shape) + "; masks need the batch and channel dimensions of the output");
        }
        double[] values = masks.toDoubleArray();
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("mask value " + v + " at flat index " + i + " is outside [0, 1]");
            }
        }
    }
}
