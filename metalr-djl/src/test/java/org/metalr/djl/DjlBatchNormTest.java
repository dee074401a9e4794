package org.metalr.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.HostTensor;
import org.metalr.api.net.Network;
import org.metalr.models.Initializers;

/** BatchNorm against hand-computed PyTorch semantics, and which passes may move its buffers. */
class DjlBatchNormTest {

    private static final int C = 2;
    private static final int HW = DjlFixtures.SIZE * DjlFixtures.SIZE;

    @Test
    void trainingPassMovesRunningStatsWithMomentumOfTheNewStatistic() {
        Network net = DjlFixtures.bnHead(C);
        Map<String, HostTensor> init = Initializers.randomized(net, 3);
        Batch batch = DjlFixtures.batch(11, C);
        try (Differentiable model = DjlFixtures.backend().create(net, init, DType.FLOAT64)) {
            model.gradients(batch, DjlFixtures.all(4, true)).close();
            Map<String, HostTensor> after = model.state();
            double[] x = batch.inputs().toDoubleArray();
            double[] mean0 = init.get("bn.running_mean").toDoubleArray();
            double[] var0 = init.get("bn.running_var").toDoubleArray();
            double[] mean = after.get("bn.running_mean").toDoubleArray();
            double[] var = after.get("bn.running_var").toDoubleArray();
            for (int c = 0; c < C; c++) {
                double m = channelMean(x, c);
                double unbiased = channelSquares(x, c, m) / (DjlFixtures.BATCH * HW - 1);
                // 0.1 exactly: a float momentum (0.100000024) would miss by ~1e-8 here
                assertThat(mean[c]).isCloseTo(0.9 * mean0[c] + 0.1 * m, within(1e-14));
                assertThat(var[c]).isCloseTo(0.9 * var0[c] + 0.1 * unbiased, within(1e-14));
            }
            assertThat(after.get("bn.num_batches_tracked").toLongArray()).containsExactly(1L);
            assertThat(after.get("bn.num_batches_tracked").shape()).isEmpty();
        }
    }

    @Test
    void evaluationUsesRunningStatsAndTrainingForwardUsesBatchStats() {
        Network net = DjlFixtures.bnHead(C);
        Map<String, HostTensor> init = Initializers.randomized(net, 5);
        Batch batch = DjlFixtures.batch(13, C);
        double[] x = batch.inputs().toDoubleArray();
        double[] gamma = init.get("bn.weight").toDoubleArray();
        double[] beta = init.get("bn.bias").toDoubleArray();
        double[] rm = init.get("bn.running_mean").toDoubleArray();
        double[] rv = init.get("bn.running_var").toDoubleArray();
        double[] w = init.get("fc.weight").toDoubleArray();
        double[] b = init.get("fc.bias").toDoubleArray();
        try (Differentiable model = DjlFixtures.backend().create(net, init, DType.FLOAT64)) {
            for (boolean training : new boolean[] {false, true}) {
                double[] logits = model.forward(batch.inputs(), training).toDoubleArray();
                for (int n = 0; n < DjlFixtures.BATCH; n++) {
                    double[] pooled = new double[C];
                    for (int c = 0; c < C; c++) {
                        double mean = training ? channelMean(x, c) : rm[c];
                        double var = training ? channelSquares(x, c, mean) / (DjlFixtures.BATCH * HW) : rv[c];
                        double sum = 0;
                        for (int i = 0; i < HW; i++) {
                            sum += (x[(n * C + c) * HW + i] - mean) / Math.sqrt(var + 1e-5) * gamma[c] + beta[c];
                        }
                        pooled[c] = sum / HW;
                    }
                    for (int k = 0; k < DjlFixtures.CLASSES; k++) {
                        double expected = b[k];
                        for (int c = 0; c < C; c++) {
                            expected += w[k * C + c] * pooled[c];
                        }
                        assertThat(logits[n * DjlFixtures.CLASSES + k]).as("training=%s", training)
                                .isCloseTo(expected, within(1e-12));
                    }
                }
            }
            assertThat(model.state().get("bn.running_mean").toDoubleArray()).containsExactly(rm);
        }
    }

    @Test
    void lookAheadAndForwardLeaveBuffersAlone() {
        try (Differentiable model = DjlFixtures.smallCnn(DType.FLOAT64)) {
            int n = model.parameters().size();
            Batch batch = DjlFixtures.batch(1);
            try (Gradients g = model.gradients(batch, DjlFixtures.all(n, true))) {
                Map<String, HostTensor> before = model.state();
                double[] coefficient = new double[n];
                java.util.Arrays.fill(coefficient, -0.05);
                model.gradientsAt(DjlFixtures.batch(2), g, coefficient, DjlFixtures.all(n, true)).close();
                model.forward(DjlFixtures.batch(3).inputs(), true);
                model.forward(DjlFixtures.batch(4).inputs(), false);
                Map<String, HostTensor> after = model.state();
                for (var e : before.entrySet()) {
                    HostTensor a = after.get(e.getKey());
                    if (a.kind() == HostTensor.Kind.INT64) {
                        assertThat(a.toLongArray()).as(e.getKey()).containsExactly(e.getValue().toLongArray());
                    } else {
                        assertThat(a.toDoubleArray()).as(e.getKey()).containsExactly(e.getValue().toDoubleArray());
                    }
                }
                assertThat(after.get("bn1.num_batches_tracked").toLongArray()).containsExactly(1L);
            }
        }
    }

    private static double channelMean(double[] x, int c) {
        double sum = 0;
        for (int n = 0; n < DjlFixtures.BATCH; n++) {
            for (int i = 0; i < HW; i++) {
                sum += x[(n * C + c) * HW + i];
            }
        }
        return sum / (DjlFixtures.BATCH * HW);
    }

    private static double channelSquares(double[] x, int c, double mean) {
        double sum = 0;
        for (int n = 0; n < DjlFixtures.BATCH; n++) {
            for (int i = 0; i < HW; i++) {
                double d = x[(n * C + c) * HW + i] - mean;
                sum += d * d;
            }
        }
        return sum;
    }
}
