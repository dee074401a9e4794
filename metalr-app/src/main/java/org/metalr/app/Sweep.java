package org.metalr.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.metalr.api.Device;
import org.metalr.api.UserInputException;
import org.metalr.api.io.FolderInUseException;
import org.metalr.api.io.FolderLock;
import org.metalr.libtorch.NativeEnvironment;
import org.metalr.libtorch.SharedLibTorch;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs a sweep ({@link MethodComparison}) the way {@link SweepOptions} asks and hands the finished runs to
 * the command, which writes its comparison.
 *
 * <p><b>Locks.</b> Every run folder has its own {@link FolderLock}: whoever trains a run holds it (a worker
 * claims the folder with {@link FolderLock#tryAcquire} and trains under that same hold), so a run is trained
 * by one process at a time and a run whose holder died is taken over from its last checkpoint. The
 * comparison folder's lock guards {@code command.json} and the comparison files: a single-process sweep and
 * {@code --collect} hold it for their whole life; a worker holds it only briefly, to check and record the
 * flags when it starts and to write the comparison when it finds every run finished (if another worker is
 * writing it then, it leaves that to it). A worker that finds the folder held by a single-process sweep is
 * refused, as is a single-process sweep that meets a run a worker holds.
 */
final class Sweep {

    /** How long a worker waits between passes while other workers hold the runs left. */
    static final long POLL_MILLIS = 1000;

    /** How long a starting worker waits for another worker's brief hold of the comparison folder. */
    private static final long START_WAIT_MILLIS = 600_000;

    private static final String DEVICE = "--device";

    /** A purpose that marks a worker's (brief) hold of the comparison folder. */
    private static final String WORKER = " worker";

    /** What the command makes of its finished runs: its comparison files. */
    @FunctionalInterface
    interface Results {
        void write(MethodComparison.Outcome outcome) throws IOException;
    }

    private Sweep() {}

    /**
     * Runs the sweep as {@code mode} says and, where this process is the one to, writes its results under
     * the comparison folder's lock.
     *
     * @return the exit status (a local worker's, if one failed)
     */
    static int run(SweepOptions mode, CommandSpec spec, String command, Path out, Map<String, Object> flags,
            Set<String> mayChange, RuntimeOptions runtime, MethodComparison sweep, PrintWriter console,
            Results results) throws IOException {
        mode.check();
        try {
            if (mode.parallel != null) {
                int status = LocalWorkers.run(spec, mode.parallel, runtime, console);
                if (status != 0) {
                    return status;
                }
            }
            if (mode.worker) {
                startWorker(out, command, flags, mayChange);
                sweep.showEpochs();
                MethodComparison.Outcome outcome = sweep.work(POLL_MILLIS);
                console.printf("worker done: %d run(s) trained here%n", outcome.ran());
                console.flush();
                if (mode.leaveCollect) {
                    return 0; // the --parallel process that started this worker writes and prints the comparison
                }
                Optional<FolderLock> lock = FolderLock.tryAcquire(out, "metalr " + command + WORKER
                        + ", writing the comparison");
                if (lock.isEmpty()) {
                    console.println("another worker writes the comparison");
                    console.flush();
                    return 0;
                }
                try (FolderLock held = lock.get()) {
                    results.write(sweep.collect());
                }
                return 0;
            }
            try (FolderLock lock = MethodComparison.claim(out, command, flags, mayChange)) {
                results.write(mode.collect || mode.parallel != null ? sweep.collect() : sweep.run());
            }
            return 0;
        } catch (MethodComparison.Stopped stopped) {
            console.println(stopped.getMessage());
            console.flush();
            return 0;
        }
    }

    /**
     * Checks and records the flags in {@code command.json} under the comparison folder's lock, waiting
     * while another worker holds it briefly.
     *
     * @throws FolderInUseException if a process other than a worker holds the folder
     */
    private static void startWorker(Path out, String command, Map<String, Object> flags, Set<String> mayChange)
            throws IOException {
        long deadline = System.nanoTime() + START_WAIT_MILLIS * 1_000_000;
        while (true) {
            Optional<FolderLock> lock = FolderLock.tryAcquire(out, "metalr " + command + WORKER + ", starting");
            if (lock.isPresent()) {
                try (FolderLock held = lock.get()) {
                    MethodComparison.record(out, command, flags, mayChange);
                }
                return;
            }
            FolderLock.Holder holder = FolderLock.holder(out).orElse(null);
            if (holder != null && !holder.purpose().contains(WORKER) || System.nanoTime() > deadline) {
                throw new FolderInUseException(out, holder);
            }
            sleep(100);
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** {@code --parallel P}: this command line again as P child processes with {@code --worker}. */
    static final class LocalWorkers {

        private LocalWorkers() {}

        /**
         * Starts the workers as {@link #commands} gives them, shows their output ({@link WorkerLines}: one
         * line per worker on a terminal, else every line with a "[worker i]" prefix), and waits for all.
         *
         * @return 0, or the first nonzero exit status of a worker
         * @throws UserInputException as {@link #commands}, before any worker starts
         */
        static int run(CommandSpec spec, int workers, RuntimeOptions runtime, PrintWriter console) throws IOException {
            Device device = runtime.device();
            List<List<String>> commands = commands(spec.commandLine().getParseResult().originalArgs(), workers,
                    runtime.threads, device, device.isCuda() ? SharedLibTorch.cudaDevices() : 0);
            int each = threadsEach(runtime.threads, workers);
            console.printf("starting %d local workers, %s%n", workers, device.isCuda()
                    ? "cuda:0 to cuda:" + (workers - 1) + ", one each" : each + " LibTorch thread(s) each");
            console.flush();
            List<Process> processes = new ArrayList<>();
            List<Thread> pumps = new ArrayList<>();
            WorkerLines lines = new WorkerLines(workers, console, Progress.onTerminal() ? System.err : null);
            try {
                for (int i = 0; i < workers; i++) {
                    List<String> command = javaCommand();
                    command.addAll(commands.get(i));
                    ProcessBuilder pb = new ProcessBuilder(command);
                    NativeEnvironment.addDefaults(pb.environment());
                    Process p = pb.start();
                    processes.add(p);
                    pumps.add(pump(p.getInputStream(), i, lines));
                    pumps.add(pump(p.getErrorStream(), i, lines));
                }
                int status = 0;
                for (Process p : processes) {
                    int s = p.waitFor();
                    status = status != 0 ? status : s;
                }
                for (Thread t : pumps) {
                    t.join();
                }
                return status;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the local workers", e);
            } finally {
                processes.forEach(Process::destroy);
                lines.close();
            }
        }

        /**
         * This JVM's command up to the main class: the same Java, JVM options (a debugger's aside) and class
         * path, then {@link Main}; the caller appends the command's arguments.
         */
        static List<String> javaCommand() {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (!a.startsWith("-agentlib:jdwp")) {
                    command.add(a);
                }
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
            return command;
        }

        /**
         * Each local worker's arguments: the sweep's command line {@code original} with {@code --worker} and
         * {@code --threads} split ({@code threads}, or one per core, divided by the workers, at least one
         * each); on a CUDA {@code device}, worker k also gets {@code --device cuda:k}, one GPU each.
         *
         * @param visibleCudaDevices the CUDA devices LibTorch sees (read only for a CUDA device)
         * @throws UserInputException naming {@code --parallel} and {@code --device} when a CUDA device is
         *     asked for and fewer than {@code workers} are visible
         */
        static List<List<String>> commands(List<String> original, int workers, Integer threads, Device device,
                int visibleCudaDevices) {
            if (device.isCuda() && visibleCudaDevices < workers) {
                throw new UserInputException("--parallel " + workers + " with --device " + device + " gives each"
                        + " worker a GPU of its own, but LibTorch sees " + visibleCudaDevices + " CUDA device(s); use"
                        + " --parallel " + Math.max(1, visibleCudaDevices) + " or fewer, or --device cpu");
            }
            List<String> args = args(original, "--worker", threadsEach(threads, workers));
            args.add(SweepOptions.LEAVE_COLLECT);
            List<List<String>> commands = new ArrayList<>();
            for (int k = 0; k < workers; k++) {
                List<String> mine = device.isCuda() ? without(args, DEVICE) : new ArrayList<>(args);
                if (device.isCuda()) {
                    mine.addAll(List.of(DEVICE, Device.cuda(k).toString()));
                }
                commands.add(mine);
            }
            return commands;
        }

        /** {@code threads}, or one per core, divided by {@code workers}; at least one. */
        static int threadsEach(Integer threads, int workers) {
            int total = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            return Math.max(1, total / workers);
        }

        /**
         * The sweep's command line {@code original} without {@code --parallel} and {@code --threads}, then
         * {@code mode} ({@code --worker}, {@code --collect}) and {@code --threads each}.
         */
        static List<String> args(List<String> original, String mode, int each) {
            List<String> args = without(without(original, "--parallel"), "--threads");
            args.addAll(List.of(mode, "--threads", Integer.toString(each)));
            return args;
        }

        /** {@code args} without the option {@code name} and its value (as {@code name V} or {@code name=V}). */
        private static List<String> without(List<String> args, String name) {
            List<String> kept = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (a.equals(name)) {
                    i++;
                } else if (!a.startsWith(name + "=")) {
                    kept.add(a);
                }
            }
            return kept;
        }

        private static Thread pump(InputStream in, int worker, WorkerLines lines) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        lines.line(worker, line);
                    }
                } catch (IOException e) {
                    // the worker ended; its exit status tells
                }
            }, "worker output");
            t.setDaemon(true);
            t.start();
            return t;
        }
    }
}
