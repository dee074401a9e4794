package org.metalr.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.api.net.Network;
import org.metalr.models.Initializers;
import org.metalr.models.ResNet18;
import org.metalr.models.SmallCnn;
import org.metalr.models.checkpoint.Checkpoints;

/** The command run in-process: exit codes, one-line errors, and what each subcommand prints. */
class CommandLineTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void anUnknownFlagIsBadUsage() {
        assertThat(run("--bogus")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("metalr: Unknown option: '--bogus' (see 'metalr --help')");
    }

    @Test
    void helpPointsToTheBenchmarkSuite() {
        assertThat(run("--help")).isEqualTo(0);
        assertThat(out.toString()).contains("metalr bench [--quick] [--help]");
    }

    @Test
    void aMissingFileIsOneLineWithoutAStackTrace() {
        assertThat(run("inspect-weights", "no/such/file.pth")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("metalr: no/such/file.pth: no such file").doesNotContain("\tat ");
    }

    @Test
    void verboseShowsTheStackTrace() {
        assertThat(run("inspect-weights", "--verbose", "no/such/file.pth")).isEqualTo(2);
        assertThat(err.toString()).contains("\tat ");
    }

    @Test
    void aBadSettingNamesTheFlag() {
        assertThat(run("smoke", "--iterations", "0")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("metalr: --iterations must be >= 1, got 0");
        assertThat(run("smoke", "--backend", "tf")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown backend 'tf'; expected one of djl, javacpp");
        err.getBuffer().setLength(0);
        assertThat(run("smoke", "--rule", "fast")).isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("metalr: --rule must be one of paper, official, multiplicative, cosine, got 'fast'");
    }

    @Test
    void inspectWeightsMapsTensorsOntoGroups(@TempDir Path dir) throws Exception {
        Network net = SmallCnn.network(3, 4, 3);
        Path file = dir.resolve("w.safetensors");
        Checkpoints.writeSafetensors(file, Initializers.kaiming(net, 1), Map.of());
        assertThat(run("inspect-weights", file.toString(), "--model", "small-cnn", "--width", "4")).isZero();
        assertThat(out.toString())
                .contains("block2.downsample.0.weight")
                .containsPattern("fc\\.bias\\s+FLOAT64\\s+\\[3\\]\\s+group fc")
                .contains("38 of 38 model tensors found; missing: none");
    }

    @Test
    void inspectWeightsInfersTheWidthFromTheShapes(@TempDir Path dir) throws Exception {
        Network net = ResNet18.network(5, 3, 16);
        Path file = dir.resolve("w16.safetensors");
        Checkpoints.writeSafetensors(file, Initializers.kaiming(net, 1), Map.of());
        int tensors = net.parameters().size() + net.buffers().size();
        assertThat(run("inspect-weights", "--weights", file.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("from the shapes: width 16, 3 input channels, 5 outputs")
                .contains(tensors + " of " + tensors + " model tensors found; missing: none");
        String byFlag = out.toString();
        out.getBuffer().setLength(0);
        assertThat(run("inspect-weights", file.toString())).isZero();
        assertThat(out.toString()).isEqualTo(byFlag);
        assertThat(run("inspect-weights", file.toString(), "--weights", file.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("metalr: give the checkpoint once: --weights FILE or FILE, not both");
        err.getBuffer().setLength(0);
        assertThat(run("inspect-weights")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("metalr: give the checkpoint: --weights FILE");
    }

    @Test
    void inspectWeightsShowsHalfPrecisionTensorsAsStored(@TempDir Path dir) throws Exception {
        String header = "{\"half\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
                + "\"brain\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[4,8]}}";
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + header.length() + 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length()).put(header.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.putShort((short) 0x3C00).putShort((short) 0x4000).putShort((short) 0x3F80).putShort((short) 0x4000);
        Path file = java.nio.file.Files.write(dir.resolve("half.safetensors"), b.array());
        assertThat(run("inspect-weights", file.toString(), "--model", "small-cnn", "--width", "4")).isZero();
        assertThat(out.toString()).containsPattern("half\\s+FLOAT16\\s+\\[2\\]\\s+unexpected")
                .containsPattern("brain\\s+BFLOAT16\\s+\\[2\\]\\s+unexpected");
    }

    @Test
    void inspectWeightsReportsShapeMismatches(@TempDir Path dir) throws Exception {
        Network net = SmallCnn.network(3, 4, 5);
        Path file = dir.resolve("w.safetensors");
        Checkpoints.writeSafetensors(file, Initializers.kaiming(net, 1), Map.of());
        assertThat(run("inspect-weights", file.toString(), "--model", "small-cnn", "--width", "4", "--num-classes", "3"))
                .isZero();
        assertThat(out.toString()).contains("shape mismatch: the model has [3, 8]");
    }

    @Test
    void backendsSelfCheckBoth() {
        assertThat(run("backends")).isZero();
        assertThat(out.toString()).contains("LibTorch 2.7.1").containsPattern("djl .*\\n.*ok, 5 MetaLR")
                .containsPattern("javacpp .*\\n.*ok, 5 MetaLR");
    }

    @Test
    void smokeRunPrintsTheSameRatesForBothBackends() {
        assertThat(run("smoke", "--iterations", "5", "--threads", "1")).isZero();
        assertThat(out.toString()).as("the commands' default rule").contains(", rule cosine (eta 0.1), ");
        String[] lines = out.toString().split("\n");
        String djl = null;
        String cpp = null;
        for (String line : lines) {
            if (line.startsWith("djl ")) {
                djl = line.substring(3).strip();
            } else if (line.startsWith("javacpp ")) {
                cpp = line.substring(7).strip();
            }
        }
        assertThat(djl).isNotNull().isEqualTo(cpp);
    }
}
