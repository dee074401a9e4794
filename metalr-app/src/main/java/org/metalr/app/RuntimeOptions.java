package org.metalr.app;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.metalr.api.UserInputException;
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
     * The backend called {@code name} ({@code --backend}).
     *
     * @throws UserInputException for a name no backend has
     */
    static Backend backend(String name) {
        if (!Backends.available().contains(name)) {
            throw new UserInputException("unknown backend '" + name + "'; available: "
                    + String.join(", ", Backends.available()));
        }
        return Backends.named(name);
    }

    /**
     * Checks the device and thread settings, applies the thread count, and returns the backend.
     *
     * @throws UserInputException for an unknown backend, a bad thread count, or a device this
     *     build cannot use
     */
    Backend start() {
        Backend b = backend(backend);
        if (threads != null && threads < 1) {
            throw new UserInputException("--threads must be >= 1, got " + threads);
        }
        if (loaderThreads < 0) {
            throw new UserInputException("--loader-threads must be >= 0, got " + loaderThreads);
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
            throw new UserInputException("--device must be cpu or cuda[:i], got '" + device + "'");
        }
        if (!SharedLibTorch.cudaBuild()) {
            throw new UserInputException("--device " + device + ": this build of metalr runs LibTorch "
                    + SharedLibTorch.VERSION + " for the CPU only (build with -Pcuda for CUDA); use --device cpu");
        }
        int index = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
        int devices = SharedLibTorch.cudaDevices();
        if (index >= devices) {
            throw new UserInputException("--device " + device + ": LibTorch sees " + devices + " CUDA device(s)");
        }
        throw new UserInputException("--device " + device + ": the backends place models on the CPU only in"
                + " this version; use --device cpu");
    }
}
