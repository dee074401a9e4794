package org.metalr.javacpp;

import static org.assertj.core.api.Assertions.assertThat;

import org.bytedeco.pytorch.AutoGradMode;
import org.bytedeco.pytorch.GradMode;
import org.junit.jupiter.api.Test;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.ParameterUpdater;

/**
 * Grad mode is thread-local LibTorch state that another binding in the JVM (DJL) switches off: the
 * gradient passes must work with it off and leave it as they found it.
 */
@SuppressWarnings("try") // the guard acts through its lifetime
class CppGradModeTest {

    @Test
    void gradientPassesWorkWithGradModeOffAndRestoreIt() {
        try (Differentiable m = CppFixtures.smallCnn(DType.FLOAT64);
                ParameterUpdater adam = m.newUpdater(OptimizerConfig.Adam.withWeightDecay(0))) {
            boolean[] all = CppFixtures.all(m.parameters().size(), true);
            double[] c = new double[all.length];
            java.util.Arrays.fill(c, 0.01);
            try (AutoGradMode off = new AutoGradMode(false)) {
                assertThat(GradMode.is_enabled()).isFalse();
                try (Gradients g = m.gradients(CppFixtures.batch(1), all);
                        Gradients h = m.gradientsAt(CppFixtures.batch(2), g, c, all)) {
                    assertThat(g.has(0)).isTrue();
                    assertThat(h.has(0)).isTrue();
                    adam.step(g, c);
                }
                assertThat(GradMode.is_enabled()).isFalse();
            }
            assertThat(GradMode.is_enabled()).isTrue();
            m.forward(CppFixtures.batch(1).inputs(), false);
            assertThat(GradMode.is_enabled()).isTrue();
        }
    }
}
