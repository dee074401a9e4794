package org.metalr.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LossHistoryTest {

    @TempDir
    Path dir;

    @Test
    void readsLossesAndEmptyValidationAsNaN() throws IOException {
        Path f = Fixtures.write(dir.resolve("losses.csv"),
                "iteration,epoch,train_loss,validation_loss\n1,1,0.75,\n2,1,0.5,0.625\n");
        LossHistory h = LossHistory.read(f);
        assertThat(h.size()).isEqualTo(2);
        assertThat(h.iterations()).containsExactly(1, 2);
        assertThat(h.trainLoss()).containsExactly(0.75, 0.5);
        assertThat(h.validationLoss()[0]).isNaN();
        assertThat(h.validationLoss()[1]).isEqualTo(0.625);
        assertThat(h.hasValidationLoss()).isTrue();
    }

    @Test
    void aPlainMethodHasNoValidationLoss() throws IOException {
        LossHistory h = LossHistory.read(Fixtures.write(dir.resolve("losses.csv"), Fixtures.lossesCsv(false)));
        assertThat(h.size()).isEqualTo(18);
        assertThat(h.hasValidationLoss()).isFalse();
    }

    @Test
    void malformedFilesAreNamedWithTheirLine() throws IOException {
        Path header = Fixtures.write(dir.resolve("a.csv"), "iteration,loss\n1,0.5\n");
        assertThatThrownBy(() -> LossHistory.read(header)).isInstanceOf(RunFileException.class)
                .hasMessageStartingWith(header + ": line 1: header 'iteration,loss'");
        Path number = Fixtures.write(dir.resolve("b.csv"), "iteration,epoch,train_loss,validation_loss\n1,1,x,\n");
        assertThatThrownBy(() -> LossHistory.read(number))
                .hasMessage(number + ": line 2, column train_loss: 'x' is not a number");
        Path order = Fixtures.write(dir.resolve("c.csv"), "iteration,epoch,train_loss,validation_loss\n2,1,1,\n2,1,1,\n");
        assertThatThrownBy(() -> LossHistory.read(order)).hasMessageContaining("line 3: iteration 2 after 2");
    }
}
