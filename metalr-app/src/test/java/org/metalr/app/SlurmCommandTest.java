package org.metalr.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code metalr slurm}: the job array and collect job it would submit. */
class SlurmCommandTest {

    private final TestData.Cli cli = new TestData.Cli();

    @Test
    void dryRunPrintsAJobArrayOfWorkersAndADependentCollectJob(@TempDir Path tmp) {
        Path out = tmp.resolve("sweep");
        assertThat(cli.run("slurm", "compare", "--data", "d", "--model", "small-cnn", "--threads", "8", "--out",
                out.toString(), "--seeds", "0,1", "--workers", "3", "--partition", "gpu", "--time", "4:00:00",
                "--cpus-per-worker", "2", "--gpus-per-worker", "1", "--sbatch-arg=--account=lab's", "--dry-run"))
                .as(cli.err()).isZero();
        String text = cli.out();
        Path logs = out.toAbsolutePath().resolve("slurm");
        String workers = text.substring(text.indexOf("# " + logs.resolve("workers.sbatch")),
                text.indexOf("# " + logs.resolve("collect.sbatch")));
        String collect = text.substring(text.indexOf("# " + logs.resolve("collect.sbatch")), text.indexOf("# submitted"));
        List<String> lines = workers.lines().toList();
        assertThat(lines.get(1)).isEqualTo("#!/bin/bash");
        assertThat(lines).contains("#SBATCH --job-name=metalr-compare-workers", "#SBATCH --array=0-2",
                "#SBATCH --ntasks=1", "#SBATCH --cpus-per-task=2", "#SBATCH --gpus=1", "#SBATCH --partition=gpu",
                "#SBATCH --time=4:00:00", "#SBATCH --output=" + logs.resolve("worker-%a.out"),
                "#SBATCH --account=lab's");
        String exec = lines.get(lines.size() - 1);
        assertThat(exec).startsWith("exec " + Path.of(System.getProperty("java.home"), "bin", "java"))
                .contains(" org.metalr.app.Main compare --data d --model small-cnn --out " + out + " --seeds 0,1"
                        + " --device cuda:0 --worker --threads 2")
                .doesNotContain("--threads 8");
        List<String> collectLines = collect.lines().toList();
        assertThat(collectLines).contains("#SBATCH --job-name=metalr-compare-collect",
                "#SBATCH --output=" + logs.resolve("collect.out")).noneMatch(l -> l.startsWith("#SBATCH --array"));
        assertThat(collectLines.get(collectLines.size() - 1)).endsWith(" --collect --threads 2");
        assertThat(text).contains("jobid=$(sbatch --parsable " + logs.resolve("workers.sbatch") + ")\n"
                + "sbatch --dependency=afterany:${jobid%%;*} " + logs.resolve("collect.sbatch"));
        assertThat(out).doesNotExist(); // a dry run writes nothing
    }

    @Test
    void quotesWhatTheShellWouldSplit() {
        assertThat(SlurmCommand.quote("a/b-c.d:e")).isEqualTo("a/b-c.d:e");
        assertThat(SlurmCommand.quote("a b")).isEqualTo("'a b'");
        assertThat(SlurmCommand.quote("it's")).isEqualTo("'it'\\''s'");
    }

    @Test
    void refusesBadSweepsBeforeAnyJob(@TempDir Path tmp) {
        assertThat(cli.run("slurm", "finetune", "--workers", "2", "--dry-run")).isEqualTo(2);
        assertThat(cli.err()).contains("slurm runs compare or grid, not 'finetune'");
        assertThat(cli.run("slurm", "compare", "--data", "d", "--epochs", "x", "--workers", "2", "--dry-run"))
                .isEqualTo(2);
        assertThat(cli.err()).contains("compare: ").contains("--epochs");
        assertThat(cli.run("slurm", "compare", "--data", "d", "--worker", "--workers", "2", "--dry-run")).isEqualTo(2);
        assertThat(cli.err()).contains("slurm schedules the workers itself; drop --worker");
    }

    @Test
    void refusesToSubmitWithoutSbatch(@TempDir Path tmp) throws Exception {
        // a child whose PATH has no sbatch (this machine may have Slurm's clients installed)
        Process p = TestData.child(tmp.resolve("log"), Map.of("PATH", tmp.resolve("empty").toString()), "slurm",
                "compare", "--data", "d", "--out", tmp.resolve("o").toString(), "--workers", "2");
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(Files.readString(tmp.resolve("log.err"))).contains("sbatch is not on the PATH");
        assertThat(tmp.resolve("o")).doesNotExist();
    }
}
