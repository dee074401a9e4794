package org.metalr.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs one measuring child process (a JVM running {@link ConfigRun}, or the PyTorch reference script)
 * and reads the {@link ConfigResult} it prints as {@code RESULT {json}}. Its standard error goes to a
 * temporary file whose tail is reported when the child fails.
 */
final class ChildProcess {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ChildProcess() {}

    /**
     * Runs {@code command} to completion.
     *
     * @param environment variables to set in the child (a null value removes one)
     * @param failure     the result to fill with the error when the child prints no result
     * @return the child's result, or {@code failure} carrying the exit status and the end of its stderr
     */
    static ConfigResult run(List<String> command, Map<String, String> environment, ConfigResult failure) {
        Path errors = null;
        try {
            errors = Files.createTempFile("metalr-bench-", ".stderr");
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(errors.toFile());
            environment.forEach((k, v) -> {
                if (v == null) {
                    pb.environment().remove(k);
                } else {
                    pb.environment().put(k, v);
                }
            });
            Process process = pb.start();
            process.getOutputStream().close();
            String resultLine = null;
            List<String> otherOutput = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith(ConfigRun.RESULT_PREFIX)) {
                        resultLine = line.substring(ConfigRun.RESULT_PREFIX.length());
                    } else {
                        otherOutput.add(line);
                    }
                }
            }
            int status = process.waitFor();
            if (resultLine != null) {
                return JSON.readValue(resultLine, ConfigResult.class);
            }
            List<String> tail = new ArrayList<>(otherOutput);
            tail.addAll(Files.readAllLines(errors, StandardCharsets.UTF_8));
            return withError(failure, "exited with status " + status + " without a result; last output: "
                    + String.join(" | ", tail.subList(Math.max(0, tail.size() - 8), tail.size())));
        } catch (IOException e) {
            return withError(failure, "could not run " + command.get(0) + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return withError(failure, "interrupted");
        } finally {
            if (errors != null) {
                try {
                    Files.deleteIfExists(errors);
                } catch (IOException e) {
                    // a leftover temporary file is harmless
                }
            }
        }
    }

    private static ConfigResult withError(ConfigResult r, String error) {
        return ConfigResult.failed(r.engine(), r.workload(), r.step(), r.threads(), error);
    }
}
