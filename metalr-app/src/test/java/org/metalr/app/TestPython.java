package org.metalr.app;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a Python interpreter in a test and collects its exit status and output (stdout and stderr). */
final class TestPython {

    record Result(int exitCode, String output) {
    }

    private TestPython() {
    }

    static Result run(Path python, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(python.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("python did not finish: " + command);
        }
        return new Result(process.exitValue(), output);
    }
}
