package org.metalr.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Map;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.HostTensor;
import org.metalr.api.StateChecks;
import org.metalr.api.net.Network;
import org.metalr.models.Initializers;

/**
 * BatchNorm semantics on every backend, on a network whose BatchNorm sees the raw input (so its
 * statistics are checked by hand, float64) and on SmallCnn: the training pass moves the running
 * statistics as PyTorch does (momentum 0.1 of the new statistic, unbiased variance) and counts the
 * batch; evaluation normalises with the running statistics; the look-ahead and both forwards move no
 * buffer.
 */
class BatchNormTest {

    private static final int C = 3;
    private static final int N = 4;
    private static final int HW = 5 * 5;

    @EveryBackend
    void trainingPassMovesRunningStatisticsAsPyTorch(String backend) {
        Network net = Cases.normHead(C);
        Map<String, HostTensor> theta = Initializers.randomized(net, 7);
        Batch batch = Cases.batch(8, N, C, 5);
        try (Differentiable m = Cases.backend(backend).create(net, theta, DType.FLOAT64)) {
            double[] mean0 = theta.get("bn.running_mean").toDoubleArray();
            double[] var0 = theta.get("bn.running_var").toDoubleArray();
            try (Gradients g = m.gradients(batch, Cases.all(m, true))) {
                assertThat(g.loss()).isCloseTo(referenceLoss(theta, batch, true), within(1e-12));
            }
            Map<String, HostTensor> after = m.state();
            double[][] stats = batchStats(batch.inputs().toDoubleArray());
            double[] mean = after.get("bn.running_mean").toDoubleArray();
            double[] var = after.get("bn.running_var").toDoubleArray();
            for (int c = 0; c < C; c++) {
                double unbiased = stats[1][c] * (N * HW) / (N * HW - 1);
                // 0.1 exactly: a float momentum (0.100000024) would miss by ~1e-8 here
                assertThat(mean[c]).isCloseTo(0.9 * mean0[c] + 0.1 * stats[0][c], within(1e-14));
                assertThat(var[c]).isCloseTo(0.9 * var0[c] + 0.1 * unbiased, within(1e-14));
            }
            assertThat(after.get("bn.num_batches_tracked").toLongArray()).containsExactly(1L);
            assertThat(after.get("bn.num_batches_tracked").shape()).isEmpty();
        }
    }

    @EveryBackend
    void forwardUsesRunningStatisticsInEvaluationAndBatchStatisticsInTraining(String backend) {
        Network net = Cases.normHead(C);
        Map<String, HostTensor> theta = Initializers.randomized(net, 9);
        Batch batch = Cases.batch(10, N, C, 5);
        try (Differentiable m = Cases.backend(backend).create(net, theta, DType.FLOAT64)) {
            for (boolean training : new boolean[] {false, true}) {
                HostTensor logits = m.forward(batch.inputs(), training);
                double[] expected = referenceLogits(theta, batch, training);
                assertThat(logits.shape()).containsExactly(N, Cases.CLASSES);
                assertThat(Close.maxRelDiff(logits.toDoubleArray(), expected)).as("training=%s", training)
                        .isLessThan(1e-12);
                double[] actual = logits.toDoubleArray();
                for (int i = 0; i < actual.length; i++) {
                    assertThat(actual[i]).as("training=%s, logit %d", training, i).isCloseTo(expected[i], within(1e-12));
                }
            }
            assertThat(m.state()).usingRecursiveComparison().isEqualTo(theta);
        }
    }

    @EveryBackend
    void onlyTheTrainingPassTouchesBuffersOfSmallCnn(String backend) {
        try (Differentiable m = Cases.model(backend, DType.FLOAT64, 11)) {
            Map<String, HostTensor> initial = m.state();
            boolean[] all = Cases.all(m, true);
            double[] c = new double[all.length];
            Arrays.fill(c, -0.1);
            try (Gradients g = m.gradients(Cases.batch(1), all)) {
                Map<String, HostTensor> afterTraining = m.state();
                for (var b : m.buffers()) {
                    String name = b.name();
                    if (StateChecks.isCounter(name)) {
                        assertThat(afterTraining.get(name).toLongArray()).as(name).containsExactly(1L);
                    } else {
                        assertThat(afterTraining.get(name).toDoubleArray()).as(name)
                                .isNotEqualTo(initial.get(name).toDoubleArray());
                    }
                }
                try (Gradients h = m.gradientsAt(Cases.batch(2), g, c, all)) {
                    assertThat(h.loss()).isFinite();
                }
                m.forward(Cases.batch(3).inputs(), true);
                m.forward(Cases.batch(4).inputs(), false);
                assertThat(m.state()).usingRecursiveComparison().isEqualTo(afterTraining);
            }
        }
    }

    /** Per channel: batch mean and biased batch variance of an [N, C, 5, 5] input. */
    private static double[][] batchStats(double[] x) {
        double[] mean = new double[C];
        double[] var = new double[C];
        for (int c = 0; c < C; c++) {
            double s = 0;
            for (int n = 0; n < N; n++) {
                for (int i = 0; i < HW; i++) {
                    s += x[(n * C + c) * HW + i];
                }
            }
            mean[c] = s / (N * HW);
            double q = 0;
            for (int n = 0; n < N; n++) {
                for (int i = 0; i < HW; i++) {
                    double d = x[(n * C + c) * HW + i] - mean[c];
                    q += d * d;
                }
            }
            var[c] = q / (N * HW);
        }
        return new double[][] {mean, var};
    }

    /** BatchNorm, global average and the linear head, computed in Java. */
    private static double[] referenceLogits(Map<String, HostTensor> theta, Batch batch, boolean training) {
        double[] x = batch.inputs().toDoubleArray();
        double[][] stats = training ? batchStats(x)
                : new double[][] {theta.get("bn.running_mean").toDoubleArray(), theta.get("bn.running_var").toDoubleArray()};
        double[] gamma = theta.get("bn.weight").toDoubleArray();
        double[] beta = theta.get("bn.bias").toDoubleArray();
        double[] w = theta.get("fc.weight").toDoubleArray();
        double[] b = theta.get("fc.bias").toDoubleArray();
        int k = Cases.CLASSES;
        double[] logits = new double[N * k];
        for (int n = 0; n < N; n++) {
            double[] pooled = new double[C];
            for (int c = 0; c < C; c++) {
                double inv = 1 / Math.sqrt(stats[1][c] + 1e-5);
                double s = 0;
                for (int i = 0; i < HW; i++) {
                    s += (x[(n * C + c) * HW + i] - stats[0][c]) * inv * gamma[c] + beta[c];
                }
                pooled[c] = s / HW;
            }
            for (int j = 0; j < k; j++) {
                double s = b[j];
                for (int c = 0; c < C; c++) {
                    s += w[j * C + c] * pooled[c];
                }
                logits[n * k + j] = s;
            }
        }
        return logits;
    }

    /** Mean softmax cross-entropy of the reference logits. */
    private static double referenceLoss(Map<String, HostTensor> theta, Batch batch, boolean training) {
        return GradientsTest.crossEntropy(referenceLogits(theta, batch, training), batch.labels(), Cases.CLASSES);
    }
}
