package org.metalr.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** The training objective on logits. */
final class DjlLoss {

    private DjlLoss() {}

    /**
     * Softmax cross-entropy with integer labels, mean over the batch: torch's
     * {@code F.cross_entropy(logits, labels)} = {@code -mean_i log_softmax(logits, 1)[i, labels[i]]}.
     *
     * @throws IllegalArgumentException if the logits are not {@code [N, classes]} or a label lies
     *     outside {@code [0, classes)}
     */
    static NDArray crossEntropy(NDArray logits, long[] labels, NDManager scope) {
        Shape shape = logits.getShape();
        if (shape.dimension() != 2 || shape.get(0) != labels.length) {
            throw new IllegalArgumentException("cross-entropy needs logits [" + labels.length + ", classes], got "
                    + shape);
        }
        long classes = shape.get(1);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(
                        "label " + labels[i] + " of sample " + i + " is outside [0, " + classes + ")");
            }
        }
        NDArray index = scope.create(labels, new Shape(labels.length, 1));
        return logits.logSoftmax(1).gather(index, 1).mean().neg();
    }
}
