package org.metalr.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** The training objectives of {@link org.metalr.api.net.Network.Loss} on the network output. */
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
        NDArray index = DjlArrays.labels(scope, labels, labels.length, 1);
        return logits.logSoftmax(1).gather(index, 1).mean().neg();
    }

    /**
     * Models Genesis' soft Dice loss, {@code 1 - (2 * sum(p * y) + 1) / (sum(p) + sum(y) + 1)} over the
     * whole batch, with the operations in the order {@code CppForward.dice} issues them, so both
     * backends round alike. The constants are zero-dimensional tensors of the output's type: as
     * operands of zero-dimensional sums a float64 constant would promote a float32 loss.
     *
     * @param probabilities network output
     * @param masks         targets of the same shape and type
     */
    static NDArray dice(NDArray probabilities, NDArray masks, DjlScalars scalars) {
        DataType type = probabilities.getDataType();
        NDArray one = scalars.of(1.0, type);
        NDArray intersection = probabilities.mul(masks).sum();
        NDArray total = probabilities.sum().add(masks.sum());
        NDArray coefficient = intersection.mul(scalars.of(2.0, type)).add(one).div(total.add(one));
        return coefficient.neg().add(one);
    }
}
