package org.metalr.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.runs.LrTrajectoryCsv.Row;
import org.metalr.runs.LrTrajectoryCsv.Trajectory;

/** What the report reads of {@code lr_trajectory.csv}, and how it names what is wrong with one. */
class LrTrajectoryReadTest {

    private static final List<String> GROUPS = List.of("stem", "layer1", "fc");
    private static final int EPOCHS = 3;
    private static final int PER_EPOCH = 6;

    @TempDir
    Path dir;

    private static double rate(int t, int g) {
        return 1e-3 * Math.pow(1.1, g) / (1 + 0.07 * t);
    }

    private Path file(String text) throws IOException {
        return Files.writeString(dir.resolve(LrTrajectoryCsv.FILE_NAME), text);
    }

    @Test
    void readsTheTrainersLogExactly() throws IOException {
        StringBuilder s = new StringBuilder("iteration,epoch," + String.join(",", GROUPS) + "\n");
        for (int t = 0; t <= EPOCHS * PER_EPOCH; t++) {
            s.append(t).append(',').append(t == 0 ? 0 : (t - 1) / PER_EPOCH + 1);
            for (int g = 0; g < GROUPS.size(); g++) {
                s.append(',').append(rate(t, g));
            }
            s.append('\n');
        }
        Trajectory t = LrTrajectoryCsv.read(file(s.toString()));
        assertThat(t.groups()).isEqualTo(GROUPS);
        assertThat(t.rows()).hasSize(EPOCHS * PER_EPOCH + 1);
        assertThat(t.lastIteration()).isEqualTo(18);
        assertThat(t.epoch(0)).isZero();
        assertThat(t.epoch(6)).isEqualTo(1);
        assertThat(t.epoch(7)).isEqualTo(2);
        // Double.toString reads back to the same double.
        assertThat(t.rows().get(5).rates()[2]).isEqualTo(rate(5, 2));
        assertThat(t.finalRates()[2]).isEqualTo(rate(18, 2));
        assertThat(t.initialRates()[1]).isEqualTo(rate(0, 1));
        assertThat(t.ratesOf("layer1")[7]).isEqualTo(rate(7, 1));
        assertThat(t.epochEnds()).containsExactly(6, 12);
    }

    @Test
    void acceptsCrLfButNotALastLineCutShort() throws IOException {
        Trajectory t = LrTrajectoryCsv.read(file("iteration,epoch,a,b\r\n0,0,1.0E-3,0.01\r\n1,1,2.0E-3,0.02\r\n"));
        assertThat(t.rows()).containsExactly(new Row(0, 0, new double[] {1e-3, 0.01}),
                new Row(1, 1, new double[] {2e-3, 0.02}));
        assertThat(t.epochEnds()).isEmpty();
        // the trainer ends every row with its line break: a row without one was cut while being written
        Path cut = file("iteration,epoch,a,b\n0,0,1.0E-3,0.01\n1,1,2.0E-3,0.02");
        assertThatThrownBy(() -> LrTrajectoryCsv.read(cut)).isInstanceOf(RunFileException.class)
                .hasMessage(cut + ": line 3: incomplete (no line break); the file was cut while being written");
    }

    @Test
    void namesFileLineAndColumnOfABadNumber() throws IOException {
        Path f = file("iteration,epoch,stem,fc\n0,0,0.001,0.01\n1,1,0.001,abc\n");
        assertThatThrownBy(() -> LrTrajectoryCsv.read(f)).isInstanceOf(RunFileException.class)
                .hasMessage(f + ": line 3, column fc: 'abc' is not a number");
    }

    @Test
    void rejectsAWrongHeaderAndRepeatedGroups() throws IOException {
        Path f = file("step,epoch,stem\n0,0,0.1\n");
        assertThatThrownBy(() -> LrTrajectoryCsv.read(f)).isInstanceOf(RunFileException.class)
                .hasMessageStartingWith(f + ": line 1: header 'step,epoch,stem'")
                .hasMessageContaining("expected iteration,epoch,<group names>");
        Path twice = file("iteration,epoch,fc,fc\n0,0,0.1,0.1\n");
        assertThatThrownBy(() -> LrTrajectoryCsv.read(twice)).hasMessageContaining("line 1:")
                .hasMessageContaining("'fc'");
    }

    @Test
    void rejectsARowWithTooFewFieldsNamingItsLine() throws IOException {
        Path f = file("iteration,epoch,a,b\n0,0,0.1,0.1\n1,1,0.1\n");
        assertThatThrownBy(() -> LrTrajectoryCsv.read(f)).isInstanceOf(RunFileException.class)
                .hasMessage(f + ": line 3: 3 fields; expected 4 (iteration, epoch and 2 rates)");
    }

    @Test
    void rejectsIterationsThatSkipAndEpochsThatDecrease() throws IOException {
        Path skip = file("iteration,epoch,a\n0,0,0.1\n2,1,0.1\n");
        assertThatThrownBy(() -> LrTrajectoryCsv.read(skip)).hasMessage(skip + ": line 3: iteration 2; expected 1");
        Path back = file("iteration,epoch,a\n0,0,0.1\n1,2,0.1\n2,1,0.1\n");
        assertThatThrownBy(() -> LrTrajectoryCsv.read(back)).hasMessageContaining("line 4: epoch 1 after epoch 2");
    }

    @Test
    void rejectsEmptyFilesHeaderOnlyFilesAndBlankLines() throws IOException {
        Path empty = file("");
        assertThatThrownBy(() -> LrTrajectoryCsv.read(empty)).hasMessageStartingWith(empty + ": empty");
        Path header = file("iteration,epoch,a\n");
        assertThatThrownBy(() -> LrTrajectoryCsv.read(header)).hasMessageContaining("no rows; expected row 0");
        Path blank = file("iteration,epoch,a\n0,0,0.1\n\n1,1,0.1\n");
        assertThatThrownBy(() -> LrTrajectoryCsv.read(blank)).hasMessage(blank + ": line 3 is blank");
    }

    @Test
    void aMissingFileIsNoSuchFile() {
        assertThatThrownBy(() -> LrTrajectoryCsv.read(dir.resolve("absent.csv"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aTrajectoryChecksItsParts() {
        assertThatThrownBy(() -> new Trajectory(List.of("a"), List.of(new Row(0, 0, new double[] {1, 2}))))
                .hasMessageContaining("row 0");
        assertThatThrownBy(() -> new Trajectory(List.of("a"), List.of())).hasMessageContaining("no rows");
    }
}
