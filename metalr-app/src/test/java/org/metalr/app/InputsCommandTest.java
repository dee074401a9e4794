package org.metalr.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.api.Device;
import org.metalr.api.UserInputException;
import org.metalr.runs.RunFiles;

/**
 * The researcher's own inputs at the command: DICOM folders with {@code --dicom-window}, MedMNIST files,
 * runs without a test set, {@code --preset}, and {@code --device}.
 */
class InputsCommandTest {

    @TempDir
    Path tmp;

    private final TestData.Cli cli = new TestData.Cli();

    /** A short fine-tuning of a width-4 small CNN on 16-pixel input, with {@code more} flags after. */
    private static String[] finetune(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("finetune", "--model", "small-cnn", "--width", "4", "--image-size",
                "16", "--epochs", "1", "--batch-size", "4", "--eval-batch-size", "8", "--method", "all", "--threads",
                "1", "--loader-threads", "0", "--out", out.toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private static List<String> column(Path csv, int index) throws Exception {
        return Files.readAllLines(csv).stream().skip(1).map(l -> l.split(",")[index]).toList();
    }

    @Test
    void aDicomFolderFineTunesWithItsWindowAndPredictsWithTheRunsWindow() throws Exception {
        Path data = tmp.resolve("ct");
        for (String split : List.of("train", "val", "test")) {
            TestData.dicomFolder(data.resolve(split), split.equals("train") ? 6 : 2, split.hashCode());
        }
        Path run = tmp.resolve("run");
        assertThat(cli.run(finetune(run, "--data", data.toString(), "--dicom-window", "40,400"))).as(cli.err()).isZero();
        JsonNode pipeline = RunFiles.readTree(run.resolve(RunFiles.CONFIG)).at("/run/pipeline");
        assertThat(pipeline.get("dicomWindow").asText()).isEqualTo("40,400");
        assertThat(pipeline.get("preset").isNull()).isTrue();

        Path images = data.resolve("test");
        String weights = run.resolve("best.safetensors").toString();
        Path fromRun = tmp.resolve("run-window.csv");
        Path given = tmp.resolve("given-window.csv");
        Path other = tmp.resolve("other-window.csv");
        assertThat(cli.run("predict", "--weights", weights, "--images", images.toString(), "--out", fromRun.toString(),
                "--logits", "--threads", "1")).as(cli.err()).isZero();
        assertThat(cli.out()).contains("6 images, small-cnn (3 classes: a, b, c), 16x16 input");
        assertThat(cli.run("predict", "--weights", weights, "--images", images.toString(), "--out", given.toString(),
                "--logits", "--dicom-window", "40,400", "--threads", "1")).as(cli.err()).isZero();
        assertThat(cli.run("predict", "--weights", weights, "--images", images.toString(), "--out", other.toString(),
                "--logits", "--dicom-window", "-500,3000", "--threads", "1")).as(cli.err()).isZero();
        // predict reads the window from the run's config.json: the same logits as the window given again
        assertThat(Files.readString(fromRun)).isEqualTo(Files.readString(given));
        assertThat(column(fromRun, 0)).hasSize(6).allMatch(p -> p.endsWith(".dcm"));
        assertThat(column(fromRun, 6)).isNotEqualTo(column(other, 6));

        assertThat(cli.run(finetune(tmp.resolve("bad"), "--data", data.toString(), "--dicom-window", "40"))).isEqualTo(2);
        assertThat(cli.err()).startsWith("metalr: --dicom-window: ");
    }

    @Test
    void aMedMnistFileFineTunesWithItsOfficialSplits() throws Exception {
        Path file = TestData.medmnist(tmp.resolve("pneumoniamnist.npz"), 16, 12, 6, 6);
        Path run = tmp.resolve("run");
        assertThat(cli.run(finetune(run, "--dataset", "medmnist", "--data", file.toString()))).as(cli.err()).isZero();
        assertThat(cli.out()).contains("MedMNIST " + file + " (official splits: 12 train, 6 val, 6 test)")
                .contains("12 training, 6 meta-validation, 6 test images").contains("classes [0, 1, 2]")
                .containsPattern("test accuracy: \\d+\\.\\d% with the selected model");
        JsonNode config = RunFiles.readTree(run.resolve(RunFiles.CONFIG));
        assertThat(config.at("/data/train").asInt()).isEqualTo(12);
        assertThat(config.at("/data/test").asInt()).isEqualTo(6);
        assertThat(config.at("/run/pipeline/mean").toString()).isEqualTo("[0.5]");
        assertThat(RunFiles.readTree(run.resolve("metrics.json")).at("/testSelected/confusion").toString())
                .isNotEmpty();

        Path folds = tmp.resolve("folds");
        assertThat(cli.run(finetune(folds, "--dataset", "medmnist", "--data", file.toString(), "--folds", "3",
                "--fold", "1"))).as(cli.err()).isZero();
        assertThat(cli.out()).contains("train and val, 3 folds, test fold 1");
    }

    @Test
    void aTrainingAndValidationOnlyRunFinishesWithValidationFigures() throws Exception {
        Path data = TestData.splitFolders(tmp.resolve("data"), 6, 2, 2);
        Path run = tmp.resolve("run");
        assertThat(cli.run(finetune(run, "--train-data", data.resolve("train").toString(), "--val-data",
                data.resolve("val").toString()))).as(cli.err()).isZero();
        assertThat(cli.out()).contains("18 training, 6 meta-validation, no test images")
                .containsPattern("validation accuracy: \\d+\\.\\d% with the selected model")
                .contains("no test figures: the data has no test set");
        JsonNode metrics = RunFiles.readTree(run.resolve("metrics.json"));
        assertThat(metrics.get("status").asText()).isEqualTo("finished");
        assertThat(metrics.get("testSelected").isNull()).isTrue();
        assertThat(metrics.get("validationOnly").asText()).startsWith("the data has no test set");
        assertThat(Files.readString(run.resolve("report.html"))).contains("No test results: the data has no test set");

        Path compared = tmp.resolve("compare");
        List<String> compare = new ArrayList<>(List.of(finetune(compared, "--train-data", data.resolve("train").toString(),
                "--val-data", data.resolve("val").toString(), "--methods", "last,all", "--seeds", "0")));
        compare.set(0, "compare");
        compare.remove("--method");
        compare.remove("all");
        assertThat(cli.run(compare.toArray(String[]::new))).as(cli.err()).isZero();
        assertThat(cli.out()).contains("last, seed 0: validation accuracy").contains("all, seed 0: validation accuracy");
        assertThat(RunFiles.readTree(compared.resolve("all").resolve("summary.json")).get("figures").toString())
                .isEqualTo("[\"validation\"]");
    }

    @Test
    void theImagenetPresetIsRecordedWithEveryResolvedValue() throws Exception {
        Path data = TestData.splitFolders(tmp.resolve("data"), 2, 1, 1);
        Path run = tmp.resolve("imagenet");
        List<String> args = new ArrayList<>(List.of(finetune(run, "--data", data.toString(), "--preset", "imagenet",
                "--max-iters", "1")));
        int size = args.indexOf("--image-size");
        args.subList(size, size + 2).clear();
        assertThat(cli.run(args.toArray(String[]::new))).as(cli.err()).isZero();
        JsonNode p = RunFiles.readTree(run.resolve(RunFiles.CONFIG)).at("/run/pipeline");
        assertThat(p.get("preset").asText()).isEqualTo("imagenet");
        assertThat(p.get("channels").asInt()).isEqualTo(3);
        assertThat(p.get("imageSize").asInt()).isEqualTo(224);
        assertThat(p.get("resize").asInt()).isEqualTo(256);
        assertThat(p.get("mean").toString()).isEqualTo("[0.485,0.456,0.406]");
        assertThat(p.get("std").toString()).isEqualTo("[0.229,0.224,0.225]");
        assertThat(p.at("/randomResizedCrop/scale").toString()).isEqualTo("[0.08,1.0]");
        assertThat(p.at("/randomResizedCrop/from").asText()).isEqualTo("decoded");

        Path small = tmp.resolve("override");
        assertThat(cli.run(finetune(small, "--data", data.toString(), "--preset", "imagenet", "--std", "0.5",
                "--max-iters", "1"))).as(cli.err()).isZero();
        JsonNode q = RunFiles.readTree(small.resolve(RunFiles.CONFIG)).at("/run/pipeline");
        assertThat(q.get("imageSize").asInt()).isEqualTo(16);
        assertThat(q.get("resize").asInt()).isEqualTo(18);
        assertThat(q.get("mean").toString()).isEqualTo("[0.485,0.456,0.406]");
        assertThat(q.get("std").toString()).isEqualTo("[0.5,0.5,0.5]");

        assertThat(cli.run(finetune(tmp.resolve("x"), "--data", data.toString(), "--preset", "cifar"))).isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("metalr: --preset: unknown preset 'cifar'; expected imagenet or paper");
    }

    @Test
    void withoutAPresetTheRunKeepsThePapersTransforms() throws Exception {
        Path data = TestData.splitFolders(tmp.resolve("data"), 2, 1, 1);
        Path run = tmp.resolve("run");
        assertThat(cli.run(finetune(run, "--data", data.toString(), "--max-iters", "1"))).as(cli.err()).isZero();
        JsonNode p = RunFiles.readTree(run.resolve(RunFiles.CONFIG)).at("/run/pipeline");
        assertThat(p.get("preset").isNull()).isTrue();
        assertThat(p.get("resize").isNull()).isTrue();
        assertThat(p.at("/mean/0").asDouble()).isCloseTo(0.18, within(1e-6));
        assertThat(p.at("/randomResizedCrop/scale").toString()).isEqualTo("[0.8,1.0]");
    }

    @Test
    void aCudaDeviceIsRefusedNamingTheFlagWhereItCannotRun() throws Exception {
        Path data = TestData.splitFolders(tmp.resolve("data"), 2, 1, 1);
        for (String command : List.of("finetune", "compare", "grid")) {
            assertThat(cli.run(command, "--data", data.toString(), "--device", "cuda:0", "--out",
                    tmp.resolve(command).toString())).as(command).isEqualTo(2);
            assertThat(cli.err()).as(command).startsWith("metalr: --device cuda:0: this build of metalr runs LibTorch");
        }
        assertThat(cli.run("predict", "--weights", tmp.resolve("w.safetensors").toString(), "--images",
                data.toString(), "--out", tmp.resolve("p.csv").toString(), "--device", "gpu")).isEqualTo(2);

        assertThat(RuntimeOptions.checkDevice("cpu", () -> false, () -> 0)).isEqualTo(Device.CPU);
        assertThat(RuntimeOptions.checkDevice("cuda:1", () -> true, () -> 2)).isEqualTo(Device.cuda(1));
        assertThat(RuntimeOptions.checkDevice("cuda", () -> true, () -> 1)).isEqualTo(Device.cuda(0));
        assertThatThrownBy(() -> RuntimeOptions.checkDevice("gpu", () -> true, () -> 1))
                .isInstanceOf(UserInputException.class).hasMessage("--device must be cpu or cuda[:i], got 'gpu'");
        assertThatThrownBy(() -> RuntimeOptions.checkDevice("cuda", () -> true, () -> 0))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("--device cuda: LibTorch sees no CUDA device");
        assertThatThrownBy(() -> RuntimeOptions.checkDevice("cuda:2", () -> true, () -> 2))
                .hasMessageStartingWith("--device cuda:2: LibTorch sees 2 CUDA device(s), cuda:0 to cuda:1");
        assertThatThrownBy(() -> RuntimeOptions.checkDevice("cuda", () -> false, () -> 1))
                .hasMessageContaining("for the CPU only (build with -Pcuda for CUDA)");
    }
}
