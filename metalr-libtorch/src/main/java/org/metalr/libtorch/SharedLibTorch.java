package org.metalr.libtorch;

import java.io.File;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.pytorch.global.torch;
import org.metalr.api.DType;
import org.metalr.api.Device;
import org.metalr.api.net.ConvSignature;
import org.metalr.api.net.Network;

/**
 * The one LibTorch of the process. Two copies of LibTorch in one JVM abort it (both register into
 * c10's one dispatcher), so JavaCPP's build is loaded first and DJL's PyTorch engine is pointed at
 * the same directory before it starts: DJL then loads only its JNI glue from {@code pytorch-jni}.
 *
 * <p>Every backend calls {@link #load()} before its first native call. Loading is lazy and happens
 * once; later calls return at once.
 */
public final class SharedLibTorch {

    /** The LibTorch version of JavaCPP's presets, which DJL's JNI glue must match. */
    public static final String VERSION = "2.7.1";

    /** System property with the number of intra-op threads; LibTorch's default when unset. */
    public static final String THREADS_PROPERTY = "metalr.threads";

    /**
     * System property choosing LibTorch's CPU convolutions: {@code auto} (the default: oneDNN while the
     * convolutions of every float32 network opened check out on this CPU, see {@link OneDnnCheck}),
     * {@code on} (oneDNN, unchecked) or {@code off} (LibTorch's native kernels).
     */
    public static final String ONEDNN_PROPERTY = "metalr.onednn";

    /**
     * Environment variable that makes LibTorch's CPU allocator align allocations of 2 MiB and more to huge
     * pages and advise the kernel to back them so ({@code c10::alloc_cpu}). Without it a 3D U-Net pass, whose
     * activations are tens of MiB each, spends about a third of its time in the kernel faulting in fresh 4
     * KiB pages. LibTorch reads it once, at its first allocation, so it must be set before the JVM starts;
     * it is one of {@link NativeEnvironment}'s variables.
     */
    public static final String HUGE_PAGES_VARIABLE = "THP_MEM_ALLOC_ENABLE";

    private static final String KERNEL_HUGE_PAGES = "/sys/kernel/mm/transparent_hugepage/enabled";

    private static volatile String libraryDir;
    private static volatile OneDnnCheck oneDnn;

    private SharedLibTorch() {}

    /**
     * Loads JavaCPP's LibTorch, tells DJL where it is (system properties {@code PYTORCH_LIBRARY_PATH},
     * {@code PYTORCH_VERSION}, {@code PYTORCH_FLAVOR}, offline mode), applies {@value #THREADS_PROPERTY}
     * and {@value #ONEDNN_PROPERTY}. Idempotent and thread-safe.
     *
     * @return the directory holding the loaded LibTorch
     * @throws IllegalStateException if the environment points DJL at another LibTorch
     * @throws IllegalArgumentException if {@value #THREADS_PROPERTY} or {@value #ONEDNN_PROPERTY} has a bad value
     */
    public static String load() {
        String dir = libraryDir;
        if (dir != null) {
            return dir;
        }
        synchronized (SharedLibTorch.class) {
            if (libraryDir == null) {
                requireDriverFor(SharedLibTorch.class.getClassLoader().getResource(CUDA_BUILD_MARKER) != null,
                        new File(NVIDIA_DRIVER_FILE).isFile());
                String path = Loader.load(torch.class);
                if (path == null) {
                    throw new IllegalStateException("JavaCPP could not load LibTorch for " + Loader.getPlatform());
                }
                String loadedDir = new File(path).getParentFile().getAbsolutePath();
                String fromEnv = System.getenv("PYTORCH_LIBRARY_PATH");
                if (fromEnv != null && !new File(fromEnv).getAbsoluteFile().equals(new File(loadedDir))) {
                    throw new IllegalStateException("PYTORCH_LIBRARY_PATH=" + fromEnv
                            + " would make DJL load a second LibTorch next to " + loadedDir + "; unset it");
                }
                System.setProperty("PYTORCH_LIBRARY_PATH", loadedDir);
                System.setProperty("PYTORCH_VERSION", VERSION);
                System.setProperty("PYTORCH_FLAVOR", flavor(loadedDir));
                System.setProperty("ai.djl.offline", "true");
                String threads = System.getProperty(THREADS_PROPERTY);
                if (threads != null && !threads.isBlank()) {
                    torch.set_num_threads(parseThreads(threads));
                }
                oneDnn = new OneDnnCheck(System.getProperty(ONEDNN_PROPERTY, "auto").trim());
                libraryDir = loadedDir;
            }
            return libraryDir;
        }
    }

    /** A file only JavaCPP's CUDA build of LibTorch ships. */
    static final String CUDA_BUILD_MARKER = "org/bytedeco/pytorch/linux-x86_64-gpu/libtorch_cuda.so";
    /** Present where the NVIDIA kernel driver is loaded. */
    static final String NVIDIA_DRIVER_FILE = "/proc/driver/nvidia/version";

    /**
     * The CUDA build of LibTorch aborts the process while loading where no NVIDIA driver is present,
     * so that case is refused with a message before the load.
     */
    static void requireDriverFor(boolean cudaBuildOnClasspath, boolean driverPresent) {
        if (cudaBuildOnClasspath && !driverPresent) {
            throw new IllegalStateException("this is the CUDA build of LibTorch (built with -Pcuda), but no NVIDIA"
                    + " driver is loaded (" + NVIDIA_DRIVER_FILE + " is missing); build without -Pcuda to run on the CPU");
        }
    }

    /**
     * DJL's name for the build: {@code cu128} for JavaCPP's CUDA build (the {@code -gpu} classifier,
     * which ships {@code libtorch_cuda.so}), {@code cpu} otherwise. DJL picks the matching JNI glue
     * from {@code pytorch-jni} by it.
     */
    static String flavor(String libraryDir) {
        return new File(libraryDir, "libtorch_cuda.so").isFile() ? "cu128" : "cpu";
    }

    /** Whether the loaded LibTorch was built with CUDA. */
    public static boolean cudaBuild() {
        return flavor(load()).startsWith("cu");
    }

    /** Number of CUDA devices LibTorch sees (0 on a CPU build or a machine without a GPU). */
    public static int cudaDevices() {
        load();
        return cudaBuild() ? (int) torch.cuda_device_count() : 0;
    }

    /** Sets LibTorch's process-wide intra-op thread count. */
    public static void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("thread count must be >= 1: " + threads);
        }
        load();
        torch.set_num_threads(threads);
    }

    private static int parseThreads(String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(THREADS_PROPERTY + " must be a whole number >= 1, got '" + value + "'");
    }

    /**
     * What the process computes CPU convolutions with now, and why, in words for reports: for example
     * {@code "oneDNN: checked for this network's 11 convolution shapes"} or
     * {@code "native: oneDNN wrong for conv2d 24->8 3x3 (output) on this CPU"}. It can change when a model
     * opens ({@link #opening}), so a report reads it after its models have opened.
     */
    public static String convolutions() {
        load();
        return oneDnn.status();
    }

    /**
     * A backend calls this before it builds a model of {@code network} in {@code dtype} on {@code device}:
     * for a float32 CPU model under {@value #ONEDNN_PROPERTY}{@code =auto}, checks the network's
     * convolution signatures not checked before in this process (a few float32 and float64 passes each,
     * milliseconds to seconds for the largest 3D ones), then leaves oneDNN on only if every float32
     * network opened so far passed. Nothing else is affected. Loads LibTorch.
     */
    public static void opening(Network network, DType dtype, Device device) {
        load();
        if (dtype == DType.FLOAT32 && !device.isCuda()) {
            oneDnn.opening(ConvSignature.of(network));
        }
    }

    /**
     * A binding calls this before it wraps a model of the user's own in {@code dtype} on {@code device}:
     * its convolutions are unknown, so a float32 CPU one turns oneDNN off for the rest of the process
     * (under {@code auto}). Loads LibTorch.
     */
    public static void openingUnknown(DType dtype, Device device) {
        load();
        if (dtype == DType.FLOAT32 && !device.isCuda()) {
            oneDnn.openingUnknown();
        }
    }

    /**
     * Whether a model in {@code dtype} on {@code device} convolves now with LibTorch's native kernels, which
     * unfold the input into a column buffer: everything but float32 on the CPU with oneDNN on. A CUDA
     * model counts as unfolding too, the conservative answer (cuDNN's workspaces have not been measured).
     */
    public static boolean unfoldsConvolutions(DType dtype, Device device) {
        load();
        return device.isCuda() || dtype != DType.FLOAT32 || !oneDnn.enabled();
    }

    /**
     * How LibTorch's CPU tensors get their pages, in words for reports: huge pages where
     * {@value #HUGE_PAGES_VARIABLE}{@code =1} and the kernel allows them ({@code always} or {@code madvise}),
     * else 4 KiB pages and why.
     */
    public static String cpuPages() {
        if (!"1".equals(System.getenv(HUGE_PAGES_VARIABLE))) {
            return "4 KiB pages (" + HUGE_PAGES_VARIABLE + " not 1)";
        }
        String kernel;
        try {
            String line = java.nio.file.Files.readString(java.nio.file.Path.of(KERNEL_HUGE_PAGES)).trim();
            int open = line.indexOf('[');
            kernel = open < 0 ? line : line.substring(open + 1, line.indexOf(']', open));
        } catch (java.io.IOException | RuntimeException e) {
            kernel = "unknown";
        }
        if (kernel.equals("never")) {
            return "4 KiB pages (transparent huge pages off in the kernel)";
        }
        return "huge pages (" + HUGE_PAGES_VARIABLE + "=1, kernel: " + kernel + ")";
    }

    /** The process's oneDNN decision (for tests of this package). */
    static OneDnnCheck oneDnnCheck() {
        load();
        return oneDnn;
    }

    /** LibTorch's current intra-op thread count. */
    public static int threads() {
        load();
        return torch.get_num_threads();
    }
}
