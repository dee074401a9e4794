package org.metalr.app;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.metalr.api.Backend;
import org.metalr.backends.Backends;
import org.metalr.libtorch.SharedLibTorch;
import picocli.CommandLine.Option;

/** Where the numbers are computed: {@code --backend}, {@code --threads}, {@code --device}, {@code --loader-threads}. */
final class RuntimeOptions {

    private static final Pattern CUDA = Pattern.compile("cuda(?::(\\d+))?");

    @Option(names = "--backend", description = "djl or javacpp (default: ${DEFAULT-VALUE})", defaultValue = Backends.DEFAULT)
    String backend;

    @Option(names = "--threads", paramLabel = "N", description = "LibTorch intra-op threads (default: LibTorch's, one per core)")
    Integer threads;

    @Option(names = "--device", description = "cpu or cuda[:i] (default: ${DEFAULT-VALUE})", defaultValue = "cpu")
    String device;

    @Option(names = "--loader-threads", paramLabel = "N",
            description = "image decoding threads, 0 to decode on the training thread (default: ${DEFAULT-VALUE})",
            defaultValue = "2")
    int loaderThreads;

    /**
     * Checks the device and thread settings, applies the thread count, and returns the backend.
     *
     * @throws org.metalr.api.UserInputException for an unknown backend
     * @throws IllegalArgumentException for a bad thread count, or a device this build cannot use
     */
    Backend start() {
        Backend b = Backends.named(backend);
        if (threads != null && threads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
        }
        if (loaderThreads < 0) {
            throw new IllegalArgumentException("--loader-threads must be >= 0, got " + loaderThreads);
        }
        checkDevice(device);
        if (threads != null) {
            SharedLibTorch.setThreads(threads);
        }
        return b;
    }

    /**
     * Accepts {@code cpu}; refuses {@code cuda[:i]} with the reason: a CPU-only LibTorch, a device that
     * does not exist, or backends that place models on the CPU only.
     */
    static void checkDevice(String device) {
        if (device.equals("cpu")) {
            return;
        }
        Matcher m = CUDA.matcher(device);
        if (!m.matches()) {
            throw new IllegalArgumentException("--device must be cpu or cuda[:i], got '" + device + "'");
        }
        if (!SharedLibTorch.cudaBuild()) {
            throw new IllegalArgumentException("--device " + device + ": this build of metalr runs LibTorch "
                    + SharedLibTorch.VERSION + " for the CPU only (build with -Pcuda for CUDA); use --device cpu");
        }
        int index = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
        int devices = SharedLibTorch.cudaDevices();
        if (index >= devices) {
            throw new IllegalArgumentException("--device " + device + ": LibTorch sees " + devices + " CUDA device(s)");
        }
        throw new IllegalArgumentException("--device " + device + ": the backends place models on the CPU only in"
                + " this version; use --device cpu");
    }
}
