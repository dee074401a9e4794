package org.metalr.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcMemoryTest {

    @Test
    void readsResidentSetAndItsHighWaterMark() {
        ProcMemory m = ProcMemory.parse(List.of("Name:\tjava", "VmPeak:\t 9000000 kB", "VmHWM:\t  524288 kB",
                "VmRSS:\t  262144 kB", "Threads:\t42"));
        assertThat(m).isEqualTo(new ProcMemory(262144, 524288));
        assertThat(m.rssMiB()).isEqualTo(256.0);
        assertThat(m.peakMiB()).isEqualTo(512.0);
    }

    @Test
    void namesWhatIsMissing() {
        assertThatThrownBy(() -> ProcMemory.parse(List.of("VmRSS:\t 1 kB")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("VmHWM");
    }

    @Test
    void readsMinorFaultsPastACommandNameWithSpaces() {
        String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 987654 0 12 0 100 20 0 0 20 0 42 0";
        assertThat(ProcMemory.parseMinorFaults(stat)).isEqualTo(987654);
        assertThat(ProcMemory.minorFaults()).isPositive();
    }

    @Test
    void thisProcessHasAPeakAtLeastItsResidentSet() {
        ProcMemory m = ProcMemory.read();
        assertThat(m.rssKiB()).isPositive();
        assertThat(m.peakKiB()).isGreaterThanOrEqualTo(m.rssKiB());
    }
}
