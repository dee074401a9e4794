package org.metalr.libtorch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment LibTorch's CPU work runs in ({@code native.env} next to this class, which the shell
 * launchers read too): OpenMP's wait policy, LibTorch's huge-page allocation and glibc's malloc keeping
 * freed memory. The OpenMP runtime, LibTorch and glibc read these once, when the process starts, so a JVM
 * cannot set them for itself: whoever starts one does, keeping any value the user already set. Without
 * them results are the same and evaluation of a 3D U-Net is several times slower.
 */
public final class NativeEnvironment {

    private static final Map<String, String> DEFAULTS = read();

    private NativeEnvironment() {}

    /** Every variable with the value this project runs with, in the file's order. */
    public static Map<String, String> defaults() {
        return DEFAULTS;
    }

    /** Adds each variable {@code environment} does not have yet (a child process's, before it starts). */
    public static void addDefaults(Map<String, String> environment) {
        DEFAULTS.forEach(environment::putIfAbsent);
    }

    /** Shell lines that export each variable unless already set, for job scripts. */
    public static String shellExports() {
        StringBuilder s = new StringBuilder();
        DEFAULTS.forEach((k, v) -> s.append("export ").append(k).append("=\"${").append(k).append(":-").append(v)
                .append("}\"\n"));
        return s.toString();
    }

    /** This process's value of each variable ({@code "unset"} where it has none), for reports. */
    public static Map<String, String> current() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : DEFAULTS.keySet()) {
            String v = System.getenv(k);
            m.put(k, v == null ? "unset" : v);
        }
        return m;
    }

    private static Map<String, String> read() {
        Map<String, String> m = new LinkedHashMap<>();
        try (InputStream in = NativeEnvironment.class.getResourceAsStream("native.env")) {
            if (in == null) {
                throw new IllegalStateException("native.env is missing next to " + NativeEnvironment.class.getName());
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                int eq = t.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalStateException("native.env: not KEY=VALUE: " + line);
                }
                m.put(t.substring(0, eq), t.substring(eq + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Collections.unmodifiableMap(m);
    }
}
