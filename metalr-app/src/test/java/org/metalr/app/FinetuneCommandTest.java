package org.metalr.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.api.net.Network;
import org.metalr.models.Initializers;
import org.metalr.models.SmallCnn;
import org.metalr.models.Weights;
import org.metalr.libtorch.SharedLibTorch;
import org.metalr.runs.RunFiles;

/** {@code metalr finetune} end to end on 16x16 images with a small CNN of width 4. */
class FinetuneCommandTest {

    @TempDir
    static Path shared;

    static Path data;

    private final TestData.Cli cli = new TestData.Cli();

    @BeforeAll
    static void writeData() throws Exception {
        data = TestData.splitFolders(shared.resolve("data"), 6, 2, 2);
    }

    /** A fine-tuning command line on the shared data, into {@code out}, with {@code more} flags after. */
    static String[] args(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("finetune", "--data", data.toString(), "--model", "small-cnn",
                "--width", "4", "--image-size", "16", "--epochs", "2", "--batch-size", "4", "--eval-batch-size", "8",
                "--threads", "1", "--loader-threads", "0", "--out", out.toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void writesTheRunFolderPicturesAndReport(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        assertThat(cli.run(args(run))).as(cli.err()).isZero();
        assertThat(cli.out()).contains("fine-tuning small-cnn with metalr").contains("epoch 2/2: iteration 10")
                .containsPattern("test accuracy: \\d+\\.\\d% with the selected model");
        for (String f : List.of("config.json", "metrics.json", "lr_trajectory.csv", "losses.csv", "best.safetensors",
                "report.html", "lr_curves.png", "lr_curves.svg", "lr_profile.png", "confusion_matrix.png",
                "loss_curve.png")) {
            assertThat(run.resolve(f)).as(f).isRegularFile();
        }

        List<String> lr = Files.readAllLines(run.resolve("lr_trajectory.csv"));
        assertThat(lr.get(0)).isEqualTo("iteration,epoch,stem,block1,block2,fc");
        assertThat(lr.get(1)).isEqualTo("0,0,0.001,0.001,0.001,0.01");
        assertThat(lr).hasSize(2 + 10);
        assertThat(lr.get(11)).startsWith("10,2,");

        JsonNode metrics = RunFiles.readTree(run.resolve("metrics.json"));
        assertThat(metrics.get("status").asText()).isEqualTo("finished");
        assertThat(metrics.get("method").asText()).isEqualTo("metalr");
        assertThat(metrics.get("iterations").asLong()).isEqualTo(10);
        assertThat(metrics.get("epochs")).hasSize(2);
        assertThat(metrics.get("classes").toString()).isEqualTo("[\"a\",\"b\",\"c\"]");
        JsonNode test = metrics.get("testSelected");
        assertThat(test.get("accuracy").asDouble()).isBetween(0.0, 1.0);
        long counted = 0;
        for (JsonNode row : test.get("confusion")) {
            for (JsonNode v : row) {
                counted += v.asLong();
            }
        }
        assertThat(counted).isEqualTo(6);

        JsonNode config = RunFiles.readTree(run.resolve("config.json"));
        assertThat(config.get("backend").asText()).isEqualTo("javacpp");
        assertThat(config.at("/run/libtorch/version").asText()).isEqualTo("2.7.1");
        // LibTorch's convolutions are chosen as the (float32) model opens; config.json records the choice after
        assertThat(config.at("/run/libtorch/convolutions").asText()).isEqualTo(SharedLibTorch.convolutions())
                .doesNotStartWith("native: no float32 network opened yet");
        assertThat(config.at("/train/seed").asLong()).isZero();
        JsonNode flags = config.at("/run/flags");
        for (String flag : List.of("--method", "--seed", "--out", "--resume", "--model", "--num-classes", "--weights",
                "--strip-prefix", "--drop", "--rename", "--map-by-order", "--allow-missing", "--data", "--dataset",
                "--train-data", "--val-data", "--test-data", "--val-fraction", "--fold", "--folds", "--rule", "--lr",
                "--backbone-lr-scale", "--hyper-lr", "--hold-last-epochs", "--lookahead", "--hyper-normalize",
                "--lr-bounds", "--lr-update", "--meta-every", "--optimizer", "--momentum",
                "--weight-decay", "--epochs", "--batch-size", "--max-iters", "--image-size", "--mean", "--std",
                "--no-augment", "--no-shuffle", "--dtype", "--threads", "--device", "--backend")) {
            assertThat(flags.has(flag)).as(flag).isTrue();
        }
        assertThat(flags.get("--lr").asDouble()).isEqualTo(0.01);
        assertThat(flags.get("--backend").asText()).isEqualTo("javacpp");

        String html = Files.readString(run.resolve("report.html"));
        assertThat(html).contains("Test results").contains("data:image/png;base64,").doesNotContain("http://")
                .doesNotContain("https://");
    }

    @Test
    void aResumedRunEqualsAnUninterruptedOne(@TempDir Path tmp) throws Exception {
        Path whole = tmp.resolve("whole");
        Path parts = tmp.resolve("parts");
        assertThat(cli.run(args(whole))).as(cli.err()).isZero();

        assertThat(cli.run(args(parts, "--max-iters", "3"))).as(cli.err()).isZero();
        assertThat(cli.out()).contains("stopped after iteration 3 (--max-iters)");
        assertThat(RunFiles.readTree(parts.resolve("metrics.json")).get("status").asText()).isEqualTo("stopped");
        assertThat(Files.readAllLines(parts.resolve("lr_trajectory.csv"))).hasSize(2 + 3);

        assertThat(cli.run(args(parts, "--max-iters", "7", "--resume"))).as(cli.err()).isZero();
        assertThat(cli.out()).contains("resuming").contains("stopped after iteration 7");
        assertThat(cli.run(args(parts, "--resume"))).as(cli.err()).isZero();

        for (String f : List.of("lr_trajectory.csv", "losses.csv", "best.safetensors")) {
            assertThat(Files.readAllBytes(parts.resolve(f))).as(f).isEqualTo(Files.readAllBytes(whole.resolve(f)));
        }
        assertThat(withoutTimes(parts)).isEqualTo(withoutTimes(whole));
    }

    private static JsonNode withoutTimes(Path run) throws Exception {
        ObjectNode m = (ObjectNode) RunFiles.readTree(run.resolve("metrics.json"));
        m.remove("seconds");
        return m;
    }

    @Test
    void noShuffleTakesTheDatasetOrderWhateverTheSeed(@TempDir Path tmp) throws Exception {
        Network net = SmallCnn.network(3, 4, 3);
        Path weights = tmp.resolve("w.safetensors");
        Weights.save(weights, net, Initializers.kaiming(net, 7));
        String[] fixed = {"--weights", weights.toString(), "--no-augment", "--epochs", "1"};
        List<String> trajectories = new ArrayList<>();
        for (String seed : List.of("1", "2")) {
            Path out = tmp.resolve("seed" + seed);
            assertThat(cli.run(concat(args(out, fixed), "--no-shuffle", "--seed", seed))).as(cli.err()).isZero();
            assertThat(cli.out()).startsWith("weights: " + weights + ": loaded 38 of 38 model tensors");
            trajectories.add(Files.readString(out.resolve("lr_trajectory.csv")));
        }
        assertThat(trajectories.get(1)).isEqualTo(trajectories.get(0));

        Path shuffled = tmp.resolve("shuffled");
        assertThat(cli.run(concat(args(shuffled, fixed), "--seed", "2"))).as(cli.err()).isZero();
        assertThat(Files.readString(shuffled.resolve("lr_trajectory.csv"))).isNotEqualTo(trajectories.get(0));
        assertThat(RunFiles.readTree(shuffled.resolve("config.json")).at("/data/shuffle").asBoolean()).isTrue();
        assertThat(RunFiles.readTree(tmp.resolve("seed1").resolve("config.json")).at("/data/shuffle").asBoolean())
                .isFalse();
    }

    private static String[] concat(String[] a, String... b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }

    @Test
    void badSettingsAndInputsAreOneLineWithExitCode2(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        Map<String[], String> cases = new java.util.LinkedHashMap<>();
        cases.put(args(out, "--epochs", "0"), "metalr: invalid setting 'epochs': must be at least 1, got 0");
        cases.put(args(out, "--method", "bogus"), "metalr: invalid setting 'method': unknown method 'bogus'");
        cases.put(args(out, "--method", "layerwise:9"), "metalr: invalid setting 'method': 'layerwise:9' freezes groups");
        cases.put(args(out, "--rule", "fast"), "metalr: --rule must be one of paper, official, multiplicative, cosine, got 'fast'");
        cases.put(args(out, "--lookahead", "adam"), "metalr: invalid setting 'lookahead': lookahead must be one of"
                + " gradient, optimizer, got 'adam'");
        cases.put(args(out, "--lr-bounds", "1e-6"), "metalr: invalid setting 'lr-bounds': expected LO,HI");
        cases.put(args(out, "--lr-bounds", "2x,10x"), "metalr: invalid setting 'lr-bounds': relative learning-rate"
                + " bounds must contain the initial rate");
        cases.put(args(out, "--meta-every", "0"), "metalr: invalid setting 'meta-every': every must be at least 1");
        cases.put(args(out, "--hyper-normalize", "l2"), "metalr: invalid setting 'hyper-normalize': normalize must be"
                + " one of none, cosine");
        cases.put(args(out, "--method", "metalr:every=x"), "metalr: invalid setting 'method': every 'x' is not a whole"
                + " number");
        cases.put(args(out, "--device", "cuda:0"), "metalr: --device cuda:0: this build of metalr runs LibTorch 2.7.1"
                + " for the CPU only");
        cases.put(args(out, "--device", "tpu"), "metalr: --device must be cpu or cuda[:i], got 'tpu'");
        cases.put(args(out, "--dataset", "lits"), "metalr: " + data + ": ");
        cases.put(args(out, "--model", "unet3d"), "metalr: --model unet3d segments volumes; it needs --dataset lits");
        cases.put(args(out, "--backend", "tf"), "metalr: unknown backend 'tf'; expected one of djl, javacpp");
        cases.put(args(out, "--batch-size", "100"), "metalr: invalid setting 'batch-size': 100 is larger than the"
                + " training set (18 samples)");
        cases.put(args(out, "--momentum", "0.9"), "metalr: --momentum and --nesterov apply to --optimizer sgd");
        cases.put(args(out, "--mean", "0.1,0.2"), "metalr: --mean takes one value or 3 (one per channel)");
        cases.put(args(out, "--folds", "3"), "metalr: --folds: the split folders in");
        cases.put(args(out, "--num-classes", "5"), "metalr: invalid setting 'num-classes': the model 'small-cnn' has 5"
                + " outputs but the data has 3 classes");
        cases.put(args(out, "--resume"), "metalr: --resume: " + out + " holds no run");
        cases.put(args(out, "--weights", tmp.resolve("none.pth").toString()), "metalr: " + tmp.resolve("none.pth")
                + ": no such file");
        cases.put(args(out, "--epochs", "two"), "metalr: Invalid value for option '--epochs': 'two' is not an int");
        cases.put(args(out, "--bogus"), "metalr: Unknown option: '--bogus' (see 'metalr finetune --help')");
        for (Map.Entry<String[], String> c : cases.entrySet()) {
            int code = cli.run(c.getKey());
            assertThat(code).as(String.join(" ", c.getKey()) + "\n" + cli.err()).isEqualTo(2);
            assertThat(cli.err()).as(String.join(" ", c.getKey())).startsWith(c.getValue());
            assertThat(cli.err().strip()).as("one line").doesNotContain("\n");
        }
        assertThat(out.resolve("checkpoints")).doesNotExist();
    }

    @Test
    void metalrsFlagsSetTheRuleAndTheSpellingsOptionsGoOverThem(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        assertThat(cli.run(args(out, "--max-iters", "3", "--method", "metalr:every=3", "--lookahead", "optimizer",
                "--hyper-normalize", "cosine", "--lr-bounds", "0.01x,10x", "--lr-update", "log", "--meta-every", "2")))
                .as(cli.err()).isZero();
        JsonNode config = RunFiles.readTree(out.resolve("config.json"));
        assertThat(config.at("/train/method").asText()).isEqualTo("metalr:every=3");
        JsonNode rule = config.at("/train/rule");
        assertThat(rule.get("name").asText()).isEqualTo("cosine");
        assertThat(rule.get("direction").asText()).isEqualTo("optimizer");
        assertThat(rule.get("normalize").asText()).isEqualTo("cosine");
        assertThat(rule.get("update").asText()).isEqualTo("log");
        assertThat(rule.get("bounds").asText()).isEqualTo("0.01x,10.0x");
        assertThat(rule.get("metaEvery").asInt()).as("the spelling's every over --meta-every").isEqualTo(3);
        assertThat(config.at("/run/flags/--meta-every").asInt()).isEqualTo(2);
        // iterations 2 and 3 are plain steps: no validation loss at a look-ahead
        List<String> losses = Files.readAllLines(out.resolve("losses.csv"));
        assertThat(losses).hasSize(4);
    }

    @Test
    void aRunStartedUnderTheFormerDefaultRuleResumesWithRuleOfficialAndIsRefusedWithoutIt(@TempDir Path tmp)
            throws Exception {
        Path out = tmp.resolve("out");
        assertThat(cli.run(args(out, "--max-iters", "1", "--rule", "official"))).as(cli.err()).isZero();
        // the flags as a run recorded them when official was the default, and the defaults were not the rule's
        Path file = out.resolve(RunFiles.CONFIG);
        ObjectNode config = (ObjectNode) RunFiles.readTree(file);
        ObjectNode flags = (ObjectNode) config.at("/run/flags");
        flags.put("--lookahead", "gradient").put("--hyper-normalize", "none").put("--meta-every", 1);
        RunFiles.write(file, config);

        assertThat(cli.run(args(out, "--resume", "--max-iters", "2"))).isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("metalr: invalid setting 'rule': was \"official\" when " + out
                + " was started, now \"cosine\"; continue with --rule official (as it was started) or choose another"
                + " --out");
        assertThat(cli.run(args(out, "--resume", "--max-iters", "2", "--rule", "official"))).as(cli.err()).isZero();
        assertThat(RunFiles.readTree(file).at("/train/rule/name").asText()).isEqualTo("official");
        // a rule flag that differs from the run's is still refused (the resume recorded the flags as given)
        assertThat(cli.run(args(out, "--resume", "--rule", "official", "--hyper-normalize", "cosine"))).isEqualTo(2);
        assertThat(cli.err().strip()).startsWith("metalr: invalid setting 'hyper-normalize': was null when")
                .endsWith("now \"cosine\"; continue without --hyper-normalize or choose another --out");
    }

    @Test
    void aFolderThatHoldsARunIsNotOverwritten(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        assertThat(cli.run(args(out, "--max-iters", "1"))).as(cli.err()).isZero();
        assertThat(cli.run(args(out))).isEqualTo(2);
        assertThat(cli.err().strip()).startsWith("metalr: invalid setting 'out': " + out + " already holds a run");
        assertThat(cli.run(args(out, "--resume", "--lr", "0.02"))).isEqualTo(2);
        assertThat(cli.err().strip()).startsWith("metalr: invalid setting 'lr': was 0.01 when " + out
                + " was started, now 0.02");
    }

    @Test
    void mismatchedWeightsNameTheTensors(@TempDir Path tmp) throws Exception {
        Network other = SmallCnn.network(3, 8, 3);
        Path weights = tmp.resolve("w8.safetensors");
        Weights.save(weights, other, Initializers.kaiming(other, 1));
        assertThat(cli.run(args(tmp.resolve("out"), "--weights", weights.toString()))).isEqualTo(2);
        assertThat(cli.err()).startsWith("metalr: ").contains("conv1.weight").doesNotContain("\tat ");
    }
}
