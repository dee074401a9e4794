package org.metalr.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.data.volume.NiftiDataType;
import org.metalr.data.volume.NiftiWriter;
import org.metalr.data.volume.Volume;
import org.metalr.runs.RunFiles;

/** Segmentation through the command: LiTS volumes, the 3D U-Net, Table 3's figures. */
class LitsCommandTest {

    @TempDir
    static Path shared;

    static Path lits;

    private final TestData.Cli cli = new TestData.Cli();

    /** Five cases of 24x24x16 voxels: a liver-like ellipsoid (+150 HU, labelled 1) in soft tissue and air. */
    @BeforeAll
    static void writeCases() throws Exception {
        lits = writeCases(shared.resolve("lits"));
    }

    /** The five cases in {@code dir}, created; returns {@code dir}. */
    static Path writeCases(Path dir) throws Exception {
        Path lits = Files.createDirectories(dir);
        int nx = 24;
        int ny = 24;
        int nz = 16;
        for (int id = 0; id < 5; id++) {
            float[] hu = new float[nx * ny * nz];
            float[] seg = new float[hu.length];
            SplittableRandom rnd = new SplittableRandom(id);
            for (int z = 0, i = 0; z < nz; z++) {
                for (int y = 0; y < ny; y++) {
                    for (int x = 0; x < nx; x++, i++) {
                        double lx = (x - (0.35 + 0.05 * id) * nx) / (0.25 * nx);
                        double ly = (y - 0.5 * ny) / (0.22 * ny);
                        double lz = (z - 0.5 * nz) / (0.3 * nz);
                        boolean liver = lx * lx + ly * ly + lz * lz < 1;
                        seg[i] = liver ? 1 : 0;
                        hu[i] = (float) Math.round((liver ? 150 : 40) + rnd.nextDouble(-10, 10));
                    }
                }
            }
            double[] spacing = {0.8, 0.8, 2.5};
            new NiftiWriter(NiftiDataType.INT16).write(lits.resolve("volume-" + id + ".nii.gz"),
                    new Volume(nx, ny, nz, hu, spacing));
            new NiftiWriter(NiftiDataType.UINT8).write(lits.resolve("segmentation-" + id + ".nii.gz"),
                    new Volume(nx, ny, nz, seg, spacing));
        }
        return lits;
    }

    private static String[] args(String command, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of(command, "--dataset", "lits", "--data", lits.toString(), "--model",
                "unet3d", "--width", "2", "--crop", "16,16,8", "--crops-per-case", "2", "--epochs", "1", "--batch-size",
                "2", "--threads", "1", "--loader-threads", "0", "--out", out.toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void finetuneAndCompareSegmentTheLiver(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        assertThat(cli.run(args("finetune", run))).as(cli.err()).isZero();
        assertThat(cli.out()).contains("fine-tuning unet3d with metalr on LiTS in " + lits
                + ": 3 training, 1 meta-validation, 1 test cases, classes [liver]").contains("test Dice: ");
        JsonNode metrics = RunFiles.readTree(run.resolve("metrics.json"));
        assertThat(metrics.get("status").asText()).isEqualTo("finished");
        assertThat(metrics.at("/testSelected/meanDice").asDouble()).isBetween(0.0, 1.0);
        // surface figures per case in millimetres, at the default tolerance, with intervals over cases
        assertThat(metrics.at("/testSelected/surfaceToleranceMm").asDouble()).isEqualTo(1.0);
        assertThat(metrics.at("/testSelected/surfaces").size()).isEqualTo(1);
        assertThat(metrics.at("/testSelected/intervals/surfaceDice").isObject()).isTrue();
        assertThat(RunFiles.readTree(run.resolve("config.json")).at("/evaluation/nsdTolerance").asDouble()).isEqualTo(1.0);
        assertThat(Files.readAllLines(run.resolve("lr_trajectory.csv")).get(0)).isEqualTo(
                "iteration,epoch,down_tr64,down_tr128,down_tr256,down_tr512,up_tr256,up_tr128,up_tr64,out_tr");
        assertThat(RunFiles.readTree(run.resolve("config.json")).at("/run/pipeline/crop").toString())
                .isEqualTo("[16,16,8]");
        assertThat(run.resolve("report.html")).isRegularFile();

        Path cmp = tmp.resolve("compare");
        assertThat(cli.run(args("compare", cmp, "--methods", "all,mina:I2:2", "--seeds", "0"))).as(cli.err()).isZero();
        List<String> md = Files.readAllLines(cmp.resolve("comparison.md"));
        assertThat(md.get(2)).startsWith("| method | runs | dice mean ± sd | median [min, max] | Δ mean [95% CI] |");
        assertThat(md.get(4)).startsWith("| all (reference) | 1 | ");
        assertThat(md.get(5)).startsWith("| mina:I2:2 | 1 | ");
        assertThat(md).contains("| method | runs | dice | ppv | sensitivity |");
        assertThat(Files.readString(cmp.resolve("comparison.csv"))).contains("\nhd95,all,all,1,")
                .contains("\nsurface-dice,mina:I2:2,all,1,");
    }

    @Test
    void evalTileTakesAutoAsTheHelpNamesIt(@TempDir Path tmp) throws Exception {
        Path auto = tmp.resolve("auto");
        assertThat(cli.run(args("finetune", auto, "--eval-tile", "auto"))).as(cli.err()).isZero();
        assertThat(RunFiles.readTree(auto.resolve("config.json")).at("/evaluation/tile").asText()).startsWith("auto: ");
        Path fixed = tmp.resolve("fixed");
        assertThat(cli.run(args("finetune", fixed, "--eval-tile", "16,16,8"))).as(cli.err()).isZero();
        assertThat(RunFiles.readTree(fixed.resolve("config.json")).at("/evaluation/tile").toString()).isEqualTo("[16,16,8]");
        assertThat(cli.run(args("finetune", tmp.resolve("bad"), "--eval-tile", "automatic"))).isEqualTo(2);
        assertThat(cli.err()).contains("--eval-tile");
    }

    @Test
    void modelsAndDataMustAgree(@TempDir Path tmp) throws Exception {
        Path images = TestData.splitFolders(tmp.resolve("images"), 2, 1, 1);
        assertThat(cli.run("finetune", "--data", images.toString(), "--model", "unet3d", "--out",
                tmp.resolve("a").toString())).isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("metalr: --model unet3d segments volumes; it needs --dataset lits, not"
                + " the split folders in " + images);
        assertThat(cli.run(args("finetune", tmp.resolve("b"), "--model", "resnet18"))).isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("metalr: --model resnet18 classifies images; the LiTS in " + lits
                + " needs --model unet3d");
        assertThat(cli.run(args("finetune", tmp.resolve("c"), "--crop", "16,16"))).isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("metalr: --crop expects X,Y,Z, got '16,16'");
    }
}
