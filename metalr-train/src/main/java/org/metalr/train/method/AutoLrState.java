package org.metalr.train.method;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * AutoLR's state between iterations, saved in checkpoints and reported in {@code metrics.json}.
 *
 * @param threshold the current epoch's acceptance threshold
 * @param trial     the current trial of the epoch, from 1
 * @param targets   the epoch's target variations once a trial failed; null before
 * @param trials    every finished trial, in order
 */
public record AutoLrState(double threshold, int trial, double[] targets, List<Trial> trials) {

    public AutoLrState {
        targets = targets == null ? null : targets.clone();
        trials = List.copyOf(trials);
    }

    @Override
    public double[] targets() {
        return targets == null ? null : targets.clone();
    }

    /**
     * One pass over the training set under AutoLR.
     *
     * @param epoch         the epoch, from 1
     * @param trial         the trial within the epoch, from 1
     * @param threshold     the threshold it had to reach
     * @param score         its rounded rank agreement over the adjusted blocks
     * @param accepted      whether the epoch stood
     * @param variations    weight variation of every group, in group order
     * @param learningRates the rates the trial ran with
     */
    public record Trial(int epoch, int trial, double threshold, double score, boolean accepted, double[] variations,
            double[] learningRates) {
        public Trial {
            variations = variations.clone();
            learningRates = learningRates.clone();
        }

        @Override
        public double[] variations() {
            return variations.clone();
        }

        @Override
        public double[] learningRates() {
            return learningRates.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Trial t && epoch == t.epoch && trial == t.trial
                    && Double.compare(threshold, t.threshold) == 0 && Double.compare(score, t.score) == 0
                    && accepted == t.accepted && Arrays.equals(variations, t.variations)
                    && Arrays.equals(learningRates, t.learningRates);
        }

        @Override
        public int hashCode() {
            return Objects.hash(epoch, trial, threshold, score, accepted) * 31 + Arrays.hashCode(variations);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AutoLrState s && Double.compare(threshold, s.threshold) == 0 && trial == s.trial
                && Arrays.equals(targets, s.targets) && trials.equals(s.trials);
    }

    @Override
    public int hashCode() {
        return Objects.hash(threshold, trial, trials) * 31 + Arrays.hashCode(targets);
    }
}
