package org.metalr.app;

import java.util.function.IntSupplier;
import org.metalr.api.Backend;
import org.metalr.api.Device;
import org.metalr.api.UserInputException;
import org.metalr.backends.Backends;
import org.metalr.libtorch.SharedLibTorch;
import picocli.CommandLine.Option;

/** Where the numbers are computed: {@code --backend}, {@code --threads}, {@code --device}, {@code --loader-threads}. */
@HelpSection("Run")
final class RuntimeOptions {

    @Option(names = "--backend", description = "djl or javacpp (default: ${DEFAULT-VALUE})", defaultValue = Backends.DEFAULT)
    String backend;

    @Option(names = "--threads", paramLabel = "N", description = "LibTorch intra-op threads (default: LibTorch's, one per core)")
    Integer threads;

    @Option(names = "--device", description = "cpu, or cuda[:i] in the CUDA build (-Pcuda) with a visible GPU: the"
            + " model, its optimizer state and evaluation on the GPU, checkpoints and reports on the host (default:"
            + " ${DEFAULT-VALUE})", defaultValue = "cpu")
    String device;

    @Option(names = "--loader-threads", paramLabel = "N",
            description = "image decoding threads, 0 to decode on the training thread (default: ${DEFAULT-VALUE})",
            defaultValue = "2")
    int loaderThreads;

    /**
     * Checks the device and thread settings, applies the thread count, and returns the backend.
     *
     * @throws UserInputException for an unknown backend, a bad thread count, or a device this build
     *     cannot use
     */
    Backend start() {
        Backend b = Backends.named(backend);
        if (threads != null && threads < 1) {
            throw new UserInputException("--threads must be >= 1, got " + threads);
        }
        if (loaderThreads < 0) {
            throw new UserInputException("--loader-threads must be >= 0, got " + loaderThreads);
        }
        device();
        if (threads != null) {
            SharedLibTorch.setThreads(threads);
        }
        return b;
    }

    /**
     * The device {@code --device} names, checked against the loaded LibTorch.
     *
     * @throws UserInputException naming the flag as {@link #checkDevice}
     */
    Device device() {
        return checkDevice(device, SharedLibTorch::cudaBuild, SharedLibTorch::cudaDevices);
    }

    /**
     * {@code cpu}, or {@code cuda[:i]} when LibTorch is a CUDA build that sees device {@code i}.
     *
     * @param cudaBuild whether the loaded LibTorch was built with CUDA (asked only for a CUDA device)
     * @param visible   how many CUDA devices it sees (asked only on a CUDA build)
     * @throws UserInputException naming {@code --device} for a malformed value, a CPU-only build, or a
     *     device LibTorch does not see
     */
    static Device checkDevice(String text, java.util.function.BooleanSupplier cudaBuild, IntSupplier visible) {
        Device d;
        try {
            d = Device.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--device must be cpu or cuda[:i], got '" + text + "'", e);
        }
        if (!d.isCuda()) {
            return d;
        }
        if (!cudaBuild.getAsBoolean()) {
            throw new UserInputException("--device " + text + ": this build of metalr runs LibTorch "
                    + SharedLibTorch.VERSION + " for the CPU only (build with -Pcuda for CUDA); use --device cpu");
        }
        int devices = visible.getAsInt();
        if (d.index() >= devices) {
            throw new UserInputException("--device " + text + ": LibTorch sees " + (devices == 0
                    ? "no CUDA device (check the NVIDIA driver and CUDA_VISIBLE_DEVICES)"
                    : devices + " CUDA device(s), cuda:0 to cuda:" + (devices - 1)) + "; use --device cpu or another"
                    + " index");
        }
        return d;
    }
}
