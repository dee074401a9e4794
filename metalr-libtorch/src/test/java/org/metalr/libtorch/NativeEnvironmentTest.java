package org.metalr.libtorch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NativeEnvironmentTest {

    @Test
    void theFileListsTheWaitPolicyHugePagesAndMallocSettings() {
        assertThat(NativeEnvironment.defaults()).containsExactly(
                Map.entry("OMP_WAIT_POLICY", "PASSIVE"), Map.entry("THP_MEM_ALLOC_ENABLE", "1"),
                Map.entry("MALLOC_ARENA_MAX", "1"), Map.entry("MALLOC_MMAP_MAX_", "0"),
                Map.entry("MALLOC_TRIM_THRESHOLD_", "68719476736"));
    }

    @Test
    void theTestSuiteRunsInTheSameEnvironmentAsTheCommand() {
        // the root pom's surefire environmentVariables repeat native.env
        assertThat(NativeEnvironment.current()).isEqualTo(NativeEnvironment.defaults());
    }

    @Test
    void aChildGetsEveryDefaultButKeepsTheValuesItHas() {
        Map<String, String> env = new HashMap<>(Map.of("OMP_WAIT_POLICY", "ACTIVE", "PATH", "/bin"));
        NativeEnvironment.addDefaults(env);
        assertThat(env).containsEntry("OMP_WAIT_POLICY", "ACTIVE").containsEntry("PATH", "/bin")
                .containsEntry("THP_MEM_ALLOC_ENABLE", "1").containsEntry("MALLOC_ARENA_MAX", "1")
                .hasSize(NativeEnvironment.defaults().size() + 1);
    }

    @Test
    void theJobScriptLinesExportEachDefaultUnlessSetWhenBashRunsThem() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", NativeEnvironment.shellExports()
                + "for k in " + String.join(" ", NativeEnvironment.defaults().keySet()) + "; do echo \"$k=${!k}\"; done");
        pb.environment().keySet().removeAll(NativeEnvironment.defaults().keySet());
        pb.environment().put("MALLOC_ARENA_MAX", "4");
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        Map<String, String> expected = new java.util.LinkedHashMap<>(NativeEnvironment.defaults());
        expected.put("MALLOC_ARENA_MAX", "4");
        StringBuilder lines = new StringBuilder();
        expected.forEach((k, v) -> lines.append(k).append('=').append(v).append('\n'));
        assertThat(out).isEqualTo(lines.toString());
    }
}
