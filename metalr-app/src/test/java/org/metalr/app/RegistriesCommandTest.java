package org.metalr.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.app.example.LeNet;
import org.metalr.models.ModelFamilies;
import org.metalr.runs.LrTrajectoryCsv;
import org.metalr.runs.RunFiles;
import org.metalr.train.method.Methods;

/**
 * The command's methods and models come from their registries: help and errors list what is
 * registered, and a model family registered only in this module's test resources ({@link LeNet}: "a new
 * family is one class plus one registration line") is selected by {@code --model} and fine-tuned end to
 * end.
 */
class RegistriesCommandTest {

    @TempDir
    static Path shared;

    static Path data;

    private final TestData.Cli cli = new TestData.Cli();

    @BeforeAll
    static void writeData() throws Exception {
        data = TestData.splitFolders(shared.resolve("data"), 6, 2, 2);
    }

    /** The help's text without white space: the help wraps its lines wherever it likes (even inside mina:I2:-K). */
    private String help(String command) {
        assertThat(cli.run(command, "--help")).isZero();
        return bare(cli.out());
    }

    private static String bare(String text) {
        return text.replaceAll("\\s+", "");
    }

    @Test
    void helpListsTheRegisteredMethodsAndModels() {
        String finetune = help("finetune");
        assertThat(finetune).contains(bare("the method: " + String.join(", ", Methods.forms()) + " (default: metalr)"));
        assertThat(finetune).contains(bare("last, all, all:RATE, layerwise:K, bidir:M-N, autolr, mina:I1:K"));
        assertThat(finetune).contains(bare("the model: lenet, resnet18, small-cnn, unet3d (default: resnet18)"));
        assertThat(finetune).contains(bare("base width (default: the model's: lenet 6, resnet18 64, small-cnn 8,"
                + " unet3d 32)"));
        assertThat(help("compare")).contains(bare("the model: " + String.join(", ", ModelFamilies.registry().names())));
    }

    @Test
    void anUnknownModelOrMethodListsTheRegisteredOnes(@TempDir Path tmp) {
        assertThat(cli.run("finetune", "--data", data.toString(), "--model", "vgg16", "--out", tmp.toString()))
                .isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("metalr: --model must be one of lenet, resnet18, small-cnn, unet3d;"
                + " got 'vgg16'");
        assertThat(cli.run("finetune", "--data", data.toString(), "--method", "sgd", "--out", tmp.toString()))
                .isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("metalr: invalid setting 'method': unknown method 'sgd'; expected one"
                + " of " + String.join(", ", Methods.forms()));
    }

    @Test
    void aFamilyRegisteredInTestResourcesIsFineTunedByName(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        int code = cli.run("finetune", "--data", data.toString(), "--model", "lenet", "--width", "4", "--image-size",
                "16", "--epochs", "1", "--batch-size", "4", "--eval-batch-size", "8", "--method", "bidir:2-3",
                "--threads", "1", "--loader-threads", "0", "--out", run.toString());
        assertThat(code).as(cli.err()).isZero();
        assertThat(cli.out()).contains("fine-tuning lenet with bidir:2-3");
        JsonNode config = RunFiles.readTree(run.resolve(RunFiles.CONFIG));
        assertThat(config.path("model").path("name").asText()).isEqualTo("lenet");
        assertThat(config.path("model").path("groups").toString()).isEqualTo("[\"conv1\",\"conv2\",\"fc1\",\"fc\"]");
        assertThat(config.path("model").path("frozen").toString()).isEqualTo("[false,true,true,false]");
        assertThat(RunFiles.readTree(run.resolve(RunFiles.METRICS)).path("status").asText()).isEqualTo("finished");
        assertThat(LrTrajectoryCsv.read(run.resolve(LrTrajectoryCsv.FILE_NAME)).groups())
                .isEqualTo(List.of("conv1", "conv2", "fc1", "fc"));
        assertThat(run.resolve("report.html")).isRegularFile();
    }
}
