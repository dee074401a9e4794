package org.metalr.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.models.checkpoint.SafetensorsReader;

/** {@code metalr demo} at the test scale: the whole pipeline from generated images to the report. */
class DemoCommandTest {

    private final TestData.Cli cli = new TestData.Cli();

    @Test
    void demoRunsEveryMethodFromNothing(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("demo");
        // two local workers fine-tune, as the demo does by default on two cores
        assertThat(cli.run("demo", "--scale", "tiny", "--out", out.toString(), "--parallel", "2", "--loader-threads", "0"))
                .as(cli.err()).isZero();
        assertThat(cli.out()).contains("starting 2 local workers").contains("[worker 1] ").contains("[worker 2] ");
        assertThat(out.resolve("data").resolve("source").resolve("train").resolve("disc")).isDirectory();
        assertThat(out.resolve("data").resolve("target").resolve("test").resolve("malignant")).isDirectory();
        assertThat(SafetensorsReader.read(out.resolve("pretrained.safetensors")).tensors().get("fc.weight").shape())
                .containsExactly(5, 32);
        assertThat(cli.out()).contains("weights: " + out.resolve("pretrained.safetensors")
                + ": loaded 120 of 122 model tensors").contains("left at initialisation: fc.weight, fc.bias");

        List<String> md = Files.readAllLines(out.resolve("comparison.md"));
        assertThat(md.get(2)).isEqualTo("| method | runs | accuracy mean ± sd | median [min, max] | Δ mean [95% CI] |"
                + " Δ median | p | p (Holm) | pairs |");
        assertThat(md.subList(4, 11)).extracting(l -> l.split(" \\| ")[0].substring(2))
                .containsExactly("last", "all (reference)", "layerwise:3", "bidir:2-6", "autolr", "llrd:0.8", "metalr");
        assertThat(md).contains("| method | runs | sensitivity/benign | sensitivity/malignant | sensitivity/normal |"
                + " accuracy |");
        // one seed: nothing can be significant, so no value is marked (a method predicting one class
        // used to get a bold 100.0 sensitivity)
        assertThat(String.join("\n", md)).doesNotContainPattern("\\*\\*[-+0-9]");
        assertThat(out.resolve("report.html")).isRegularFile();
        assertThat(out.resolve("finetune").resolve("metalr").resolve("seed-0").resolve("lr_curves.png")).isRegularFile();
        assertThat(Files.readAllLines(out.resolve("finetune").resolve("metalr").resolve("seed-0")
                .resolve("lr_trajectory.csv")).get(0)).isEqualTo("iteration,epoch,stem,layer1.0,layer1.1,layer2.0,"
                + "layer2.1,layer3.0,layer3.1,layer4.0,layer4.1,fc");
        assertThat(cli.out()).contains("report:    " + out.resolve("report.html"))
                .contains("| method | runs | accuracy % mean ± sd | Δ vs all [95% CI] |").contains("Learned rates")
                .doesNotContain("NaN"); // one seed: a mean without a spread

        // Run again: nothing is redone.
        assertThat(cli.run("demo", "--scale", "tiny", "--out", out.toString(), "--threads", "1", "--loader-threads", "0"))
                .as(cli.err()).isZero();
        assertThat(cli.out()).contains("7 of 7 runs finished earlier").doesNotContain("pre-training:");
    }

    @Test
    void helpStatesTheSizesAndTimes() {
        assertThat(cli.run("demo", "--help")).isZero();
        assertThat(cli.out()).contains("--quick").contains("seeds 0-4").contains("64x64").doesNotContain("--scale");
    }
}
