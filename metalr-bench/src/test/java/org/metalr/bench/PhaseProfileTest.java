package org.metalr.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.metalr.backends.Backends;

class PhaseProfileTest {

    @Test
    void timesEveryPhaseOfEachMeasuredIteration() {
        PhaseProfile.Profile p = PhaseProfile.profile(Backends.named("djl"), Workload.named(Workload.SMALLCNN, 2, 2), 1, 3);
        assertThat(p.phases().keySet()).containsExactly("forward only (training mode, no autograd)",
                "training pass: gradients()", "look-ahead pass: gradientsAt()", "hypergradient: dotPerParameter()",
                "Adam step: updater.step()", "closing both gradients", "host copy of the model: state()");
        assertThat(p.phases().values()).allSatisfy(v -> {
            assertThat(v).hasSize(3);
            assertThat(java.util.Arrays.stream(v).min().getAsDouble()).isNotNegative();
        });
        assertThat(p.faults().keySet()).isEqualTo(p.phases().keySet());
        assertThat(p.faults().values()).allSatisfy(v -> {
            assertThat(v).hasSize(3);
            assertThat(java.util.Arrays.stream(v).min().getAsDouble()).isNotNegative();
        });
        assertThat(p.minorFaultsPerIteration()).isNotNegative();
    }
}
