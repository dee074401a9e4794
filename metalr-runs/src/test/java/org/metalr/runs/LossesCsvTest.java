package org.metalr.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LossesCsvTest {

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void readsLossesAndEmptyValidationAsNaN() throws IOException {
        LossesCsv.History h = LossesCsv.read(file(LossesCsv.FILE_NAME,
                "iteration,epoch,train_loss,validation_loss\n1,1,0.75,\n2,1,0.5,0.625\n"));
        assertThat(h.size()).isEqualTo(2);
        assertThat(h.iterations()).containsExactly(1, 2);
        assertThat(h.trainLoss()).containsExactly(0.75, 0.5);
        assertThat(h.validationLoss()[0]).isNaN();
        assertThat(h.validationLoss()[1]).isEqualTo(0.625);
        assertThat(h.hasValidationLoss()).isTrue();
    }

    @Test
    void whatTheWriterWritesReadsBackAndResumeCutsAfterTheCheckpoint() throws IOException {
        Path f = dir.resolve(LossesCsv.FILE_NAME);
        try (LossesCsv log = LossesCsv.create(f)) {
            for (int t = 1; t <= 5; t++) {
                log.append(t, 1 + (t - 1) / 3, 1.0 / (1 + 0.1 * t), Double.NaN);
            }
        }
        String whole = Files.readString(f);
        LossesCsv.History h = LossesCsv.read(f);
        assertThat(h.size()).isEqualTo(5);
        assertThat(h.trainLoss()[4]).isEqualTo(1.0 / 1.5);
        assertThat(h.hasValidationLoss()).isFalse();
        try (LossesCsv log = LossesCsv.resume(f, 3)) {
            assertThat(LossesCsv.read(f).size()).isEqualTo(3);
            for (int t = 4; t <= 5; t++) {
                log.append(t, 1 + (t - 1) / 3, 1.0 / (1 + 0.1 * t), Double.NaN);
            }
        }
        assertThat(Files.readString(f)).isEqualTo(whole);
    }

    @Test
    void malformedFilesAreNamedWithTheirLine() throws IOException {
        Path header = file("a.csv", "iteration,loss\n1,0.5\n");
        assertThatThrownBy(() -> LossesCsv.read(header)).isInstanceOf(RunFileException.class)
                .hasMessageStartingWith(header + ": line 1: header 'iteration,loss'");
        Path number = file("b.csv", "iteration,epoch,train_loss,validation_loss\n1,1,x,\n");
        assertThatThrownBy(() -> LossesCsv.read(number))
                .hasMessage(number + ": line 2, column train_loss: 'x' is not a number");
        Path order = file("c.csv", "iteration,epoch,train_loss,validation_loss\n2,1,1,\n2,1,1,\n");
        assertThatThrownBy(() -> LossesCsv.read(order)).hasMessageContaining("line 3: iteration 2 after 2");
    }
}
