package org.metalr.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.runs.RunFiles;
import org.metalr.train.method.AutoLrState;
import org.metalr.train.method.MethodState;
import org.metalr.runs.RunReport;

/**
 * A method's own state as the trainer keeps it: a JSON tree written and read back exactly (NaN
 * included), read as the method's own type, and the files written before methods kept their own state
 * ({@code autoLr} keys) still read.
 */
class MethodStateTest {

    @TempDir
    Path dir;

    private static final AutoLrState AUTO_LR = new AutoLrState(0.9306, 2, new double[] {0.1, 1.0 / 3},
            List.of(new AutoLrState.Trial(1, 1, 0.94, 0.5, false, new double[] {1, 2, Math.PI}, new double[] {1e-3, 1e-2})));

    @Test
    void ownStateRoundTripsThroughAFile() throws Exception {
        MethodState state = MethodState.of(new double[] {1e-3, 0.1 / 3}, 7, AUTO_LR);
        RunFiles.write(dir.resolve("state.json"), state);
        MethodState read = RunFiles.read(dir.resolve("state.json"), MethodState.class);
        assertThat(read.learningRates()).containsExactly(1e-3, 0.1 / 3);
        assertThat(read.iteration()).isEqualTo(7);
        assertThat(read.own(AutoLrState.class)).isEqualTo(AUTO_LR);

        MethodState none = MethodState.of(new double[] {1e-3}, 0, null);
        RunFiles.write(dir.resolve("none.json"), none);
        assertThat(RunFiles.read(dir.resolve("none.json"), MethodState.class)).isEqualTo(none);
        assertThat(none.own()).isNull();
        assertThatThrownBy(() -> none.own(AutoLrState.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds no AutoLrState");
    }

    /** A record with a NaN, as a method's state may hold before its first epoch ends. */
    record Pending(double previous, long count) {}

    @Test
    void aNaNIsWrittenAsNullAndReadBackAsNaN() {
        MethodState state = MethodState.of(new double[] {0.01}, 3, new Pending(Double.NaN, 3));
        assertThat(state.own().get("previous").isNull()).isTrue();
        assertThat(state.own(Pending.class).previous()).isNaN();
        assertThat(state.own(Pending.class).count()).isEqualTo(3);
    }

    @Test
    void filesWrittenBeforeMethodsKeptTheirOwnStateStillRead() throws Exception {
        Path old = dir.resolve("old-state.json");
        Files.writeString(old, "{\"learningRates\": [0.001, 0.01], \"iteration\": 4, \"autoLr\": "
                + RunFiles.toJson(AUTO_LR) + "}");
        assertThat(RunFiles.read(old, MethodState.class).own(AutoLrState.class)).isEqualTo(AUTO_LR);
        Files.writeString(old, "{\"learningRates\": [0.001], \"iteration\": 4, \"autoLr\": null}");
        assertThat(RunFiles.read(old, MethodState.class).own()).isNull();

        RunReport report = new RunReport(RunReport.STOPPED, null, "autolr", List.of("a"), List.of("g"),
                new boolean[] {false}, 4, 0, null, List.of(), null, null, null, Map.of("g", 0.01),
                RunFiles.toTree(AUTO_LR), 1.5);
        ObjectNode json = (ObjectNode) RunFiles.toTree(report);
        assertThat(json.has("methodState")).isTrue();
        json.set("autoLr", json.remove("methodState"));
        Files.writeString(dir.resolve("metrics.json"), json.toString());
        RunReport read = RunFiles.read(dir.resolve("metrics.json"), RunReport.class);
        assertThat(read.methodState(AutoLrState.class)).isEqualTo(AUTO_LR);
    }
}
