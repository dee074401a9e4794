package org.metalr.app;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A one-node Slurm cluster of this machine for a test: its own {@code munged} (key, socket, pid, log and
 * seed files under the cluster's folder), {@code slurmctld} and {@code slurmd} in the foreground on free
 * ports, with a generated {@code slurm.conf} for this host (no accounting, no cgroups). Clients reach it
 * through {@link #environment()} ({@code SLURM_CONF}). Needs Debian's {@code slurm-wlm} and {@code munge}
 * and root (slurmd runs jobs as their user); {@link #start} aborts the calling test (an assumption) with
 * the reason where a daemon is missing or does not come up. {@link #close} cancels the cluster's jobs and
 * ends every process it started.
 */
final class SlurmCluster implements AutoCloseable {

    /** How long the daemons get to bring the node up. */
    private static final long START_SECONDS = 60;

    private final Path dir;
    private final Path conf;
    private final List<Process> daemons = new ArrayList<>();

    private SlurmCluster(Path dir) {
        this.dir = dir;
        this.conf = dir.resolve("slurm.conf");
    }

    /** Starts the cluster in {@code dir} and waits for its node to be idle; aborts the test if it cannot. */
    static SlurmCluster start(Path dir) throws Exception {
        Optional<Path> munged = program("munged");
        Optional<Path> slurmctld = program("slurmctld");
        Optional<Path> slurmd = program("slurmd");
        assumeTrue(munged.isPresent() && slurmctld.isPresent() && slurmd.isPresent()
                && program("sbatch").isPresent() && program("sinfo").isPresent() && program("squeue").isPresent(),
                "Slurm's daemons and clients (Debian's slurm-wlm and munge) are not installed");
        assumeTrue("root".equals(System.getProperty("user.name")), "the test's Slurm cluster runs as root");
        SlurmCluster cluster = new SlurmCluster(dir);
        try {
            cluster.startDaemons(munged.get(), slurmctld.get(), slurmd.get());
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void startDaemons(Path munged, Path slurmctld, Path slurmd) throws Exception {
        Path munge = Files.createDirectories(dir.resolve("munge"));
        Path state = Files.createDirectories(dir.resolve("state"));
        Path spool = Files.createDirectories(dir.resolve("spool"));
        Path log = Files.createDirectories(dir.resolve("log"));
        Path key = munge.resolve("munge.key");
        byte[] bytes = new byte[1024];
        new SecureRandom().nextBytes(bytes);
        Files.write(key, bytes);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Path socket = munge.resolve("munge.socket");
        // -f: munged refuses a socket under folders that not everyone may enter, as a test's temporary folder
        daemon("munged", munged.toString(), "-F", "-f", "--key-file=" + key, "--socket=" + socket,
                "--pid-file=" + munge.resolve("munged.pid"), "--log-file=" + log.resolve("munged.log"),
                "--seed-file=" + munge.resolve("munged.seed"));
        awaitFile(socket, "munged");

        String host = output("hostname", "-s").strip();
        // the node as slurmd finds it (CPUs, sockets, cores, RealMemory), so that it registers as it is
        String node = output(slurmd.toString(), "-C").lines().filter(l -> l.startsWith("NodeName=")).findFirst()
                .orElseThrow(() -> new IllegalStateException("slurmd -C printed no NodeName line"))
                .replaceFirst("^NodeName=\\S+", "NodeName=" + host);
        String text = String.join("\n",
                "ClusterName=metalr-test",
                "SlurmctldHost=" + host,
                "SlurmctldPort=" + freePort(),
                "SlurmdPort=" + freePort(),
                "AuthType=auth/munge",
                "CredType=cred/munge",
                "AuthInfo=socket=" + socket,
                "SlurmUser=root",
                "SlurmdUser=root",
                "StateSaveLocation=" + state,
                "SlurmdSpoolDir=" + spool,
                "SlurmctldPidFile=" + dir.resolve("slurmctld.pid"),
                "SlurmdPidFile=" + dir.resolve("slurmd.pid"),
                "SlurmctldLogFile=" + log.resolve("slurmctld.log"),
                "SlurmdLogFile=" + log.resolve("slurmd.log"),
                "ProctrackType=proctrack/linuxproc",
                "TaskPlugin=task/none",
                "SelectType=select/cons_tres",
                "SelectTypeParameters=CR_CPU",
                "ReturnToService=2",
                "MpiDefault=none",
                "JobAcctGatherType=jobacct_gather/none",
                "AccountingStorageType=accounting_storage/none",
                node + " State=UNKNOWN",
                "PartitionName=test Nodes=" + host + " Default=YES MaxTime=INFINITE State=UP", "");
        Files.writeString(conf, text);
        daemon("slurmctld", slurmctld.toString(), "-D", "-f", conf.toString());
        daemon("slurmd", slurmd.toString(), "-D", "-f", conf.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        String states = "";
        while (System.nanoTime() < deadline) {
            for (Process p : daemons) {
                assumeTrue(p.isAlive(), () -> "a Slurm daemon ended on start:\n" + logs());
            }
            states = client("sinfo", "-h", "-o", "%T").strip();
            if (states.equals("idle")) {
                return;
            }
            Thread.sleep(500);
        }
        String last = states;
        assumeTrue(false, () -> "the Slurm node did not become idle in " + START_SECONDS + " s (sinfo: " + last
                + "):\n" + logs());
    }

    /** What a Slurm client needs in its environment to reach this cluster. */
    Map<String, String> environment() {
        return Map.of("SLURM_CONF", conf.toString());
    }

    /** Whether the cluster has no job pending or running. */
    boolean queueEmpty() throws IOException, InterruptedException {
        return client("squeue", "-h").isBlank();
    }

    /** The daemons' logs, for a failure's message. */
    String logs() {
        StringBuilder s = new StringBuilder();
        try (Stream<Path> files = Files.list(dir.resolve("log"))) {
            for (Path f : files.sorted().toList()) {
                List<String> lines = Files.readAllLines(f);
                s.append("== ").append(f.getFileName()).append('\n');
                lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(l -> s.append(l).append('\n'));
            }
        } catch (IOException e) {
            s.append("(logs unreadable: ").append(e.getMessage()).append(")\n");
        }
        return s.toString();
    }

    /** Cancels the cluster's jobs, then ends slurmd, slurmctld and munged, in that order. */
    @Override
    public void close() throws InterruptedException {
        if (daemons.size() == 3 && daemons.stream().allMatch(Process::isAlive)) {
            try {
                client("scancel", "--user=" + System.getProperty("user.name"));
                for (int i = 0; i < 20 && !queueEmpty(); i++) {
                    Thread.sleep(500);
                }
            } catch (IOException e) {
                // the daemons are ended below all the same
            }
        }
        for (int i = daemons.size() - 1; i >= 0; i--) {
            Process p = daemons.get(i);
            p.destroy();
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
            }
        }
        daemons.clear();
    }

    private void daemon(String name, String... command) throws IOException {
        Path log = dir.resolve("log").resolve(name + ".stderr");
        daemons.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start());
    }

    private void awaitFile(Path file, String daemon) throws Exception {
        for (int i = 0; i < 100 && !Files.exists(file); i++) {
            assumeTrue(daemons.get(daemons.size() - 1).isAlive(), () -> daemon + " ended on start:\n" + logs());
            Thread.sleep(100);
        }
        assumeTrue(Files.exists(file), () -> daemon + " did not create " + file + ":\n" + logs());
    }

    /** A Slurm client command's output, run against this cluster. */
    String client(String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(environment());
        return run(pb);
    }

    private static String output(String... command) throws IOException, InterruptedException {
        return run(new ProcessBuilder(command).redirectErrorStream(true));
    }

    private static String run(ProcessBuilder pb) throws IOException, InterruptedException {
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(pb.command() + " did not end");
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A program on the PATH or in the system's sbin folders (where Debian puts the daemons). */
    private static Optional<Path> program(String name) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/local/sbin"));
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, name)).filter(Files::isExecutable)
                .findFirst();
    }
}
