package org.metalr.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.Test;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;

/**
 * Grad mode is thread-local LibTorch state that DJL switches off on the thread that starts its engine
 * and that another binding in the JVM may switch either way: the passes must give the same gradients
 * whatever it is, and leave it as they found it.
 */
class DjlGradModeTest {

    @Test
    void passesWorkWhateverTheThreadsGradModeAndRestoreIt() {
        try (Differentiable model = DjlFixtures.smallCnn(DType.FLOAT64)) {
            int n = model.parameters().size();
            Batch batch = DjlFixtures.batch(28);
            boolean original = JniUtils.isGradMode();
            double[] reference = null;
            try {
                for (boolean mode : new boolean[] {false, true}) {
                    JniUtils.setGradMode(mode);
                    try (Gradients g = model.gradients(batch, DjlFixtures.all(n, true))) {
                        assertThat(JniUtils.isGradMode()).isEqualTo(mode);
                        if (reference == null) {
                            reference = g.get(3).toDoubleArray();
                        } else {
                            assertThat(g.get(3).toDoubleArray()).containsExactly(reference);
                        }
                    }
                    model.forward(batch.inputs(), true);
                    assertThat(JniUtils.isGradMode()).isEqualTo(mode);
                }
            } finally {
                JniUtils.setGradMode(original);
            }
        }
    }
}
