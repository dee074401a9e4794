package org.metalr.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code --parallel}'s view of its workers: a line per worker on a terminal, prefixed lines elsewhere. */
class WorkerLinesTest {

    static final String EPOCH = "metalr, seed 1 epoch 3/8: iteration 12, train loss 1.0986, validation accuracy 33.3%"
            + " (loss 1.0990), lr 1.0e-03..1.0e-02, 12.3 it/s";

    private final StringWriter console = new StringWriter();
    private final ByteArrayOutputStream terminal = new ByteArrayOutputStream();

    @Test
    void withoutATerminalEveryLineIsPrefixedAsItCame() {
        try (WorkerLines lines = new WorkerLines(2, new PrintWriter(console), null)) {
            lines.line(1, EPOCH);
            lines.line(0, "last, seed 0: test accuracy 50.0% (selected epoch 1 of 1), 0.4 s");
        }
        assertThat(console.toString()).isEqualTo("[worker 2] " + EPOCH + "\n"
                + "[worker 1] last, seed 0: test accuracy 50.0% (selected epoch 1 of 1), 0.4 s\n");
    }

    @Test
    void onATerminalEachWorkerHasOneLineRedrawnInPlace() {
        WorkerLines lines = new WorkerLines(2, new PrintWriter(console), new PrintStream(terminal, true,
                StandardCharsets.UTF_8));
        lines.line(1, EPOCH);
        assertThat(drawn()).isEqualTo("[worker 1] starting\n"
                + "[worker 2] metalr, seed 1: epoch 3/8, iteration 12, 12.3 it/s\n");
        terminal.reset();
        lines.line(0, "last, seed 0 epoch 1/8: iteration 4, train loss 1.1, validation accuracy 50.0% (loss 1.0),"
                + " lr 1.0e-02, 4.1 s/it");
        // up two lines, clear below, the block again
        assertThat(drawn()).isEqualTo("\033[2F\033[J[worker 1] last, seed 0: epoch 1/8, iteration 4, 4.1 s/it\n"
                + "[worker 2] metalr, seed 1: epoch 3/8, iteration 12, 12.3 it/s\n");
        assertThat(console.toString()).isEmpty();
        terminal.reset();
        // any other line stays above the block, which is drawn again below it
        lines.line(1, "metalr, seed 1: test accuracy 66.7% (selected epoch 8 of 8), 3.2 s");
        assertThat(console.toString()).isEqualTo("[worker 2] metalr, seed 1: test accuracy 66.7% (selected epoch 8 of 8),"
                + " 3.2 s\n");
        assertThat(drawn()).isEqualTo("\033[2F\033[J[worker 1] last, seed 0: epoch 1/8, iteration 4, 4.1 s/it\n"
                + "[worker 2] metalr, seed 1: test accuracy 66.7% (selected epoch 8 of 8), 3.2 s\n");
        terminal.reset();
        lines.close();
        assertThat(drawn()).isEqualTo("\033[2F\033[J");
    }

    @Test
    void aWorkersLineIsCutAtTheWidth() {
        assertThat(WorkerLines.slot(0, "x".repeat(200))).hasSize(Progress.COLUMNS - 1).startsWith("[worker 1] xxx");
    }

    private String drawn() {
        return terminal.toString(StandardCharsets.UTF_8);
    }
}
