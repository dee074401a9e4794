package org.metalr.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.api.io.FolderLock;
import org.metalr.runs.RunFiles;
import org.metalr.runs.RunReport;

/**
 * {@code compare --worker}, {@code --parallel} and {@code --collect}: a sweep shared by worker processes
 * gives the files of a single-process sweep, every run trained once.
 */
class SweepWorkersTest {

    @TempDir
    static Path shared;

    static Path data;

    /** The single-process sweep every other is compared with. */
    static Path single;

    private static final List<String> RUNS = SmallSweep.COMPARE_RUNS;

    private final TestData.Cli cli = new TestData.Cli();

    @BeforeAll
    static void sweepInOneProcess() throws Exception {
        data = TestData.splitFolders(shared.resolve("data"), 4, 2, 2);
        single = shared.resolve("single");
        TestData.Cli cli = new TestData.Cli();
        assertThat(cli.run(compare(single))).as(cli.err()).isZero();
    }

    private static String[] compare(Path out, String... more) {
        return SmallSweep.compare(data, out, more);
    }

    @Test
    void twoWorkerProcessesFinishEveryRunOnceWithTheFilesOfOneProcess(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("workers");
        Process a = TestData.child(tmp.resolve("a"), compare(out, "--worker"));
        Process b = TestData.child(tmp.resolve("b"), compare(out, "--worker"));
        awaitBoth(a, b, () -> { });
        String logA = Files.readString(tmp.resolve("a.out"));
        String logB = Files.readString(tmp.resolve("b.out"));
        assertThat(a.exitValue()).as(logA + Files.readString(tmp.resolve("a.err"))).isZero();
        assertThat(b.exitValue()).as(logB + Files.readString(tmp.resolve("b.err"))).isZero();
        // every run trained by exactly one of them
        assertThat(trained(logA) + trained(logB)).isEqualTo(RUNS.size());
        for (String label : List.of("last, seed 0:", "last, seed 1:", "metalr, seed 0:", "metalr, seed 1:")) {
            assertThat(count(logA + logB, label + " test accuracy")).as(label).isEqualTo(1);
        }
        assertSameSweep(out);
    }

    @Test
    void twoGridWorkersGiveTheCellsAndTheGridOfOneProcess(@TempDir Path tmp) throws Exception {
        Path one = tmp.resolve("one");
        assertThat(cli.run(SmallSweep.grid(data, one))).as(cli.err()).isZero();
        Path out = tmp.resolve("workers");
        Process a = TestData.child(tmp.resolve("a"), SmallSweep.grid(data, out, "--worker"));
        Process b = TestData.child(tmp.resolve("b"), SmallSweep.grid(data, out, "--worker"));
        awaitBoth(a, b, () -> { });
        String logA = Files.readString(tmp.resolve("a.out"));
        String logB = Files.readString(tmp.resolve("b.out"));
        assertThat(a.exitValue()).as(logA + Files.readString(tmp.resolve("a.err"))).isZero();
        assertThat(b.exitValue()).as(logB + Files.readString(tmp.resolve("b.err"))).isZero();
        assertThat(trained(logA) + trained(logB)).isEqualTo(SmallSweep.GRID_RUNS.size());
        assertThat(one.resolve(GridCommand.CSV)).exists();
        SmallSweep.assertSameSweep(out, one, SmallSweep.GRID_RUNS);
    }

    @Test
    void aWorkerKilledMidRunIsReplacedAndItsRunEndsAsIfUninterrupted(@TempDir Path tmp) throws Exception {
        String[] reference = killable(tmp.resolve("reference"));
        assertThat(cli.run(reference)).as(cli.err()).isZero();
        Path out = tmp.resolve("killed");
        Process a = TestData.child(tmp.resolve("a"), killable(out, "--worker"));
        Process b = TestData.child(tmp.resolve("b"), killable(out, "--worker"));
        awaitBoth(a, b, () -> {
            awaitCheckpoint(out, a);
            new ProcessBuilder("kill", "-KILL", Long.toString(a.pid())).inheritIO().start().waitFor();
        });
        String logB = Files.readString(tmp.resolve("b.out"));
        assertThat(b.exitValue()).as(logB + Files.readString(tmp.resolve("b.err"))).isZero();
        assertThat(logB).contains("its worker died; resuming it from its last checkpoint");
        assertThat(Files.readString(out.resolve("comparison.csv")))
                .isEqualTo(Files.readString(tmp.resolve("reference").resolve("comparison.csv")));
        for (String run : List.of("last/seed-0", "last/seed-1")) {
            SmallSweep.assertSameRun(out.resolve(run), tmp.resolve("reference").resolve(run));
        }
    }

    /** Something done while the workers run. */
    @FunctionalInterface
    private interface Meanwhile {
        void run() throws Exception;
    }

    /** Does {@code meanwhile}, then waits for both workers to end (ending them if a check fails). */
    private static void awaitBoth(Process a, Process b, Meanwhile meanwhile) throws Exception {
        try {
            meanwhile.run();
            assertThat(a.waitFor(600, TimeUnit.SECONDS)).isTrue();
            assertThat(b.waitFor(600, TimeUnit.SECONDS)).isTrue();
        } finally {
            a.destroyForcibly();
            b.destroyForcibly();
        }
    }

    /** A sweep of two runs of eight epochs, long enough to kill a worker in the middle of one. */
    private static String[] killable(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("compare", "--data", data.toString(), "--model", "small-cnn", "--width",
                "4", "--image-size", "16", "--epochs", "8", "--batch-size", "4", "--eval-batch-size", "8", "--threads",
                "1", "--loader-threads", "0", "--out", out.toString(), "--methods", "last", "--seeds", "0,1"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    /** Waits until {@code p} holds a run that has a checkpoint and has not finished. */
    private static void awaitCheckpoint(Path out, Process p) throws Exception {
        for (int i = 0; i < 30000; i++) {
            for (String run : List.of("last/seed-0", "last/seed-1")) {
                Path dir = out.resolve(run);
                Path checkpoints = dir.resolve("checkpoints");
                if (FolderLock.holder(dir).map(h -> h.pid() == p.pid()).orElse(false) && Files.isDirectory(checkpoints)
                        && !(Files.exists(dir.resolve("metrics.json"))
                                && RunFiles.read(dir.resolve("metrics.json"), RunReport.class).finished())) {
                    try (Stream<Path> s = Files.list(checkpoints)) {
                        if (s.findAny().isPresent()) {
                            return;
                        }
                    }
                }
            }
            assertThat(p.isAlive()).as("the worker ended before a checkpoint was seen").isTrue();
            Thread.sleep(10);
        }
        throw new AssertionError("no checkpoint of the worker's run was seen");
    }

    @Test
    void parallelStartsLocalWorkersThenCollects(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("parallel");
        assertThat(cli.run(compare(out, "--parallel", "2"))).as(cli.out() + cli.err()).isZero();
        assertThat(cli.out()).contains("starting 2 local workers, 1 LibTorch thread(s) each")
                .contains("[worker 1] ").contains("[worker 2] ");
        assertThat(count(cli.out(), " test accuracy ")).isEqualTo(RUNS.size());
        // the parent writes and prints the comparison; its workers leave it to it
        assertThat(count(cli.out(), "| method | runs | accuracy")).as(cli.out()).isEqualTo(1);
        assertThat(count(cli.out(), "comparison.md")).as(cli.out()).isEqualTo(1);
        assertThat(cli.out()).doesNotContain("another worker writes the comparison");
        assertSameSweep(out);
        // each worker prints its runs' epochs, which a terminal's block of worker lines shows
        List<String> epochs = cli.out().lines().filter(l -> l.contains(" epoch 1/1: ")).toList();
        assertThat(epochs).hasSize(RUNS.size());
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        WorkerLines lines = new WorkerLines(1, new PrintWriter(new StringWriter()), new PrintStream(terminal, true,
                StandardCharsets.UTF_8));
        lines.line(0, epochs.get(0).substring(epochs.get(0).indexOf("] ") + 2));
        assertThat(terminal.toString(StandardCharsets.UTF_8)).matches("\\[worker 1\\] (last|metalr), seed [01]: epoch 1/1,"
                + " iteration \\d+, \\S+ (it/s|s/it)\n");
        // the recorded command is the user's, not a worker's
        JsonNode command = RunFiles.readTree(out.resolve(MethodComparison.COMMAND));
        assertThat(command.get("flags").has("--worker")).isFalse();
        assertThat(command.get("flags").has("--parallel")).isFalse();
    }

    @Test
    void collectRefusesUnfinishedRunsNamingThemThenWritesTheComparison(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("collect");
        assertThat(cli.run(compare(out, "--max-iters", "2"))).as(cli.err()).isZero();
        assertThat(cli.run(compare(out, "--collect"))).isEqualTo(2);
        assertThat(cli.err()).contains("4 run(s) of " + out + " have not finished: last/seed-0, last/seed-1,"
                + " metalr/seed-0, metalr/seed-1");
        assertThat(out.resolve("comparison.csv")).doesNotExist();

        assertThat(cli.run(compare(out, "--worker"))).as(cli.err()).isZero();
        Files.delete(out.resolve("comparison.csv"));
        assertThat(cli.run(compare(out, "--collect"))).as(cli.err()).isZero();
        assertThat(cli.out()).doesNotContain("test accuracy ");
        assertSameSweep(out);
    }

    @Test
    void modesExcludeEachOther(@TempDir Path tmp) {
        assertThat(cli.run(compare(tmp.resolve("x"), "--worker", "--collect"))).isEqualTo(2);
        assertThat(cli.err()).contains("--worker, --collect and --parallel exclude each other");
        assertThat(cli.run(compare(tmp.resolve("y"), "--leave-collect"))).isEqualTo(2);
        assertThat(cli.err()).contains("--leave-collect applies to --worker only");
    }

    @Test
    void workerArgumentsReplaceParallelAndThreads() {
        assertThat(Sweep.LocalWorkers.args(List.of("compare", "--threads", "4", "--parallel=2", "--out", "o"), "--worker",
                2))
                .containsExactly("compare", "--out", "o", "--worker", "--threads", "2");
    }

    /** The comparison and every run's files equal the single-process sweep's (timings aside). */
    private static void assertSameSweep(Path out) throws IOException {
        SmallSweep.assertSameSweep(out, single, RUNS);
    }

    private static int trained(String log) {
        Matcher m = Pattern.compile("worker done: (\\d+) run\\(s\\) trained here").matcher(log);
        assertThat(m.find()).as(log).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static int count(String text, String part) {
        return SmallSweep.count(text, part);
    }
}
