package org.metalr.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.HostTensor;
import org.metalr.api.net.Network;
import org.metalr.backends.Backends;
import org.metalr.data.volume.IntensityWindow;
import org.metalr.data.volume.NiftiReader;
import org.metalr.data.volume.SlidingWindow;
import org.metalr.data.volume.Volume;
import org.metalr.libtorch.SharedLibTorch;
import org.metalr.models.Initializers;
import org.metalr.models.UNet3D;
import org.metalr.train.EvalSettings;
import org.metalr.train.TrainConfig;
import org.metalr.train.VolumeInference;

/**
 * Whole-volume evaluation of Models Genesis' 3D U-Net ({@code metalr-bench/run eval}): seconds per volume and
 * voxels per second, today's settings (64x64x32 tiles, one per forward) against the new defaults (each
 * volume's tile within the 2 GiB budget), on a synthetic 512x512x128 volume and, where Debian's
 * {@code mricron-data} is installed, the Colin27 T1 MRI (181x217x181) windowed as the LiTS loader windows
 * CT. Time is wall time and the process's CPU time (all threads, native included); where a volume would
 * take longer than {@code --max-seconds}, the evaluation stops there and the figure is extrapolated from
 * the tiles done (marked). The share of the time spent outside {@code forward} (cutting tiles, stitching)
 * is reported too.
 *
 * <pre>
 * metalr-bench/run eval [--backends javacpp,djl] [--widths 8,32] [--volumes synthetic,colin27]
 *                       [--threads 2] [--max-seconds 300] [--memory-mib 2048]
 * </pre>
 */
public final class EvalBench {

    static final Path COLIN27 = Path.of("/usr/share/mricron/templates/ch2.nii.gz");

    private EvalBench() {}

    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super(null, null, false, false);
        }
    }

    public static void main(String[] args) throws Exception {
        List<String> backends = List.of("javacpp", "djl");
        List<Integer> widths = List.of(8, 32);
        List<String> volumes = List.of("synthetic", "colin27");
        int threads = 2;
        double maxSeconds = 300;
        long memory = EvalSettings.DEFAULT_MEMORY_MIB;
        Path weights = null;
        List<String> tiles = List.of("64,64,32", "auto");
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--backends" -> backends = List.of(v.split(","));
                case "--widths" -> widths = List.of(v.split(",")).stream().map(Integer::valueOf).toList();
                case "--volumes" -> volumes = List.of(v.split(","));
                case "--threads" -> threads = Integer.parseInt(v);
                case "--max-seconds" -> maxSeconds = Double.parseDouble(v);
                case "--memory-mib" -> memory = Long.parseLong(v);
                case "--weights" -> weights = Path.of(v);
                case "--tiles" -> tiles = List.of(v.split(";"));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        SharedLibTorch.setThreads(threads);
        if (weights != null) {
            tileEffect(weights, widths.get(0), backends.get(0), tiles, memory);
            return;
        }
        System.err.println("metalr bench eval on " + MachineInfo.current().describe() + ", threads " + threads
                + ", CPU tensors on " + SharedLibTorch.cpuPages() + ", load average " + MachineInfo.loadAverage());
        System.out.println("| volume | width | engine | setting | tile | tiles | s / volume | CPU s / volume | voxels / s"
                + " | outside forward | peak - start RSS MiB | estimate MiB |");
        System.out.println("|---|--:|---|---|---|--:|--:|--:|--:|--:|--:|--:|");
        for (String name : volumes) {
            Optional<Volume> volume = volume(name);
            if (volume.isEmpty()) {
                System.err.println("skipping " + name + ": " + COLIN27 + " not found (Debian's mricron-data)");
                continue;
            }
            for (int width : widths) {
                for (String setting : List.of("today", "new")) {
                    for (String backend : backends) {
                        System.out.println(row(volume.get(), name, width, backend, setting, memory, maxSeconds));
                    }
                }
            }
        }
        System.err.println("load average at the end " + MachineInfo.loadAverage());
    }

    static Optional<Volume> volume(String name) throws Exception {
        if (name.equals("colin27")) {
            if (!Files.isRegularFile(COLIN27)) {
                return Optional.empty();
            }
            return Optional.of(IntensityWindow.MODELS_GENESIS_CT.apply(NiftiReader.read(COLIN27).toVolume()));
        }
        if (!name.equals("synthetic")) {
            throw new IllegalArgumentException("volumes are synthetic and colin27, not " + name);
        }
        int nx = 512;
        int ny = 512;
        int nz = 128;
        float[] data = new float[nx * ny * nz];
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    double r = Math.hypot(x - nx / 2.0, y - ny / 2.0);
                    data[x + nx * (y + ny * z)] = r < 200 ? 0.5f + 0.1f * (float) Math.sin(x * 0.1 + z * 0.2) : 0f;
                }
            }
        }
        return Optional.of(new Volume(nx, ny, nz, data));
    }

    private static String row(Volume image, String name, int width, String backend, String setting, long memory,
            double maxSeconds) {
        Network net = UNet3D.network(1, width);
        Map<String, HostTensor> state = Initializers.torchDefault(net, 1);
        SlidingWindow crop = SlidingWindow.modelsGenesis(0.25);
        EvalSettings e = setting.equals("today") ? EvalSettings.defaults().withTile(List.of(64, 64, 32))
                : EvalSettings.defaults().withMemoryMiB(memory);
        try (Differentiable m = Backends.named(backend).create(net, state, DType.FLOAT32)) {
            System.err.println("CPU convolutions: " + SharedLibTorch.convolutions()); // decided as the model opened
            VolumeInference inference = VolumeInference.of(crop, TrainConfig.builder().evaluation(e).build(),
                    Optional.of(net), m.unfoldsConvolutions());
            SlidingWindow w = inference.window(image.nx(), image.ny(), image.nz());
            long[] forwardNanos = {0};
            int[] progress = {0, 1};
            Differentiable timed = new TimedForward(m, forwardNanos);
            resetPeak();
            double startMiB = ProcMemory.read().rssMiB();
            long cpu0 = processCpuNanos();
            long t0 = System.nanoTime();
            boolean stopped = false;
            try {
                inference.predict(timed, image, (done, total) -> {
                    progress[0] = done;
                    progress[1] = total;
                    if ((System.nanoTime() - t0) / 1e9 > maxSeconds && done < total) {
                        throw new Stop();
                    }
                });
            } catch (Stop s) {
                stopped = true;
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpu = (processCpuNanos() - cpu0) / 1e9;
            double scale = (double) progress[1] / progress[0];
            double perVolume = seconds * scale;
            String mark = stopped ? String.format(Locale.ROOT, " (from %d of %d tiles)", progress[0], progress[1]) : "";
            double estimate = inference.estimatedBytesPerVoxel() * w.sizeX() * w.sizeY() * w.sizeZ() / 1048576;
            return String.format(Locale.ROOT, "| %s %dx%dx%d | %d | %s | %s | %dx%dx%d | %d | %.1f%s | %.1f | %.0f | %.1f%% | %.0f | %.0f |",
                    name, image.nx(), image.ny(), image.nz(), width, backend, setting, w.sizeX(), w.sizeY(), w.sizeZ(),
                    progress[1], perVolume, mark, cpu * scale, image.voxelCount() / perVolume,
                    100 * (1 - forwardNanos[0] / 1e9 / seconds), ProcMemory.read().peakMiB() - startMiB, estimate);
        }
    }

    /**
     * The effect of the tile on the Colin27 prediction of one trained U-Net ({@code --weights}, e.g. a run's
     * {@code best.safetensors}): Dice against the brain mask ({@code ch2bet > 0}) per tile setting, and how far
     * the probabilities and the thresholded labels move from the first setting's.
     */
    static void tileEffect(Path weights, int width, String backend, List<String> tiles, long memory) throws Exception {
        Volume image = volume("colin27").orElseThrow(() -> new IllegalStateException(COLIN27 + " not found"));
        Volume bet = NiftiReader.read(COLIN27.resolveSibling("ch2bet.nii.gz")).toVolume();
        float[] labels = bet.toArray();
        for (int i = 0; i < labels.length; i++) {
            labels[i] = labels[i] > 0 ? 1 : 0;
        }
        Volume mask = new Volume(bet.nx(), bet.ny(), bet.nz(), labels, bet.spacing());
        Network net = UNet3D.network(1, width);
        Map<String, HostTensor> state = org.metalr.models.checkpoint.SafetensorsReader.read(weights).tensors();
        System.out.println("| tile setting | tile | tiles | Dice | mean abs. change of p | max abs. change of p"
                + " | voxels changing label |");
        System.out.println("|---|---|--:|--:|--:|--:|--:|");
        float[] first = null;
        try (Differentiable m = Backends.named(backend).create(net, state, DType.FLOAT32)) {
            System.err.println("CPU convolutions: " + SharedLibTorch.convolutions()); // decided as the model opened
            for (String t : tiles) {
                EvalSettings e = t.equals("auto") ? EvalSettings.defaults().withMemoryMiB(memory)
                        : EvalSettings.defaults().withTile(List.of(t.split(",")).stream().map(Integer::valueOf).toList());
                VolumeInference inference = VolumeInference.of(SlidingWindow.modelsGenesis(0.25),
                        TrainConfig.builder().evaluation(e).build(), Optional.of(net), m.unfoldsConvolutions());
                SlidingWindow w = inference.window(image.nx(), image.ny(), image.nz());
                float[] p = inference.predict(m, image, (d, n) -> { });
                org.metalr.train.metrics.SegmentationAccumulator acc = new org.metalr.train.metrics.SegmentationAccumulator();
                float[] clamped = p.clone();
                for (int i = 0; i < clamped.length; i++) {
                    clamped[i] = Math.min(1f, Math.max(0f, clamped[i]));
                }
                acc.addVolume("colin27", clamped, mask);
                double dice = acc.result().segmentation().meanDice();
                double sum = 0;
                double max = 0;
                long flips = 0;
                if (first == null) {
                    first = p;
                }
                for (int i = 0; i < p.length; i++) {
                    double d = Math.abs(p[i] - first[i]);
                    sum += d;
                    max = Math.max(max, d);
                    flips += (p[i] >= 0.5f) != (first[i] >= 0.5f) ? 1 : 0;
                }
                System.out.printf(Locale.ROOT, "| %s | %dx%dx%d | %d | %.4f | %.2e | %.2e | %d (%.2f%%) |%n", t, w.sizeX(),
                        w.sizeY(), w.sizeZ(), w.tiles(image).size(), dice, sum / p.length, max, flips,
                        100.0 * flips / p.length);
            }
        }
    }

    /** Resets the process's peak resident memory to its current value (Linux: {@code clear_refs} 5). */
    private static void resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (java.io.IOException e) {
            System.err.println("cannot reset the peak resident memory: " + e.getMessage());
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
