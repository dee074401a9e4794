package org.metalr.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.metalr.api.io.AtomicFiles;
import org.metalr.api.io.FolderLock;
import org.metalr.runs.RunFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The bad-input corpus of the reliability issue as tests of the command: each case reproduces a way a
 * new user's input or a fault went wrong (two writers in one folder, a stray file after a resume, bad
 * data found after the run started, a batch of one, a leaking manifest, a changed dataset on resume,
 * messages that pointed the wrong way, signals) and checks the command's answer; and the families of
 * failures with their exit codes (user input 2, the environment 1, an internal error 1). Small generated
 * data: 16x16 images, a small CNN of width 4.
 */
class BadInputCorpusTest {

    @TempDir
    static Path shared;

    /** 6 training, 2 validation, 2 test images per class, 3 classes. */
    static Path data;

    private final TestData.Cli cli = new TestData.Cli();

    @BeforeAll
    static void writeData() throws Exception {
        data = TestData.splitFolders(shared.resolve("data"), 6, 2, 2);
    }

    private static String[] args(Path dataDir, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("finetune", "--data", dataDir.toString(), "--model", "small-cnn",
                "--width", "4", "--image-size", "16", "--epochs", "2", "--batch-size", "4", "--eval-batch-size", "8",
                "--threads", "1", "--loader-threads", "0", "--out", out.toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    /** Fine-tuning the 3D U-Net of width 2 on the LiTS cases in {@code lits}, crops of {@code crop}, into {@code out}. */
    private static String[] litsArgs(Path lits, Path out, String crop) {
        return new String[] {"finetune", "--dataset", "lits", "--data", lits.toString(), "--model", "unet3d", "--width",
            "2", "--crop", crop, "--crops-per-case", "2", "--epochs", "1", "--batch-size", "2", "--threads", "1",
            "--loader-threads", "0", "--out", out.toString()};
    }

    private static String[] args(Path out, String... more) {
        return args(data, out, more);
    }

    /** A copy of the shared data to damage. */
    private static Path copyOfData(Path tmp) throws IOException {
        Path copy = tmp.resolve("data");
        try (Stream<Path> files = Files.walk(data)) {
            for (Path f : files.toList()) {
                Path to = copy.resolve(data.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        return copy;
    }

    // 1. Two writers in one run folder.

    @Test
    void aSecondWriterIsRefusedAtOnceNamingTheHolderAndTheSurvivorEqualsALoneRun(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        String[] command = args(run, "--epochs", "30");
        Process first = TestData.child(tmp.resolve("first"), command);
        try {
            awaitHolder(run, first);
            assertThat(cli.run(command)).as(cli.err()).isEqualTo(2);
            assertThat(cli.err().strip()).startsWith("metalr: " + run + " is in use by another metalr process (pid "
                    + first.pid() + " on host ");
            assertThat(cli.err().strip().lines()).hasSize(1);
            assertThat(first.waitFor(300, TimeUnit.SECONDS)).isTrue();
            assertThat(first.exitValue()).as(Files.readString(tmp.resolve("first.err"))).isZero();
        } finally {
            first.destroyForcibly();
        }
        assertSameRun(run, loneRun());
    }

    // 2. No stray file after a resume.

    @Test
    void aStoppedAndResumedRunLeavesTheListingOfAnUninterruptedOne(@TempDir Path tmp) throws Exception {
        Path whole = tmp.resolve("whole");
        Path parts = tmp.resolve("parts");
        assertThat(cli.run(args(whole))).as(cli.err()).isZero();
        assertThat(cli.run(args(parts, "--max-iters", "3"))).as(cli.err()).isZero();
        assertThat(cli.run(args(parts, "--resume"))).as(cli.err()).isZero();
        assertThat(listing(parts)).isEqualTo(listing(whole)).noneMatch(f -> f.endsWith(".tmp"));
        assertSameRun(parts, whole);
    }

    // 3. Bad data is refused before the run folder exists.

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"empty", "text", "truncated", "cmyk", "bomb", "dangling-link"})
    void aBadImageAnywhereIsRefusedBeforeTheRunFolderExists(String kind, @TempDir Path tmp) throws Exception {
        Path copy = copyOfData(tmp);
        Path bad = copy.resolve("test/b/" + (kind.equals("cmyk") ? "img_01.jpg" : "img_01.png"));
        Files.delete(copy.resolve("test/b/img_01.png"));
        switch (kind) {
            case "empty" -> Files.write(bad, new byte[0]);
            case "text" -> Files.writeString(bad, "<html>not an image</html>");
            case "truncated" -> Files.write(bad, Arrays.copyOf(Files.readAllBytes(data.resolve("test/b/img_01.png")), 60));
            case "cmyk" -> Files.write(bad, cmykJpeg());
            case "bomb" -> Files.write(bad, png(60_000, 60_000, new byte[] {0x78, (byte) 0x9C, 0x03, 0, 0, 0, 0, 1}));
            case "dangling-link" -> Files.createSymbolicLink(bad, tmp.resolve("gone.png"));
            default -> throw new IllegalStateException(kind);
        }
        Path run = tmp.resolve("run");
        assertThat(cli.run(args(copy, run))).as(cli.out()).isEqualTo(2);
        assertThat(cli.err().strip()).startsWith("metalr: " + bad + ": ").doesNotContain("\n");
        assertThat(run).doesNotExist();
    }

    @Test
    void aTruncatedLitsTestVolumeIsRefusedBeforeTheRunFolderExists(@TempDir Path tmp) throws Exception {
        Path lits = tmp.resolve("lits");
        LitsCommandTest.writeCases(lits);
        Path run = tmp.resolve("run");
        String[] command = litsArgs(lits, run, "16,16,8");
        Path test = org.metalr.data.layout.DatasetLayouts.registry().named("lits").open(
                org.metalr.data.layout.DataRequest.builder().data(lits).build()) instanceof
                org.metalr.data.volume.LitsDataset d ? d.splits().test().get(0).volume() : null;
        assertThat(test).isNotNull();
        byte[] whole = Files.readAllBytes(test);
        Files.write(test, Arrays.copyOf(whole, whole.length * 3 / 4));
        assertThat(cli.run(command)).as(cli.out()).isEqualTo(2);
        assertThat(cli.err().strip()).startsWith("metalr: " + test + ": truncated or corrupt gzip data");
        assertThat(run).doesNotExist();
    }

    @Test
    void anImageThatFailsToDecodeMarksTheRunFailedAndTheSameCommandThenStartsAfresh(@TempDir Path tmp)
            throws Exception {
        Path copy = copyOfData(tmp);
        Path bad = copy.resolve("train/a/img_00.png");
        byte[] good = Files.readAllBytes(bad);
        // Headers and chunk checksums right, the compressed pixels not: only decoding finds it.
        Files.write(bad, png(16, 16, new byte[] {0x78, (byte) 0x9C, 0x12, 0x34, 0x56, 0x78, 0x00, 0x01}));
        Path run = tmp.resolve("run");
        assertThat(cli.run(args(copy, run, "--no-shuffle"))).as(cli.out()).isEqualTo(2);
        assertThat(cli.err().strip()).startsWith("metalr: " + bad + ": ").doesNotContain("\n");
        JsonNode metrics = RunFiles.readTree(run.resolve("metrics.json"));
        assertThat(metrics.get("status").asText()).isEqualTo("failed");
        assertThat(metrics.get("message").asText()).startsWith(bad + ": ");

        Files.write(bad, good);
        assertThat(cli.run(args(copy, run, "--no-shuffle"))).as(cli.err()).isZero();
        assertThat(RunFiles.readTree(run.resolve("metrics.json")).get("status").asText()).isEqualTo("finished");
    }

    // 4. No batch of one in training mode.

    @Test
    void aLastBatchOfOneIsDroppedAndABatchSizeOfOneRefused(@TempDir Path tmp) throws Exception {
        Path nine = TestData.splitFolders(tmp.resolve("nine"), 3, 3, 1); // 9 training, 9 validation images
        Path run = tmp.resolve("run");
        assertThat(cli.run(args(nine, run, "--epochs", "3"))).as(cli.err()).isZero();
        assertThat(RunFiles.readTree(run.resolve("metrics.json")).get("iterations").asLong()).isEqualTo(3 * 2);

        Path one = tmp.resolve("one");
        assertThat(cli.run(args(nine, one, "--batch-size", "1"))).isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("metalr: invalid setting 'batch-size': must be at least 2, got 1: a"
                + " batch of one has no batch statistics, which BatchNorm needs in training mode");
        assertThat(one).doesNotExist();
    }

    // 5. Manifests cannot leak.

    @Test
    void aManifestWithTheSameImageInTrainAndTestIsRefusedBeforeTheRunFolderExists(@TempDir Path tmp) throws Exception {
        Path copy = copyOfData(tmp);
        StringBuilder rows = new StringBuilder("path,label,split\n");
        for (String split : List.of("train", "val", "test")) {
            for (String c : TestData.CLASSES) {
                for (int i = 0; i < 2; i++) {
                    rows.append(split + "/" + c + "/img_0" + i + ".png," + c + "," + split + "\n");
                }
            }
        }
        rows.append("./train/a/img_00.png,a,test\n"); // line 20: line 2's image under another spelling
        Path csv = Files.writeString(copy.resolve("m.csv"), rows.toString());
        Path run = tmp.resolve("run");
        String[] command = {"finetune", "--dataset", "manifest", "--data", csv.toString(), "--model", "small-cnn",
            "--width", "4", "--image-size", "16", "--epochs", "1", "--batch-size", "4", "--threads", "1",
            "--loader-threads", "0", "--out", run.toString()};
        assertThat(cli.run(command)).isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("metalr: " + csv + ": lines 2 and 20 both list ./train/a/img_00.png, in"
                + " two splits (train and test): an image must not be both trained and tested on");
        assertThat(run).doesNotExist();
    }

    // 6. Resume refuses a changed dataset.

    @Test
    void resumeRefusesAChangedDataFolderNamingTheFile(@TempDir Path tmp) throws Exception {
        Path copy = copyOfData(tmp);
        Path run = tmp.resolve("run");
        assertThat(cli.run(args(copy, run, "--max-iters", "3"))).as(cli.err()).isZero();
        String config = Files.readString(run.resolve("config.json"));
        assertThat(RunFiles.readTree(run.resolve("config.json")).at("/data/fingerprint")).hasSize(30);

        Path changed = copy.resolve("train/b/img_03.png");
        TestData.image(changed, 1, 424242);
        assertThat(cli.run(args(copy, run, "--resume"))).isEqualTo(2);
        assertThat(cli.err().strip()).startsWith("metalr: invalid setting 'data': the dataset changed since the run in "
                + run + " started: train file " + changed + " was ").contains("; resume on the data it started with");
        assertThat(Files.readString(run.resolve("config.json"))).isEqualTo(config);

        Files.delete(changed);
        assertThat(cli.run(args(copy, run, "--resume"))).isEqualTo(2);
        assertThat(cli.err()).contains("the dataset changed");
    }

    // 7. Messages that pointed the wrong way or said nothing.

    @Test
    void outNamingAFileSaysSo(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("taken"), "x");
        assertThat(cli.run(args(file))).isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("metalr: --out " + file + " is a file; --out names the run folder");
        assertThat(cli.run("compare", "--data", data.toString(), "--model", "small-cnn", "--width", "4",
                "--image-size", "16", "--methods", "last", "--seeds", "0", "--out", file.toString())).isEqualTo(2);
        assertThat(cli.err().strip()).contains(file.toString()).contains("is a file");
    }

    @Test
    void aMissingDataFolderIsTheUsersInput(@TempDir Path tmp) throws Exception {
        Path none = tmp.resolve("none");
        Path run = tmp.resolve("run");
        assertThat(cli.run(args(none, run))).isEqualTo(2);
        assertThat(cli.err().strip()).startsWith("metalr: ").contains(none.toString()).doesNotContain("\n");
        assertThat(run).doesNotExist();
    }

    @Test
    void aCropTheModelCannotTakeNamesTheCropFlag(@TempDir Path tmp) throws Exception {
        Path lits = tmp.resolve("lits");
        LitsCommandTest.writeCases(lits);
        Path run = tmp.resolve("run");
        assertThat(cli.run(litsArgs(lits, run, "15,15,7"))).isEqualTo(2);
        assertThat(cli.err().strip()).startsWith("metalr: invalid setting 'crop': 'unet3d' ").doesNotContain("crop-size");
        assertThat(run).doesNotExist();
    }

    @Test
    void aRejectedCompareLeavesNoFolderBehind(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("cmp");
        String[] bad = {"compare", "--data", data.toString(), "--model", "small-cnn", "--width", "4", "--image-size",
            "16", "--epochs", "1", "--batch-size", "4", "--threads", "1", "--loader-threads", "0", "--methods",
            "last,nosuch", "--seeds", "0", "--out", out.toString()};
        assertThat(cli.run(bad)).isEqualTo(2);
        assertThat(out.resolve("command.json")).doesNotExist();
        bad[bad.length - 5] = "last";
        assertThat(cli.run(bad)).as(cli.err()).isZero();
    }

    @Test
    void nanInLoadedWeightsIsRefusedNamingTheTensor(@TempDir Path tmp) throws Exception {
        org.metalr.api.net.Network net = org.metalr.models.SmallCnn.network(3, 4, 3);
        java.util.Map<String, org.metalr.api.HostTensor> state = new java.util.LinkedHashMap<>(
                org.metalr.models.Initializers.kaiming(net, 7));
        org.metalr.api.HostTensor w = state.get("fc.weight");
        float[] values = w.toFloatArray();
        values[3] = Float.NaN;
        state.put("fc.weight", org.metalr.api.HostTensor.of(values, w.shape()));
        Path weights = tmp.resolve("nan.safetensors");
        org.metalr.models.Weights.save(weights, net, state);
        Path run = tmp.resolve("run");
        assertThat(cli.run(args(run, "--weights", weights.toString()))).isEqualTo(2);
        assertThat(cli.err().strip()).contains(weights.toString()).contains("fc.weight")
                .contains("holds NaN or infinite values").doesNotContain("learning rate");
        assertThat(run).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"TERM, 143", "INT, 130"})
    void aSignalStopsTheRunWithACheckpointAndTheResumedRunEqualsAnUninterruptedOne(String signal, int code,
            @TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        String[] command = args(run, "--epochs", "30");
        Process p = signalledChild(tmp.resolve("child"), command, "epoch 1/30", signal); // after a checkpoint
        List<String> err = Files.readAllLines(tmp.resolve("child.err"));
        assertThat(p.exitValue()).as(String.join("\n", err)).isEqualTo(code);
        // LibTorch's own warnings at load aside, the command says one line, its last
        assertThat(err.stream().filter(l -> l.startsWith("metalr"))).hasSize(1);
        assertThat(err.get(err.size() - 1)).startsWith("metalr: SIG" + signal + " stopped the run in " + run + " after iteration ")
                .endsWith("; continue it with the same command and --resume");
        JsonNode metrics = RunFiles.readTree(run.resolve("metrics.json"));
        assertThat(metrics.get("status").asText()).isEqualTo("interrupted");
        assertThat(listing(run)).noneMatch(f -> f.contains(".partial-") || f.endsWith(".tmp"));

        assertThat(cli.run(concat(command, "--resume"))).as(cli.err()).isZero();
        assertSameRun(run, loneRun());
    }

    // Pinned: a run killed at any point (kill -9) resumes from its last checkpoint to the files of a run never
    // stopped; the dead holder's lock is taken over.

    @Test
    void aKilledRunResumesToTheFilesOfAnUninterruptedOne(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        String[] command = args(run, "--epochs", "30");
        Process p = signalledChild(tmp.resolve("child"), command, "epoch 2/30", "KILL"); // no handler runs
        assertThat(FolderLock.holder(run)).get().extracting(FolderLock.Holder::pid).isEqualTo(p.pid());
        assertThat(cli.run(concat(command, "--resume"))).as(cli.err()).isZero();
        assertThat(cli.out()).contains("resuming");
        assertSameRun(run, loneRun());
        assertThat(listing(run)).isEqualTo(listing(loneRun()));
    }

    // Exit codes by family.

    @Test
    void aFullDiskIsTheEnvironmentExitOneNamingThePathAndTheCause(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        try (AutoCloseable full = AtomicFiles.simulateFullDisk(run)) {
            assertThat(cli.run(args(run))).isEqualTo(1);
        }
        assertThat(cli.err().strip()).isEqualTo("metalr: cannot write " + run.resolve("config.json")
                + ": No space left on device");
    }

    @Test
    void anInternalErrorExitsOneWithOneLineAndTheStackTraceOnlyWhenVerbose() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main()).addSubcommand("explode", new Explode());
        assertThat(Main.execute(cli, new PrintWriter(out), new PrintWriter(err, true), "explode")).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("metalr: internal error: a bug (run again with --verbose for the"
                + " stack trace)");
        StringWriter verbose = new StringWriter();
        CommandLine again = new CommandLine(new Main()).addSubcommand("explode", new Explode());
        assertThat(Main.execute(again, new PrintWriter(out), new PrintWriter(verbose, true), "--verbose", "explode"))
                .isEqualTo(1);
        assertThat(verbose.toString()).contains("java.lang.IllegalStateException: a bug").contains("at org.metalr.app.");
    }

    /** A command with a programming error. */
    @Command(name = "explode")
    static final class Explode implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("a bug");
        }
    }

    // Helpers.

    private static Path lone;

    /** One uninterrupted 30-epoch run on the shared data: the reference of the runs stopped here. */
    private Path loneRun() {
        if (lone == null) {
            Path dir = shared.resolve("lone");
            assertThat(cli.run(args(dir, "--epochs", "30"))).as(cli.err()).isZero();
            lone = dir;
        }
        return lone;
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * The command in a child JVM ({@link #child}), sent {@code signal} ("TERM", "INT", "KILL") once it has
     * written a line containing {@code line}; returns the process after it ended.
     */
    private static Process signalledChild(Path log, String[] command, String line, String signal) throws Exception {
        Process p = TestData.child(log, command);
        try {
            awaitLine(Path.of(log + ".out"), line, p);
            new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start().waitFor();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            return p;
        } finally {
            p.destroyForcibly();
        }
    }

    /** Waits until {@code p} holds {@code run}'s lock. */
    private static void awaitHolder(Path run, Process p) throws Exception {
        for (int i = 0; i < 6000; i++) {
            if (FolderLock.holder(run).map(h -> h.pid() == p.pid()).orElse(false)) {
                return;
            }
            assertThat(p.isAlive()).as("the child ended before taking the lock").isTrue();
            Thread.sleep(50);
        }
        throw new AssertionError("the child never took the lock");
    }

    /** Waits until {@code p} has written a line containing {@code text} to {@code file}. */
    private static void awaitLine(Path file, String text, Process p) throws Exception {
        for (int i = 0; i < 6000; i++) {
            if (Files.exists(file) && Files.readString(file).contains(text)) {
                return;
            }
            assertThat(p.isAlive()).as("the child ended before writing '" + text + "'").isTrue();
            Thread.sleep(20);
        }
        throw new AssertionError("the child never wrote '" + text + "'");
    }

    /** The files under {@code dir}, relative, sorted. */
    /**
     * The folder's files, sorted; a TensorBoard event file is named by its time, host and process
     * (TensorBoard's convention), so only its place in the listing counts.
     */
    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.map(f -> dir.relativize(f).toString())
                    .map(f -> f.replaceFirst("^tensorboard/events\\.out\\.tfevents\\..*", "tensorboard/events.out.tfevents.*"))
                    .sorted().toList();
        }
    }

    private static void assertSameRun(Path run, Path reference) throws Exception {
        for (String f : List.of("lr_trajectory.csv", "losses.csv", "metrics.csv", "best.safetensors")) {
            assertThat(Files.readAllBytes(run.resolve(f))).as(f).isEqualTo(Files.readAllBytes(reference.resolve(f)));
        }
        assertThat(withoutTimes(run)).isEqualTo(withoutTimes(reference));
    }

    private static JsonNode withoutTimes(Path run) throws Exception {
        ObjectNode m = (ObjectNode) RunFiles.readTree(run.resolve("metrics.json"));
        m.remove("seconds");
        return m;
    }

    /** SOI, a baseline frame header of 4 components (what a CMYK JPEG's header says), EOI. */
    private static byte[] cmykJpeg() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeShort(0xFFD8);
        out.writeShort(0xFFC0);
        out.writeShort(8 + 3 * 4);
        out.writeByte(8);
        out.writeShort(16);
        out.writeShort(16);
        out.writeByte(4);
        for (int c = 1; c <= 4; c++) {
            out.writeByte(c);
            out.writeByte(0x11);
            out.writeByte(0);
        }
        out.writeShort(0xFFD9);
        return bytes.toByteArray();
    }

    /** A grey PNG whose header claims {@code width x height}, with {@code idat} as its data, every CRC right. */
    private static byte[] png(int width, int height, byte[] idat) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(ihdr);
        h.writeInt(width);
        h.writeInt(height);
        h.write(new byte[] {8, 0, 0, 0, 0});
        chunk(out, "IHDR", ihdr.toByteArray());
        chunk(out, "IDAT", idat);
        chunk(out, "IEND", new byte[0]);
        return bytes.toByteArray();
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        out.writeInt(data.length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }
}
