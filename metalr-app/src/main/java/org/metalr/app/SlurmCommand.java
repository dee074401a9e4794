package org.metalr.app;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.metalr.api.UserInputException;
import org.metalr.api.io.AtomicFiles;
import org.metalr.libtorch.NativeEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * A sweep on a Slurm cluster: one job array of N workers ({@code compare --worker}, or {@code grid}) and
 * a collect job that starts when the array has ended, each a batch script in {@code OUT/slurm/} with its
 * log there ({@code worker-<i>.out}, {@code collect.out}). The nodes must share the comparison folder's
 * file system, with working POSIX locks (see {@link org.metalr.api.io.FolderLock}), and this Java and
 * class path.
 */
@Command(name = "slurm", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a sweep (compare or grid, with its own options) on a Slurm cluster: a job",
                "array of --workers workers and a collect job after it, logs in OUT/slurm/.",
                "Example: metalr slurm compare --data D --out O --workers 8 --partition gpu",
                "--gpus-per-worker 1 --time 4:00:00"})
final class SlurmCommand implements Callable<Integer> {

    /** The sweeps a cluster can run. */
    private static final List<String> SWEEPS = List.of("compare", "grid");

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SWEEP", description = "compare or grid")
    private String sweep;

    /** The sweep's own options, handed to it unchanged. */
    @Unmatched
    private List<String> sweepArgs = new ArrayList<>();

    @Option(names = "--workers", paramLabel = "N", required = true, description = "workers in the job array")
    private int workers;

    @Option(names = "--partition", paramLabel = "P", description = "the Slurm partition (default: the cluster's)")
    private String partition;

    @Option(names = "--time", paramLabel = "T", description = "each job's time limit, as Slurm spells it (4:00:00)")
    private String time;

    @Option(names = "--cpus-per-worker", paramLabel = "C", defaultValue = "1",
            description = "cores of each worker, also its --threads (default: ${DEFAULT-VALUE})")
    private int cpus;

    @Option(names = "--gpus-per-worker", paramLabel = "G", defaultValue = "0",
            description = "GPUs of each worker; with one or more, the worker trains on cuda:0 of its own (default:"
                    + " ${DEFAULT-VALUE})")
    private int gpus;

    @Option(names = "--sbatch-arg", paramLabel = "ARG", description = "another #SBATCH line for both jobs (repeatable),"
            + " e.g. --sbatch-arg=--account=lab")
    private List<String> sbatchArgs = new ArrayList<>();

    @Option(names = "--dry-run", description = "print the scripts and how they would be submitted; submit nothing")
    private boolean dryRun;

    @Override
    public Integer call() throws IOException, InterruptedException {
        check();
        PrintWriter console = spec.commandLine().getOut();
        Path logs = out().toAbsolutePath().normalize().resolve("slurm");
        String workerScript = script("workers", logs.resolve("worker-%a.out"), true,
                Sweep.LocalWorkers.args(command(), "--worker", cpus));
        String collectScript = script("collect", logs.resolve("collect.out"), false,
                Sweep.LocalWorkers.args(command(), "--collect", cpus));
        Path workerFile = logs.resolve("workers.sbatch");
        Path collectFile = logs.resolve("collect.sbatch");
        if (dryRun) {
            console.println("# " + workerFile);
            console.print(workerScript);
            console.println("# " + collectFile);
            console.print(collectScript);
            console.println("# submitted as:");
            console.println("jobid=$(sbatch --parsable " + workerFile + ")");
            console.println("sbatch --dependency=afterany:${jobid%%;*} " + collectFile);
            console.flush();
            return 0;
        }
        Path sbatch = onPath("sbatch").orElseThrow(() -> new UserInputException("sbatch is not on the PATH: this"
                + " machine cannot submit Slurm jobs; run on a login node, or print the scripts with --dry-run"));
        Files.createDirectories(logs);
        AtomicFiles.writeString(workerFile, workerScript);
        AtomicFiles.writeString(collectFile, collectScript);
        String jobId = submit(sbatch, "--parsable", workerFile.toString());
        String collectId = submit(sbatch, "--parsable", "--dependency=afterany:" + jobId, collectFile.toString());
        console.printf("submitted %d worker(s) as job %s and the collect job %s; logs in %s%n", workers, jobId,
                collectId, logs);
        console.flush();
        return 0;
    }

    private void check() {
        if (!SWEEPS.contains(sweep)) {
            throw new UserInputException("slurm runs compare or grid, not '" + sweep + "'");
        }
        if (workers < 1) {
            throw new UserInputException("--workers must be >= 1, got " + workers);
        }
        if (cpus < 1) {
            throw new UserInputException("--cpus-per-worker must be >= 1, got " + cpus);
        }
        if (gpus < 0) {
            throw new UserInputException("--gpus-per-worker must be >= 0, got " + gpus);
        }
        for (String a : sweepArgs) {
            if (a.equals("--worker") || a.equals("--collect") || a.startsWith("--parallel")) {
                throw new UserInputException("slurm schedules the workers itself; drop " + a);
            }
        }
        // the sweep's own options are checked now, not on the cluster (picocli names the bad one)
        try {
            new CommandLine(new Main()).setOverwrittenOptionsAllowed(true).parseArgs(command().toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new UserInputException(sweep + ": " + e.getMessage());
        }
    }

    /** The sweep's command line as given, its name first, with the device of a GPU worker. */
    private List<String> command() {
        List<String> c = new ArrayList<>();
        c.add(sweep);
        c.addAll(sweepArgs);
        if (gpus > 0) {
            c.addAll(List.of("--device", "cuda:0")); // Slurm makes the job's own GPUs the visible ones
        }
        return c;
    }

    /** The sweep's {@code --out}, or its default. */
    private Path out() {
        Path out = Path.of("runs", sweep);
        for (int i = 0; i < sweepArgs.size(); i++) {
            String a = sweepArgs.get(i);
            if (a.equals("--out") && i + 1 < sweepArgs.size()) {
                out = Path.of(sweepArgs.get(i + 1));
            } else if (a.startsWith("--out=")) {
                out = Path.of(a.substring("--out=".length()));
            }
        }
        return out;
    }

    private String script(String job, Path log, boolean array, List<String> args) {
        StringBuilder s = new StringBuilder("#!/bin/bash\n");
        s.append("#SBATCH --job-name=metalr-").append(sweep).append('-').append(job).append('\n');
        if (array) {
            s.append("#SBATCH --array=0-").append(workers - 1).append('\n');
        }
        s.append("#SBATCH --ntasks=1\n");
        s.append("#SBATCH --cpus-per-task=").append(cpus).append('\n');
        if (gpus > 0) { // the collect job too: it starts the same device, as command.json records it
            s.append("#SBATCH --gpus=").append(gpus).append('\n');
        }
        if (partition != null) {
            s.append("#SBATCH --partition=").append(partition).append('\n');
        }
        if (time != null) {
            s.append("#SBATCH --time=").append(time).append('\n');
        }
        s.append("#SBATCH --output=").append(log).append('\n');
        for (String a : sbatchArgs) {
            s.append("#SBATCH ").append(a).append('\n');
        }
        s.append(NativeEnvironment.shellExports());
        s.append("cd ").append(quote(Path.of("").toAbsolutePath().toString())).append('\n');
        List<String> command = Sweep.LocalWorkers.javaCommand();
        command.addAll(args);
        s.append("exec");
        for (String a : command) {
            s.append(' ').append(quote(a));
        }
        return s.append('\n').toString();
    }

    /** {@code a} as one shell word. */
    static String quote(String a) {
        return a.matches("[A-Za-z0-9_@%+=:,./-]+") ? a : "'" + a.replace("'", "'\\''") + "'";
    }

    private static java.util.Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path p = Path.of(dir).resolve(name);
                if (Files.isExecutable(p)) {
                    return java.util.Optional.of(p);
                }
            }
        }
        return java.util.Optional.empty();
    }

    /** Runs sbatch; returns the job id it prints. */
    private static String submit(Path sbatch, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(sbatch.toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes()).strip();
        if (p.waitFor() != 0) {
            throw new IOException("sbatch failed: " + output);
        }
        return output.split(";")[0];
    }
}
