package org.metalr.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.runs.LrTrajectoryCsv.Row;
import org.metalr.runs.LrTrajectoryCsv.Trajectory;

class LrTrajectoryCsvTest {

    private static final List<String> GROUPS = List.of("conv1", "layer1.0", "fc");

    @TempDir
    Path dir;

    /** Rates that print long: products of decimal fractions, subnormals, values one ulp apart. */
    private static double[] rates(int t) {
        return new double[] {1e-4 * Math.pow(1.0137, t), Math.nextUp(0.001 * (t + 1) / 3), t == 3 ? Double.MIN_VALUE : 0.1 * t};
    }

    private void writeRun(Path file, int iterations) throws IOException {
        try (LrTrajectoryCsv log = LrTrajectoryCsv.create(file, GROUPS, rates(0))) {
            for (int t = 1; t <= iterations; t++) {
                log.append(t, 1 + (t - 1) / 4, rates(t));
            }
        }
    }

    @Test
    void headerAndRowsAreLaidOutAsSpecified() throws IOException {
        Path file = dir.resolve(LrTrajectoryCsv.FILE_NAME);
        try (LrTrajectoryCsv log = LrTrajectoryCsv.create(file, GROUPS, new double[] {1e-4, 1e-4, 0.001})) {
            log.append(1, 1, new double[] {1.5e-4, 0.1, 0.01});
            assertThat(log.last()).isEqualTo(new Row(1, 1, new double[] {1.5e-4, 0.1, 0.01}));
        }
        assertThat(Files.readString(file)).isEqualTo(
                "iteration,epoch,conv1,layer1.0,fc\n"
                        + "0,0,1.0E-4,1.0E-4,0.001\n"
                        + "1,1,1.5E-4,0.1,0.01\n");
    }

    @Test
    void valuesReadBackBitForBit() throws IOException {
        Path file = dir.resolve(LrTrajectoryCsv.FILE_NAME);
        writeRun(file, 10);
        Trajectory read = LrTrajectoryCsv.read(file);
        assertThat(read.groups()).isEqualTo(GROUPS);
        assertThat(read.rows()).hasSize(11);
        for (int t = 0; t <= 10; t++) {
            Row row = read.rows().get(t);
            assertThat(row.iteration()).isEqualTo(t);
            assertThat(row.epoch()).isEqualTo(t == 0 ? 0 : 1 + (t - 1) / 4);
            double[] expected = rates(t);
            for (int g = 0; g < expected.length; g++) {
                assertThat(Double.doubleToRawLongBits(row.rates()[g])).isEqualTo(Double.doubleToRawLongBits(expected[g]));
            }
        }
        assertThat(read.ratesOf("fc")[3]).isEqualTo(Double.MIN_VALUE);
    }

    @Test
    void resumingCutsTheRowsAfterTheCheckpointAndContinuesTheFileExactly() throws IOException {
        Path whole = dir.resolve("whole.csv");
        writeRun(whole, 12);

        Path interrupted = dir.resolve("interrupted.csv");
        writeRun(interrupted, 9);                         // ran to 9, last checkpoint at 6
        Files.writeString(interrupted, Files.readString(interrupted) + "10,3,0.0001", java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        try (LrTrajectoryCsv log = LrTrajectoryCsv.resume(interrupted, GROUPS, 6)) {
            assertThat(log.last()).isEqualTo(new Row(6, 2, rates(6)));
            assertThat(LrTrajectoryCsv.read(interrupted).rows()).hasSize(7);
            for (int t = 7; t <= 12; t++) {
                log.append(t, 1 + (t - 1) / 4, rates(t));
            }
        }
        assertThat(Files.readAllBytes(interrupted)).isEqualTo(Files.readAllBytes(whole));
    }

    @Test
    void resumingAtTheLastRowOrAtRowZeroWorks() throws IOException {
        Path file = dir.resolve("lr.csv");
        writeRun(file, 3);
        long size = Files.size(file);
        LrTrajectoryCsv.resume(file, GROUPS, 3).close();
        assertThat(Files.size(file)).isEqualTo(size);
        LrTrajectoryCsv.resume(file, GROUPS, 0).close();
        assertThat(LrTrajectoryCsv.read(file).rows()).containsExactly(new Row(0, 0, rates(0)));
    }

    @Test
    void resumingChecksTheLogAgainstTheRun() throws IOException {
        Path file = dir.resolve("lr.csv");
        writeRun(file, 3);
        assertThatThrownBy(() -> LrTrajectoryCsv.resume(file, GROUPS, 5))
                .isInstanceOf(RunFileException.class)
                .hasMessageContaining("lr.csv").hasMessageContaining("ends at iteration 3").hasMessageContaining("after iteration 5");
        assertThatThrownBy(() -> LrTrajectoryCsv.resume(file, List.of("conv1", "fc"), 2))
                .isInstanceOf(RunFileException.class).hasMessageContaining("groups [conv1, layer1.0, fc] differ");
        assertThat(LrTrajectoryCsv.read(file).rows()).hasSize(4);
    }

    @Test
    void appendsMustFollowOnAndFitTheGroups() throws IOException {
        try (LrTrajectoryCsv log = LrTrajectoryCsv.create(dir.resolve("lr.csv"), GROUPS, rates(0))) {
            assertThatThrownBy(() -> log.append(2, 1, rates(2))).hasMessageContaining("iteration 2 does not follow the last row's 0");
            assertThatThrownBy(() -> log.append(1, 1, new double[] {1, 2})).hasMessageContaining("2 learning rates for 3 groups");
            assertThatThrownBy(() -> log.append(1, -1, rates(1))).hasMessageContaining("epoch must be non-negative");
            log.close();
            assertThatThrownBy(() -> log.append(1, 1, rates(1))).isInstanceOf(IllegalStateException.class);
        }
        assertThatThrownBy(() -> LrTrajectoryCsv.create(dir.resolve("x.csv"), List.of("a", "a"), new double[2]))
                .hasMessageContaining("'a' appears twice");
        assertThatThrownBy(() -> LrTrajectoryCsv.create(dir.resolve("x.csv"), List.of("a,b"), new double[1]))
                .hasMessageContaining("'a,b' is not a CSV column name");
    }

    @Test
    void malformedLogsAreReportedWithFileAndLine() throws IOException {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, "iter,epoch,a\n0,0,1\n");
        assertThatThrownBy(() -> LrTrajectoryCsv.read(file)).isInstanceOf(RunFileException.class)
                .hasMessageContaining("bad.csv: line 1: header 'iter,epoch,a'");
        Files.writeString(file, "iteration,epoch,a\n0,0,1\n1,1,abc\n");
        assertThatThrownBy(() -> LrTrajectoryCsv.read(file)).hasMessageContaining("bad.csv: line 3, column a: 'abc' is not a number");
        Files.writeString(file, "iteration,epoch,a\n0,0,1\n2,1,1\n");
        assertThatThrownBy(() -> LrTrajectoryCsv.read(file)).hasMessageContaining("line 3: iteration 2; expected 1");
        Files.writeString(file, "iteration,epoch,a\n0,0,1,5\n");
        assertThatThrownBy(() -> LrTrajectoryCsv.read(file)).hasMessageContaining("line 2: 4 fields; expected 3");
        Files.writeString(file, "iteration,epoch,a\n0,0,1\n1,1,0.0");
        assertThatThrownBy(() -> LrTrajectoryCsv.read(file)).hasMessageContaining("line 3: incomplete");
        Files.writeString(file, "iteration,epoch,a\n");
        assertThatThrownBy(() -> LrTrajectoryCsv.read(file)).hasMessageContaining("no rows");
        Files.writeString(file, "");
        assertThatThrownBy(() -> LrTrajectoryCsv.read(file)).hasMessageContaining("empty");
    }
}
