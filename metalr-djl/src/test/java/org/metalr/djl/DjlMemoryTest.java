package org.metalr.djl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.LrRule;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.StepReport;
import org.metalr.core.MetaLrStep;

/**
 * Hundreds of MetaLR iterations leave no DJL array behind: the model's managers hold exactly the
 * arrays they held after the first iteration (parameters, buffers, the optimizer's moments) after
 * every later one, an exact count that sees a single leaked tensor. Resident memory, which also sees
 * native memory no manager tracks, is the contract suite's check ({@code NativeMemoryTest}).
 */
class DjlMemoryTest {

    private static final int ITERATIONS = 750;

    @Test
    void iterationsLeaveNoArrayBehind() {
        Batch[] batches = new Batch[8];
        for (int i = 0; i < batches.length; i++) {
            batches[i] = DjlFixtures.batch(500 + i);
        }
        try (DjlModel model = (DjlModel) DjlFixtures.smallCnn(DType.FLOAT32);
                MetaLrStep step = new MetaLrStep(model, model.defaultGroups(), new double[] {1e-3, 1e-3, 1e-3, 1e-2},
                        LrRule.official(), OptimizerConfig.Adam.withWeightDecay(1e-4))) {
            int arraysAfterFirst = -1;
            for (int i = 0; i < ITERATIONS; i++) {
                StepReport report = step.step(batches[i % batches.length], batches[(i + 3) % batches.length], 1 + i / 50);
                assertThat(report.trainLoss()).isFinite();
                if (i == 0) {
                    arraysAfterFirst = model.liveArrays();
                } else {
                    assertThat(model.liveArrays()).as("arrays after iteration %d", i).isEqualTo(arraysAfterFirst);
                }
            }
        }
    }
}
