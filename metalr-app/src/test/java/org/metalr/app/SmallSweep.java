package org.metalr.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.metalr.runs.RunFiles;

/**
 * The small sweeps the sweep-worker tests run (small-cnn of width 4 at 16 pixels, one epoch, one LibTorch
 * thread) and the check that two sweeps wrote the same files.
 */
final class SmallSweep {

    /** The runs of {@link #compare}. */
    static final List<String> COMPARE_RUNS = List.of("last/seed-0", "last/seed-1", "metalr/seed-0", "metalr/seed-1");

    /** The runs of {@link #grid}: small-cnn's four groups give six settings. */
    static final List<String> GRID_RUNS = List.of("bidir_1-1/seed-0", "bidir_1-2/seed-0", "bidir_1-3/seed-0",
            "bidir_2-2/seed-0", "bidir_2-3/seed-0", "bidir_3-3/seed-0");

    private SmallSweep() {}

    /** {@code compare} of last and metalr x seeds 0 and 1 on {@code data} into {@code out}, then {@code more}. */
    static String[] compare(Path data, Path out, String... more) {
        return command("compare", data, out, List.of("--methods", "last,metalr", "--seeds", "0,1"), more);
    }

    /** {@code grid} with seed 0 on {@code data} into {@code out}, then {@code more}. */
    static String[] grid(Path data, Path out, String... more) {
        return command("grid", data, out, List.of("--seeds", "0"), more);
    }

    private static String[] command(String name, Path data, Path out, List<String> sweep, String... more) {
        List<String> a = new ArrayList<>(List.of(name, "--data", data.toString(), "--model", "small-cnn", "--width",
                "4", "--image-size", "16", "--epochs", "1", "--batch-size", "4", "--eval-batch-size", "8", "--threads",
                "1", "--loader-threads", "0", "--out", out.toString()));
        a.addAll(sweep);
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    /**
     * The comparison's tables (and the grid's, if {@code single} has one) and every run's files equal those
     * of the single-process sweep {@code single} (timings aside).
     */
    static void assertSameSweep(Path out, Path single, List<String> runs) throws IOException {
        for (String table : List.of("comparison.csv", GridCommand.CSV)) {
            if (Files.exists(single.resolve(table)) || table.equals("comparison.csv")) {
                assertThat(Files.readString(out.resolve(table))).as(table)
                        .isEqualTo(Files.readString(single.resolve(table)));
            }
        }
        assertThat(Files.readString(out.resolve("comparison.md")))
                .isEqualTo(Files.readString(single.resolve("comparison.md")).replace(single.toString(), out.toString()));
        for (String run : runs) {
            assertSameRun(out.resolve(run), single.resolve(run));
        }
    }

    /** A run's files equal another's (timings aside). */
    static void assertSameRun(Path mine, Path theirs) throws IOException {
        String run = mine.toString();
        for (String file : List.of("lr_trajectory.csv", "metrics.csv")) {
            assertThat(Files.readString(mine.resolve(file))).as(run + "/" + file)
                    .isEqualTo(Files.readString(theirs.resolve(file)));
        }
        assertThat(withoutTimes(mine.resolve("metrics.json"))).as(run)
                .isEqualTo(withoutTimes(theirs.resolve("metrics.json")));
        assertThat(files(mine)).as(run).isEqualTo(files(theirs));
    }

    private static JsonNode withoutTimes(Path metrics) throws IOException {
        ObjectNode json = (ObjectNode) RunFiles.readTree(metrics);
        json.remove(List.of("seconds", "secondsPerEpoch", "epochSeconds"));
        return json;
    }

    /** The run folder's files, relative, sorted, without TensorBoard's (named by time and process). */
    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString())
                    .filter(p -> !p.startsWith("tensorboard")).sorted().toList();
        }
    }

    /** How often {@code part} occurs in {@code text}. */
    static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
