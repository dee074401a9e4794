package org.metalr.data.volume;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.metalr.api.Batch;
import org.metalr.data.BatchLoader;
import org.metalr.data.BatchStream;
import org.metalr.data.DecodePool;
import org.metalr.data.LoaderConfig;

/**
 * Measures how many 64x64x32 training crops per second a {@link BatchLoader} over a {@link LitsCropSource}
 * delivers from cached volumes (foreground-centred share 0.5, flips on, batches of 8 with their masks), with
 * one decoding thread and with several. Writes two synthetic LiTS-like cases (int16 HU volume, uint8
 * segmentation, gzip) to a temporary folder, loads them once, then times batches only. Not a test: run it
 * by hand from the repository root once the modules are built:
 *
 * <pre>java -cp metalr-data/target/classes:metalr-api/target/classes \
 *     org.metalr.data.volume.VolumeCropThroughput 3 2</pre>
 *
 * <p>Arguments: {@code [seconds per run, default 3] [threads, default the number of processors]}.
 */
public final class VolumeCropThroughput {

    private static final int BATCH = 8;

    private VolumeCropThroughput() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        Path dir = Files.createTempDirectory("lits-throughput");
        try {
            writeCase(dir, 0, 256, 256, 96, 1);
            writeCase(dir, 1, 256, 256, 80, 2);
            List<LitsCase> cases = LitsLayout.scan(dir);
            LitsLoader loader = new LitsLoader(IntensityWindow.MODELS_GENESIS_CT, LitsLoader.DEFAULT_CACHE_BYTES);
            for (LitsCase c : cases) {
                loader.load(c);
            }
            LitsCropSource source = new LitsCropSource(cases, loader, CropSampler.modelsGenesis(0.5), 64);
            run(source, 1, seconds / 3); // warm-up
            System.out.printf("1 thread: %.0f crops/s%n", run(source, 1, seconds));
            if (threads > 1) {
                System.out.printf("%d threads: %.0f crops/s%n", threads, run(source, threads, seconds));
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Crops per second a loader with {@code threads} decoding threads delivers for about {@code seconds}. */
    private static double run(LitsCropSource source, int threads, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long crops = 0;
        try (DecodePool pool = new DecodePool(threads)) {
            BatchLoader loader = new BatchLoader(source, LoaderConfig.shuffled(BATCH, 42).withPrefetch(2 * threads), pool);
            long start = System.nanoTime();
            for (int epoch = 0; System.nanoTime() < deadline; epoch++) {
                try (BatchStream s = loader.epoch(epoch)) {
                    while (s.hasNext() && System.nanoTime() < deadline) {
                        Batch b = s.next();
                        crops += b.masks().shape()[0];
                    }
                }
            }
            return crops / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** A body-like ellipsoid of soft tissue in air with a liver blob, noisy, as int16 HU. */
    private static void writeCase(Path dir, int id, int nx, int ny, int nz, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] hu = new float[nx * ny * nz];
        float[] seg = new float[hu.length];
        for (int z = 0, i = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++, i++) {
                    double bx = (x - nx / 2.0) / (0.45 * nx);
                    double by = (y - ny / 2.0) / (0.35 * ny);
                    double lx = (x - 0.35 * nx) / (0.15 * nx);
                    double ly = (y - 0.45 * ny) / (0.12 * ny);
                    double lz = (z - nz / 2.0) / (0.3 * nz);
                    boolean body = bx * bx + by * by < 1;
                    boolean liver = lx * lx + ly * ly + lz * lz < 1;
                    seg[i] = liver ? 1 : 0;
                    hu[i] = (float) ((liver ? 60 : body ? 20 : -1000) + 15 * rng.nextGaussian());
                }
            }
        }
        double[] spacing = {0.8, 0.8, 2.5};
        new NiftiWriter(NiftiDataType.INT16, ByteOrder.LITTLE_ENDIAN, 1f, 0f)
                .write(dir.resolve("volume-" + id + ".nii.gz"), new Volume(nx, ny, nz, hu, spacing));
        new NiftiWriter(NiftiDataType.UINT8)
                .write(dir.resolve("segmentation-" + id + ".nii.gz"), new Volume(nx, ny, nz, seg, spacing));
    }
}
