package org.metalr.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.runs.RunFiles;

/**
 * {@code --dataset idx} and the few-label flags ({@code --classes}, {@code --train-per-class},
 * {@code --val-per-class}) through {@code metalr finetune}: what config.json records, resumption with another
 * cut refused, bad cuts refused with exit status 2; and a short run on Debian's Fashion-MNIST when installed.
 */
class FewLabelsCommandTest {

    private static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    @TempDir
    static Path shared;

    static Path data;

    private final TestData.Cli cli = new TestData.Cli();

    @BeforeAll
    static void writeData() throws Exception {
        data = TestData.idx(shared.resolve("mnist"), 16, 100, 40, 4);
    }

    private static String[] args(Path data, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("finetune", "--dataset", "idx", "--data", data.toString(), "--model",
                "small-cnn", "--width", "4", "--image-size", "16", "--epochs", "1", "--batch-size", "4",
                "--eval-batch-size", "16", "--threads", "1", "--loader-threads", "0", "--out", out.toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void configRecordsTheCutAndResumingWithAnotherIsRefused(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        assertThat(cli.run(args(data, out, "--classes", "3,1", "--train-per-class", "6", "--val-per-class", "2",
                "--max-iters", "2"))).as(cli.err()).isZero();
        assertThat(cli.out()).contains("classes 3, 1 as 0..1, 6 training images per class, 2 meta-validation images"
                + " per class");
        JsonNode config = RunFiles.readTree(out.resolve("config.json"));
        assertThat(config.at("/run/flags/--classes").toString()).isEqualTo("[\"3\",\"1\"]");
        assertThat(config.at("/run/flags/--train-per-class").asInt()).isEqualTo(6);
        assertThat(config.at("/run/flags/--val-per-class").asInt()).isEqualTo(2);
        assertThat(config.at("/data/classes").toString()).isEqualTo("[\"3\",\"1\"]");
        assertThat(config.at("/data/train").asInt()).isEqualTo(12);
        assertThat(config.at("/data/metaValidation").asInt()).isEqualTo(4);
        assertThat(config.at("/data/test").asInt()).isEqualTo(20);
        JsonNode fingerprint = config.at("/data/fingerprint");
        assertThat(fingerprint.size()).isEqualTo(12 + 4 + 20);
        for (JsonNode e : fingerprint) {
            assertThat(e.get("label").asInt()).isBetween(0, 1);
        }

        assertThat(cli.run(args(data, out, "--classes", "3,1", "--train-per-class", "7", "--val-per-class", "2",
                "--resume"))).isEqualTo(2);
        assertThat(cli.err()).startsWith("metalr: invalid setting 'train-per-class': was 6 when " + out);
        assertThat(cli.run(args(data, out, "--classes", "1,3", "--train-per-class", "6", "--val-per-class", "2",
                "--resume"))).isEqualTo(2);
        assertThat(cli.err()).startsWith("metalr: invalid setting 'classes'");
        assertThat(cli.run(args(data, out, "--classes", "3,1", "--train-per-class", "6", "--val-per-class", "2",
                "--resume", "--max-iters", "3"))).as(cli.err()).isZero();
    }

    @Test
    void badCutsExitWith2NamingTheFlag(@TempDir Path tmp) {
        assertThat(cli.run(args(data, tmp.resolve("a"), "--classes", "1,7"))).isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("metalr: --classes: the data has no class '7'; its classes are 0, 1, 2, 3");
        assertThat(cli.run(args(data, tmp.resolve("b"), "--train-per-class", "21"))).isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("metalr: --train-per-class 21: class '0' has 20 training images");
        assertThat(cli.run(args(data, tmp.resolve("c"), "--val-per-class", "0"))).isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("metalr: --val-per-class must be at least 1, got 0");
    }

    /** Debian's dataset-fashion-mnist: five classes, 20 training images each, a small CNN. */
    @Test
    void aShortFinetuneOnFashionMnist(@TempDir Path tmp) throws Exception {
        assumeThat(FASHION_MNIST.resolve("train-images-idx3-ubyte.gz")).as("dataset-fashion-mnist is installed")
                .isRegularFile();
        Path out = tmp.resolve("run");
        assertThat(cli.run(args(FASHION_MNIST, out, "--classes", "0,1,2,3,4", "--train-per-class", "20",
                "--val-per-class", "20", "--image-size", "28", "--no-augment"))).as(cli.err()).isZero();
        assertThat(cli.out()).contains("classes [T-shirt/top, Trouser, Pullover, Dress, Coat]")
                .containsPattern("test accuracy: \\d+\\.\\d% with the selected model");
        JsonNode config = RunFiles.readTree(out.resolve("config.json"));
        assertThat(config.at("/data/train").asInt()).isEqualTo(100);
        assertThat(config.at("/data/metaValidation").asInt()).isEqualTo(100);
        assertThat(config.at("/data/test").asInt()).isEqualTo(5_000);
        assertThat(config.at("/run/pipeline").toString()).contains("0.286");
    }
}
