package org.metalr.api;

/** Element type of a model's parameters, buffers and activations. */
public enum DType {
    FLOAT32,
    FLOAT64
}
