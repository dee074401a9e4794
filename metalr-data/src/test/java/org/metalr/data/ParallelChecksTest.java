package org.metalr.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ParallelChecksTest {

    private static final List<Integer> ITEMS = IntStream.range(0, 10).boxed().toList();

    @Test
    void resultsComeInItemOrderWhateverTheThreads() throws IOException {
        for (int threads : new int[] {1, 3, 20}) {
            Set<String> names = ConcurrentHashMap.newKeySet();
            List<String> out = ParallelChecks.each(ITEMS, threads, "numbers", i -> {
                names.add(Thread.currentThread().getName());
                return i % 3 == 0 ? null : "odd " + i;
            });
            assertThat(out).as("threads " + threads).containsExactly(null, "odd 1", "odd 2", null, "odd 4", "odd 5",
                    null, "odd 7", "odd 8", null);
            if (threads > 1) {
                assertThat(names).containsOnly("metalr-validate");
            } else {
                assertThat(names).containsExactly(Thread.currentThread().getName());
            }
        }
    }

    @Test
    void anIoFailureOfACheckIsRethrownAndOtherFailuresNameWhatWasChecked() {
        assertThatThrownBy(() -> ParallelChecks.each(ITEMS, 2, "numbers", i -> {
            if (i == 7) {
                throw new IOException("cannot read 7");
            }
            return null;
        })).isInstanceOf(IOException.class).hasMessage("cannot read 7");
        assertThatThrownBy(() -> ParallelChecks.each(ITEMS, 2, "numbers", i -> 10 / (i - 4)))
                .isInstanceOf(IllegalStateException.class).hasMessage("checking numbers failed")
                .hasCauseInstanceOf(ArithmeticException.class);
    }
}
