package org.metalr.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The PyTorch rows of the table: runs {@code pytorch_reference.py} once per step, in its own process,
 * when the interpreter can import torch. The script knows the ResNet-18 workload only.
 */
final class PythonReference {

    /** The script's MetaLR step: the released code's iteration as released. */
    static final String RELEASED_CODE = "released-code";

    private PythonReference() {}

    /**
     * Why the reference cannot run, or empty when it can: {@code python -c "import torch"} must
     * succeed and the script must exist.
     */
    static Optional<String> unavailableReason(BenchOptions o) {
        if (o.skipPython()) {
            return Optional.of("PyTorch rows skipped: --no-python");
        }
        if (!Files.isRegularFile(o.pythonScript())) {
            return Optional.of("PyTorch rows skipped: no reference script at " + o.pythonScript());
        }
        try {
            Process p = new ProcessBuilder(o.python(), "-c", "import torch, torchvision")
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.of("PyTorch rows skipped: '" + o.python() + " -c \"import torch\"' did not finish");
            }
            if (p.exitValue() != 0) {
                String text = new String(output, StandardCharsets.UTF_8).trim();
                String last = text.isEmpty() ? "exit status " + p.exitValue() : text.substring(text.lastIndexOf('\n') + 1);
                return Optional.of("PyTorch rows skipped: " + o.python() + " cannot import torch and torchvision (" + last + ")");
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("PyTorch rows skipped: cannot run " + o.python() + " (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("PyTorch rows skipped: interrupted");
        }
    }

    /** The script's steps matching the Java steps asked for: the plain ones, and its MetaLR step for any MetaLR one. */
    static List<String> steps(List<StepKind> javaSteps) {
        List<String> out = new ArrayList<>();
        for (StepKind k : List.of(StepKind.PLAIN_SGD, StepKind.PLAIN_ADAM)) {
            if (javaSteps.contains(k)) {
                out.add(k.id());
            }
        }
        if (javaSteps.stream().anyMatch(StepKind::learnsRates)) {
            out.add(RELEASED_CODE);
        }
        return out;
    }

    /** Runs one step of the script with the run's settings; {@code soakRound}: whether memory may be followed. */
    static ConfigResult run(BenchOptions o, Workload workload, String step, boolean soakRound) {
        List<String> command = new ArrayList<>(List.of(o.python(), o.pythonScript().toString(), "--step", step,
                "--threads", String.valueOf(o.threads()), "--warmup", String.valueOf(o.warmup()),
                "--iterations", String.valueOf(o.iterations()), "--batch", String.valueOf(workload.batchSize())));
        command.addAll(o.soakFlags(workload.id(), step, soakRound));
        return ChildProcess.run(command, BenchMain.childEnvironment(o),
                ConfigResult.failed("pytorch", workload.id(), step, o.threads(), null));
    }
}
