package org.metalr.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.metalr.runs.RunReport;
import org.metalr.train.StopRequest;
import org.metalr.runs.RunFiles;
import sun.misc.Signal;

/**
 * SIGINT (Ctrl-C) and SIGTERM during training: the run stops at its next iteration boundary with a
 * checkpoint, is marked {@code interrupted}, and the command prints one line on how to continue and exits
 * with 130 (SIGINT) or 143 (SIGTERM), as a shell expects of a process stopped by those signals. If no
 * boundary comes within {@link #GRACE_SECONDS} seconds (a long evaluation), the process leaves the last
 * checkpoint as it is, marks the run interrupted and exits at once; so does a second signal. Installed
 * once per process, on the first call of {@link #stopRequest()}: commands that do not train keep the
 * JVM's default handling.
 */
final class Signals {

    /** How long a stop waits for the next iteration boundary. */
    static final int GRACE_SECONDS = 5;

    private static final Map<String, Integer> EXIT_CODES = Map.of("SIGINT", 130, "SIGTERM", 143);

    private static StopRequest request;

    private Signals() {}

    /** The process's stop request, its handlers installed on the first call. */
    static synchronized StopRequest stopRequest() {
        if (request == null) {
            request = new StopRequest();
            for (String name : EXIT_CODES.keySet()) {
                String signal = name.substring(3);
                try {
                    Signal.handle(new Signal(signal), s -> stop(name));
                } catch (IllegalArgumentException e) {
                    // the JVM keeps this signal for itself (-Xrs, or a debugger): its default stays
                }
            }
        }
        return request;
    }

    /** The exit status of a process stopped by {@code signal} ("SIGTERM"): 128 plus its number. */
    static int exitCode(String signal) {
        return EXIT_CODES.getOrDefault(signal, Failures.FAILURE);
    }

    private static void stop(String signal) {
        StopRequest r = request;
        if (r.requested().isPresent()) {
            giveUp(r, signal, "a second " + signal);
        }
        r.request(signal);
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(GRACE_SECONDS * 1000L);
            } catch (InterruptedException e) {
                return;
            }
            giveUp(r, signal, "no iteration boundary within " + GRACE_SECONDS + " s");
        }, "metalr-stop");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** Leaves the last checkpoint, marks the run interrupted and ends the process now. */
    private static void giveUp(StopRequest r, String signal, String why) {
        PrintStream err = System.err;
        String where = r.runDir().map(dir -> {
            markInterrupted(dir, signal + " before an iteration boundary; the last checkpoint is at iteration "
                    + r.lastCheckpoint());
            return " the run in " + dir + " keeps its checkpoint of iteration " + r.lastCheckpoint() + ";";
        }).orElse("");
        err.println("metalr: " + signal + " (" + why + "):" + where + " run the same command again"
                + " (finetune: with --resume) to continue");
        err.flush();
        Runtime.getRuntime().halt(exitCode(signal));
    }

    private static void markInterrupted(Path dir, String message) {
        Path metrics = dir.resolve(RunFiles.METRICS);
        try {
            if (Files.isRegularFile(metrics)) {
                JsonNode report = RunFiles.readTree(metrics);
                if (report instanceof ObjectNode o && RunReport.RUNNING.equals(o.path("status").asText())) {
                    o.put("status", RunReport.INTERRUPTED);
                    o.put("message", message);
                    RunFiles.write(metrics, o);
                }
            }
        } catch (Exception e) {
            // the process is ending on a signal; the checkpoint is what matters and it is on disk
        }
    }
}
