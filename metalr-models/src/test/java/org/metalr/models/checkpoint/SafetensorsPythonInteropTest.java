package org.metalr.models.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.api.HostTensor;

/**
 * A file written by {@link SafetensorsWriter} is checked by src/test/python/check_safetensors.py, an
 * independent reader (struct, json, numpy) that also verifies the specification's layout rules.
 * Skipped where no Python with numpy is found; set -Dmetalr.python to choose the interpreter.
 */
class SafetensorsPythonInteropTest {

    @TempDir
    Path dir;

    @Test
    void pythonReadsWhatJavaWrites() throws Exception {
        String python = System.getProperty("metalr.python", "python3");
        assumeTrue(run(List.of(python, "-c", "import numpy")).exitCode == 0, "no " + python + " with numpy");
        Path script = Path.of(System.getProperty("basedir", "")).toAbsolutePath()
                .resolve("src/test/python/check_safetensors.py");
        assumeTrue(Files.isRegularFile(script), "no " + script);

        Map<String, HostTensor> tensors = SafetensorsWriterTest.sample();
        Path file = dir.resolve("java.safetensors");
        SafetensorsWriter.write(file, tensors, Map.of("writer", "metalr"));
        Path expected = Files.write(dir.resolve("expected.json"), Fixtures.JSON.writeValueAsBytes(records(tensors)));

        Result r = run(List.of(python, script.toString(), file.toString(), expected.toString()));
        assertThat(r.exitCode).as(r.output).isZero();
        assertThat(r.output).contains("OK (5 tensors)");
    }

    /** The tensors in check_safetensors.py's format. */
    private static Map<String, Object> records(Map<String, HostTensor> tensors) {
        Map<String, Object> out = new LinkedHashMap<>();
        tensors.forEach((name, t) -> {
            List<Object> values = new ArrayList<>();
            if (t.kind() == HostTensor.Kind.INT64) {
                for (long v : t.toLongArray()) {
                    values.add(v);
                }
            } else {
                for (double v : t.toDoubleArray()) {
                    values.add(Double.isNaN(v) ? "nan" : Double.isInfinite(v) ? (v > 0 ? "inf" : "-inf") : (Object) v);
                }
            }
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("dtype", switch (t.kind()) {
                case FLOAT32 -> "float32";
                case FLOAT64 -> "float64";
                case INT64 -> "int64";
            });
            record.put("shape", t.shape());
            record.put("values", values);
            out.put(name, record);
        });
        return out;
    }

    private record Result(int exitCode, String output) {}

    private static Result run(List<String> command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out: " + command);
            }
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.toString());
        }
    }
}
