package org.metalr.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LrTrajectoryTest {

    @TempDir
    Path dir;

    private Path file(String text) throws IOException {
        return Fixtures.write(dir.resolve("lr_trajectory.csv"), text);
    }

    @Test
    void readsTheTrainersLogExactly() throws IOException {
        LrTrajectory t = LrTrajectory.read(file(Fixtures.trajectoryCsv()));
        assertThat(t.groups()).isEqualTo(Fixtures.GROUPS);
        assertThat(t.rows()).isEqualTo(Fixtures.EPOCHS * Fixtures.PER_EPOCH + 1);
        assertThat(t.lastIteration()).isEqualTo(18);
        assertThat(t.epoch(0)).isZero();
        assertThat(t.epoch(6)).isEqualTo(1);
        assertThat(t.epoch(7)).isEqualTo(2);
        // Double.toString reads back to the same double.
        assertThat(t.rate(5, 3)).isEqualTo(Fixtures.rate(5, 3));
        assertThat(t.finalRates()[9]).isEqualTo(Fixtures.rate(18, 9));
        assertThat(t.initialRates()[9]).isEqualTo(Fixtures.rate(0, 9)).isCloseTo(1e-2, within(1e-15));
        assertThat(t.epochEnds()).containsExactly(6, 12);
    }

    @Test
    void acceptsALastLineWithoutItsLineBreakAndCrLf() throws IOException {
        LrTrajectory t = LrTrajectory.read(file("iteration,epoch,a,b\r\n0,0,1.0E-3,0.01\r\n1,1,2.0E-3,0.02"));
        assertThat(t.rows()).isEqualTo(2);
        assertThat(t.rate(1, 0)).isEqualTo(2e-3);
        assertThat(t.epochEnds()).isEmpty();
    }

    @Test
    void namesFileLineAndColumnOfABadNumber() throws IOException {
        Path f = file("iteration,epoch,stem,fc\n0,0,0.001,0.01\n1,1,0.001,abc\n");
        assertThatThrownBy(() -> LrTrajectory.read(f)).isInstanceOf(RunFileException.class)
                .hasMessage(f + ": line 3, column fc: 'abc' is not a number");
    }

    @Test
    void rejectsAWrongHeader() throws IOException {
        Path f = file("step,epoch,stem\n0,0,0.1\n");
        assertThatThrownBy(() -> LrTrajectory.read(f)).isInstanceOf(RunFileException.class)
                .hasMessageStartingWith(f + ": line 1: header 'step,epoch,stem'")
                .hasMessageContaining("expected iteration,epoch,<group names>");
    }

    @Test
    void rejectsRepeatedGroups() throws IOException {
        Path f = file("iteration,epoch,fc,fc\n0,0,0.1,0.1\n");
        assertThatThrownBy(() -> LrTrajectory.read(f)).hasMessageContaining("line 1: group name 'fc' appears twice");
    }

    @Test
    void rejectsARowWithTooFewFieldsNamingItsLine() throws IOException {
        // A row cut short while being written.
        Path f = file("iteration,epoch,a,b\n0,0,0.1,0.1\n1,1,0.1");
        assertThatThrownBy(() -> LrTrajectory.read(f)).isInstanceOf(RunFileException.class)
                .hasMessage(f + ": line 3: 3 fields; expected 4 (iteration, epoch and 2 learning rates)");
    }

    @Test
    void rejectsIterationsThatSkip() throws IOException {
        Path f = file("iteration,epoch,a\n0,0,0.1\n2,1,0.1\n");
        assertThatThrownBy(() -> LrTrajectory.read(f)).hasMessage(f + ": line 3: iteration 2; expected 1");
    }

    @Test
    void rejectsEpochsThatDecrease() throws IOException {
        Path f = file("iteration,epoch,a\n0,0,0.1\n1,2,0.1\n2,1,0.1\n");
        assertThatThrownBy(() -> LrTrajectory.read(f)).hasMessageContaining("line 4: epoch 1 after epoch 2");
    }

    @Test
    void rejectsEmptyFilesHeaderOnlyFilesAndBlankLines() throws IOException {
        Path empty = file("");
        assertThatThrownBy(() -> LrTrajectory.read(empty)).hasMessage(empty + ": empty");
        Path header = file("iteration,epoch,a\n");
        assertThatThrownBy(() -> LrTrajectory.read(header)).hasMessageContaining("no rows; expected row 0");
        Path blank = file("iteration,epoch,a\n0,0,0.1\n\n1,1,0.1\n");
        assertThatThrownBy(() -> LrTrajectory.read(blank)).hasMessage(blank + ": line 3 is blank");
    }

    @Test
    void aMissingFileIsNoSuchFile() {
        assertThatThrownBy(() -> LrTrajectory.read(dir.resolve("absent.csv"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void ofChecksItsParts() {
        assertThatThrownBy(() -> LrTrajectory.of(List.of("a"), new int[] {0}, new double[][] {{1, 2}}))
                .hasMessageContaining("row 0 has 2 rates for 1 groups");
        assertThatThrownBy(() -> LrTrajectory.of(List.of("a"), new int[] {1, 0}, new double[][] {{1}, {1}}))
                .hasMessageContaining("epoch of row 1 is 0");
    }
}
