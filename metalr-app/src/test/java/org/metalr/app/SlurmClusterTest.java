package org.metalr.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code metalr slurm compare} against a real one-node Slurm cluster started for the test ({@link SlurmCluster}:
 * munged, slurmctld and slurmd of Debian's slurm-wlm and munge, as root): the job array of two workers and the
 * collect job after it write the files of a single-process {@code compare}. Skipped, saying why, where the
 * daemons are not installed or do not start.
 */
@Tag("slurm")
class SlurmClusterTest {

    /** How long the sweep may take on the cluster, queueing included. */
    private static final long SWEEP_SECONDS = 900;

    @Test
    void aJobArrayOfTwoWorkersAndItsCollectJobWriteTheFilesOfOneProcess(@TempDir Path tmp) throws Exception {
        try (SlurmCluster cluster = SlurmCluster.start(Files.createDirectories(tmp.resolve("cluster")))) {
            Path data = TestData.splitFolders(tmp.resolve("data"), 4, 2, 2);
            Path single = tmp.resolve("single");
            TestData.Cli cli = new TestData.Cli();
            assertThat(cli.run(SmallSweep.compare(data, single))).as(cli.err()).isZero();

            // the command a user types on the login node; the scripts it submits start this JVM's java and class path
            Path out = tmp.resolve("slurm-sweep");
            Process submit = TestData.child(tmp.resolve("submit"), cluster.environment(),
                    prepend(SmallSweep.compare(data, out), "slurm", "--workers", "2"));
            assertThat(submit.waitFor(120, TimeUnit.SECONDS)).as("metalr slurm ended").isTrue();
            String submitted = Files.readString(tmp.resolve("submit.out"));
            assertThat(submit.exitValue()).as(submitted + Files.readString(tmp.resolve("submit.err"))).isZero();
            assertThat(submitted).contains("submitted 2 worker(s) as job ");

            Path logs = out.resolve("slurm");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SWEEP_SECONDS);
            while (!(Files.exists(out.resolve("comparison.csv")) && cluster.queueEmpty())) {
                assertThat(System.nanoTime() < deadline).as(() -> "the sweep did not end in " + SWEEP_SECONDS
                        + " s; queue:\n" + queue(cluster) + jobLogs(logs) + cluster.logs()).isTrue();
                Thread.sleep(1000);
            }
            String workers = Files.readString(logs.resolve("worker-0.out")) + Files.readString(logs.resolve("worker-1.out"));
            assertThat(SmallSweep.count(workers, "worker done: ")).as(jobLogs(logs)).isEqualTo(2);
            for (String label : new String[] {"last, seed 0:", "last, seed 1:", "metalr, seed 0:", "metalr, seed 1:"}) {
                assertThat(SmallSweep.count(workers, label + " test accuracy")).as(label).isEqualTo(1);
            }
            assertThat(Files.readString(logs.resolve("collect.out"))).as(jobLogs(logs)).contains("table: ");
            SmallSweep.assertSameSweep(out, single, SmallSweep.COMPARE_RUNS);
        }
    }

    private static String[] prepend(String[] args, String... first) {
        String[] all = new String[first.length + args.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(args, 0, all, first.length, args.length);
        return all;
    }

    private static String queue(SlurmCluster cluster) {
        try {
            return cluster.client("squeue");
        } catch (Exception e) {
            return "(squeue failed: " + e.getMessage() + ")\n";
        }
    }

    /** The jobs' own logs, for a failure's message. */
    private static String jobLogs(Path logs) {
        StringBuilder s = new StringBuilder();
        for (String name : new String[] {"worker-0.out", "worker-1.out", "collect.out"}) {
            Path f = logs.resolve(name);
            try {
                s.append("== ").append(name).append('\n').append(Files.exists(f) ? Files.readString(f) : "(none)\n");
            } catch (java.io.IOException e) {
                s.append("(unreadable)\n");
            }
        }
        return s.toString();
    }
}
