package org.metalr.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.HostTensor;
import org.metalr.api.ParamGroup;
import org.metalr.api.net.Layer;
import org.metalr.api.net.Network;
import org.metalr.backends.Backends;
import org.metalr.models.Initializers;
import org.metalr.models.ResNet18;
import org.metalr.models.Weights;
import org.metalr.runs.RunFiles;

/** {@code metalr predict} and {@code metalr features}, and the engine-free first layer behind the latter. */
class PredictFeaturesTest {

    @TempDir
    static Path shared;

    static Path data;
    static Path run;

    private final TestData.Cli cli = new TestData.Cli();

    @BeforeAll
    static void fineTune() throws Exception {
        data = TestData.splitFolders(shared.resolve("data"), 6, 2, 2);
        run = shared.resolve("run");
        TestData.Cli cli = new TestData.Cli();
        int code = cli.run("finetune", "--data", data.toString(), "--model", "small-cnn", "--width", "4", "--image-size",
                "16", "--epochs", "2", "--batch-size", "4", "--method", "all", "--threads", "1", "--loader-threads", "0",
                "--out", run.toString());
        assertThat(code).as(cli.err()).isZero();
    }

    @Test
    void predictWritesOneRowPerImageAndAgreesWithTheRunsTestFigures(@TempDir Path tmp) throws Exception {
        Path csv = tmp.resolve("p.csv");
        assertThat(cli.run("predict", "--weights", run.resolve("best.safetensors").toString(), "--images",
                data.resolve("test").toString(), "--out", csv.toString(), "--threads", "1", "--logits"))
                .as(cli.err()).isZero();
        assertThat(cli.out()).contains("6 images, small-cnn (3 classes: a, b, c), 16x16 input");
        List<String> lines = java.nio.file.Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("path,predicted,class,prob_a,prob_b,prob_c,logit_a,logit_b,logit_c");
        assertThat(lines).hasSize(7);
        int correct = 0;
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            Path image = Path.of(f[0]);
            assertThat(image.getFileName().toString()).isEqualTo(String.format("img_%02d.png", (i - 1) % 2));
            double[] logits = {Double.parseDouble(f[6]), Double.parseDouble(f[7]), Double.parseDouble(f[8])};
            int argmax = 0;
            double z = 0;
            for (int c = 0; c < 3; c++) {
                argmax = logits[c] > logits[argmax] ? c : argmax;
                z += Math.exp(logits[c]);
            }
            assertThat(Integer.parseInt(f[1])).isEqualTo(argmax);
            assertThat(f[2]).isEqualTo(TestData.CLASSES.get(argmax));
            double total = 0;
            for (int c = 0; c < 3; c++) {
                double p = Double.parseDouble(f[3 + c]);
                assertThat(p).isCloseTo(Math.exp(logits[c]) / z, within(1e-12));
                total += p;
            }
            assertThat(total).isCloseTo(1, within(1e-12));
            if (TestData.CLASSES.get(argmax).equals(image.getParent().getFileName().toString())) {
                correct++;
            }
        }
        JsonNode metrics = RunFiles.readTree(run.resolve("metrics.json"));
        assertThat(correct / 6.0).isEqualTo(metrics.at("/testSelected/accuracy").asDouble());

        Path plain = tmp.resolve("plain.csv");
        assertThat(cli.run("predict", "--weights", run.resolve("best.safetensors").toString(), "--images",
                data.resolve("test").toString(), "--out", plain.toString(), "--threads", "1")).as(cli.err()).isZero();
        List<String> without = java.nio.file.Files.readAllLines(plain);
        assertThat(without.get(0)).isEqualTo("path,predicted,class,prob_a,prob_b,prob_c");
        for (int i = 1; i < lines.size(); i++) {
            assertThat(lines.get(i)).startsWith(without.get(i) + ",");
        }
    }

    @Test
    void predictRefusesBadInput(@TempDir Path tmp) {
        assertThat(cli.run("predict", "--weights", run.resolve("best.safetensors").toString(), "--images",
                data.resolve("test").toString())).isEqualTo(2);
        assertThat(cli.err().strip()).startsWith("metalr: Missing required option: '--out=FILE.csv'");
        assertThat(cli.run("predict", "--weights", run.resolve("best.safetensors").toString(), "--images",
                tmp.resolve("nothing").toString(), "--out", tmp.resolve("p.csv").toString())).isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("metalr: --images: no such file or folder: " + tmp.resolve("nothing"));
        assertThat(cli.run("predict", "--weights", run.resolve("best.safetensors").toString(), "--images",
                data.resolve("test").toString(), "--out", tmp.resolve("p.csv").toString(), "--width", "8")).isEqualTo(2);
        assertThat(cli.err()).startsWith("metalr: ").contains("conv1.weight");
    }

    @Test
    void featuresDrawsTwoCheckpointsSideBySide(@TempDir Path tmp) throws Exception {
        Network net = ResNet18.network(3, 3, 4);
        Path a = tmp.resolve("a.safetensors");
        Path b = tmp.resolve("b.safetensors");
        Weights.save(a, net, Initializers.randomized(net, 1));
        Weights.save(b, net, Initializers.randomized(net, 2));
        Path out = tmp.resolve("features");
        assertThat(cli.run("features", "--weights", a.toString(), "--compare", b.toString(), "--images",
                data.resolve("test").resolve("a").resolve("img_00.png").toString(),
                data.resolve("test").resolve("b").toString(), "--max-images", "2", "--image-size", "32", "--out",
                out.toString())).as(cli.err()).isZero();
        assertThat(cli.out()).contains("2 image(s), 4 of 4 first-layer maps (16x16) per checkpoint")
                .contains("mean absolute difference of the maps, B against A");
        BufferedImage png = ImageIO.read(out.resolve("features.png").toFile());
        // Per image row: the input (98 px), then two blocks of 2x2 maps of 48 px with 2 px gaps, 18 px apart.
        assertThat(png.getWidth()).isEqualTo(10 + 98 + 2 * (18 + 98) + 10);
        assertThat(png.getHeight()).isEqualTo(10 + 26 + 2 * 98 + 18 + 10);
    }

    @Test
    void theFirstLayerMatchesLibTorch(@TempDir Path tmp) throws Exception {
        checkAgainstBackend(new Layer.Conv("conv1", 2, 3, 5, 7, 2, 3, false), 21, tmp);
        checkAgainstBackend(new Layer.Conv("conv1", 2, 1, 4, 3, 1, 1, false), 9, tmp);
    }

    /** conv1, bn1 (random running statistics), ReLU: the Java computation against the backend in eval mode. */
    private static void checkAgainstBackend(Layer.Conv conv, int side, Path tmp) throws Exception {
        Layer.BatchNorm bn = new Layer.BatchNorm("bn1", 2, conv.out());
        Network net = new Network("first", Layer.Sequential.of(conv, bn, new Layer.Relu()), Network.Loss.CROSS_ENTROPY,
                List.of(ParamGroup.of("stem", "conv1", "bn1")));
        Map<String, HostTensor> state = Initializers.randomized(net, 5);
        Path file = tmp.resolve("first-" + conv.in() + ".safetensors");
        Weights.save(file, net, state);
        FirstLayer layer = new FirstLayer(conv, bn, SavedModel.read(file, null));
        SplittableRandom rnd = new SplittableRandom(9);
        float[] x = new float[conv.in() * side * side];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        float[] mine = layer.apply(x, side, side);
        double[] torch;
        try (Differentiable m = Backends.named("javacpp").create(net, state, DType.FLOAT64)) {
            torch = m.forward(HostTensor.of(x, 1, conv.in(), side, side).to(DType.FLOAT64), false).toDoubleArray();
        }
        int out = layer.outputSize(side);
        assertThat(mine).hasSize(conv.out() * out * out).hasSize(torch.length);
        int positive = 0;
        for (int i = 0; i < mine.length; i++) {
            assertThat((double) mine[i]).as("element " + i).isCloseTo(torch[i], within(1e-5 * (1 + Math.abs(torch[i]))));
            positive += mine[i] > 0 ? 1 : 0;
        }
        assertThat(positive).as("ReLU leaves some maps positive").isBetween(1, mine.length - 1);
    }
}
