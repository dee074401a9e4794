package org.metalr.train;

import java.io.IOException;
import org.metalr.api.Batch;
import org.metalr.api.Differentiable;
import org.metalr.api.HostTensor;
import org.metalr.data.BatchStream;
import org.metalr.data.volume.Volume;
import org.metalr.data.volume.VolumeSet;
import org.metalr.runs.metrics.EvaluationMetrics;
import org.metalr.stats.Bootstrap;
import org.metalr.train.metrics.ClassificationAccumulator;
import org.metalr.train.metrics.SegmentationAccumulator;

/**
 * A model's figures on one set, in evaluation mode ({@code forward(inputs, false)}: no autograd,
 * buffers untouched).
 *
 * @param metrics classification or segmentation figures (a test set's with their confidence intervals)
 * @param loss    classification: mean cross-entropy over the samples; segmentation: mean over the volumes
 *                of the soft Dice loss of the whole volume's probabilities (the training loss, smoothing 1)
 */
public record Evaluation(EvaluationMetrics metrics, double loss) {

    /**
     * Evaluates {@code model} on {@code set}: one forward pass per batch of samples; volumes predicted
     * tile by tile with the crop as the tile (the trainer's own evaluations go through {@link #volumes}).
     *
     * @param settings the surface Dice's tolerance, and the bootstrap of a test set's intervals
     * @param test     whether {@code set} is the test set: only its figures get confidence intervals
     * @throws IOException if a volume cannot be read
     */
    static Evaluation of(Differentiable model, EvaluationSet set, int classes, EvaluationSettings settings,
            boolean test) throws IOException {
        Bootstrap intervals = test ? settings.bootstrap() : null;
        if (set instanceof EvaluationSet.Volumes v) {
            return volumes(model, v, VolumeInference.tileByTile(v.window()), v.size(), v.size(), settings, intervals,
                    p -> { })[1];
        }
        return samples(model, (EvaluationSet.Samples) set, classes, intervals);
    }

    private static Evaluation samples(Differentiable model, EvaluationSet.Samples set, int classes,
            Bootstrap intervals) {
        ClassificationAccumulator acc = new ClassificationAccumulator(classes);
        double lossSum = 0;
        long samples = 0;
        try (BatchStream s = set.loader().epoch(0)) {
            while (s.hasNext()) {
                Batch b = s.next();
                HostTensor logits = model.forward(b.inputs(), false);
                NonFiniteOutput.check(logits.toDoubleArray());
                acc.add(b.labels(), logits);
                lossSum += crossEntropySum(logits.toDoubleArray(), b.labels(), classes);
                samples += b.size();
            }
        }
        return new Evaluation(acc.result(intervals), lossSum / samples);
    }

    /** Follows the evaluation of a set of volumes. */
    interface VolumeListener {
        /** {@code done} of the {@code total} tiles of volume {@code volume} (from 0) of {@code volumes} are done. */
        void progress(VolumeProgress progress);
    }

    /**
     * Where an evaluation of volumes is.
     *
     * @param volume  the volume being predicted, from 0
     * @param volumes volumes to predict in this evaluation
     * @param done    tiles of this volume predicted or skipped
     * @param total   tiles of this volume
     */
    record VolumeProgress(int volume, int volumes, int done, int total) {}

    /**
     * Evaluates {@code model} on the first {@code count} volumes of {@code set}, each predicted by
     * {@code inference} and scored with {@code settings} (intervals from {@code intervals}, null for none); returns the figures of the first {@code subset} volumes ({@code subset <= count})
     * and of all {@code count}, from the same predictions; the first is null when {@code subset} is 0.
     *
     * @throws IOException if a volume cannot be read
     */
    static Evaluation[] volumes(Differentiable model, EvaluationSet.Volumes set, VolumeInference inference, int count,
            int subset, EvaluationSettings settings, Bootstrap intervals, VolumeListener listener) throws IOException {
        VolumeScores first = new VolumeScores(settings);
        VolumeScores all = new VolumeScores(settings);
        for (int i = 0; i < count; i++) {
            int index = i;
            VolumeSet.MaskedVolume volume = set.volumes().load(i);
            float[] p = inference.predict(model, volume.image(),
                    (done, total) -> listener.progress(new VolumeProgress(index, count, done, total)));
            NonFiniteOutput.check(p);
            clampRounding(p);
            String name = set.volumes().name(i);
            all.add(name, p, volume.mask());
            if (i < subset) {
                first.add(name, p, volume.mask());
            }
        }
        return new Evaluation[] {first.volumes == 0 ? null : first.result(intervals), all.result(intervals)};
    }

    /** The figures of volumes as they are added: overlap counts per volume and the mean Dice loss. */
    private static final class VolumeScores {
        private final SegmentationAccumulator acc;
        private double lossSum;
        private int volumes;

        VolumeScores(EvaluationSettings settings) {
            acc = new SegmentationAccumulator(SegmentationAccumulator.DEFAULT_THRESHOLD, settings.surfaceToleranceMm());
        }

        void add(String name, float[] p, Volume mask) {
            acc.addVolume(name, p, mask);
            lossSum += diceLoss(p, mask.toArray());
            volumes++;
        }

        Evaluation result(Bootstrap intervals) {
            return new Evaluation(acc.result(intervals), lossSum / volumes);
        }
    }

    /**
     * Averaging overlapping tiles may carry a probability a rounding step past 0 or 1; NaN stays NaN,
     * for the accumulator to reject.
     */
    private static void clampRounding(float[] p) {
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 1f) {
                p[i] = 1f;
            } else if (p[i] < 0f) {
                p[i] = 0f;
            }
        }
    }

    /** {@code 1 - (2 sum(p y) + 1) / (sum(p) + sum(y) + 1)}, the network's Dice loss, summed in double. */
    static double diceLoss(float[] p, float[] y) {
        double py = 0;
        double sp = 0;
        double sy = 0;
        for (int i = 0; i < p.length; i++) {
            py += (double) p[i] * y[i];
            sp += p[i];
            sy += y[i];
        }
        return 1 - (2 * py + 1) / (sp + sy + 1);
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
