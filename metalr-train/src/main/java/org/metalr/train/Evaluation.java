package org.metalr.train;

import org.metalr.api.Batch;
import org.metalr.api.Differentiable;
import org.metalr.api.HostTensor;
import org.metalr.data.BatchLoader;
import org.metalr.data.BatchStream;
import org.metalr.train.metrics.ClassificationAccumulator;
import org.metalr.train.metrics.ClassificationMetrics;

/**
 * A model's figures on one set, in evaluation mode ({@code forward(inputs, false)}: running
 * statistics, no autograd, buffers untouched).
 *
 * @param metrics classification figures
 * @param loss    mean cross-entropy over the set's samples
 */
public record Evaluation(ClassificationMetrics metrics, double loss) {

    /** One pass over epoch 0 of {@code loader}; costs one forward pass per batch. */
    static Evaluation of(Differentiable model, BatchLoader loader, int classes) {
        ClassificationAccumulator acc = new ClassificationAccumulator(classes);
        double lossSum = 0;
        long samples = 0;
        try (BatchStream s = loader.epoch(0)) {
            while (s.hasNext()) {
                Batch b = s.next();
                HostTensor logits = model.forward(b.inputs(), false);
                acc.add(b.labels(), logits);
                lossSum += crossEntropySum(logits.toDoubleArray(), b.labels(), classes);
                samples += b.size();
            }
        }
        return new Evaluation(acc.result(), lossSum / samples);
    }

    /** Sum over the rows of {@code -log softmax(row)[label]}, with the maximum subtracted first. */
    static double crossEntropySum(double[] logits, long[] labels, int classes) {
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, logits[i * classes + c]);
            }
            double z = 0;
            for (int c = 0; c < classes; c++) {
                z += Math.exp(logits[i * classes + c] - max);
            }
            sum += max + Math.log(z) - logits[i * classes + (int) labels[i]];
        }
        return sum;
    }
}
