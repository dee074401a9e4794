package org.metalr.data.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import org.metalr.api.Batch;
import org.metalr.data.BatchLoader;
import org.metalr.data.BatchStream;
import org.metalr.data.DecodePool;
import org.metalr.data.LabelledSet;
import org.metalr.data.LoaderConfig;
import org.metalr.data.ScanOptions;
import org.metalr.data.SeededRandom;
import org.metalr.data.synthetic.SyntheticConfig;
import org.metalr.data.synthetic.SyntheticDomainShift;

/**
 * Measures decode + augment throughput on 64x64 PNGs (a measurement, not a test): writes a synthetic
 * dataset to a temporary folder, then runs the paper's POCUS training pipeline (resize, random
 * resized crop, flip, normalise) over it, first in a plain loop on one thread, then through the
 * batch loader with 1 and 2 decoding threads, and with the decoded-image cache.
 *
 * <pre>
 * mvn -q -pl metalr-data test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.metalr.data.image.ImageThroughputBenchmark [-Dexec.args="3000 3"]
 * </pre>
 * Arguments: number of images (default 3000), epochs per loader run (default 3).
 */
public final class ImageThroughputBenchmark {

    private ImageThroughputBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory("metalr-throughput");
        try {
            run(dir, images, epochs);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(Path dir, int images, int epochs) {
        // Source images are RGB, target images grey: split the count between them.
        int perSourceClass = images / 2 / 5;
        int perTargetClass = images / 2 / 3;
        SyntheticConfig config = new SyntheticConfig(64, perSourceClass, 0, perTargetClass, 0, 0, 1);
        long t0 = System.nanoTime();
        SyntheticDomainShift.Location where = SyntheticDomainShift.generate(dir, config, Runtime.getRuntime().availableProcessors());
        double generateSeconds = (System.nanoTime() - t0) / 1e9;
        LabelledSet rgb = ImageFolder.scan(where.source().resolve("train"), ScanOptions.strict());
        LabelledSet grey = ImageFolder.scan(where.target().resolve("train"), ScanOptions.strict());
        LabelledSet all = new LabelledSet(java.util.List.of("x"), Stream.concat(rgb.samples().stream(), grey.samples().stream())
                .map(s -> new org.metalr.data.Sample(s.path(), 0)).toList());
        ImagePipeline pipeline = ImagePipeline.pocusPaper();

        System.out.printf(Locale.ROOT, "java %s, %d processors; %d 64x64 PNGs (%d RGB, %d grey) generated in %.2f s%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), all.size(),
                rgb.size(), grey.size(), generateSeconds);

        // Warm up the JIT, then a plain single-thread loop: the cost per image.
        loop(all, pipeline, Math.min(all.size(), 1000));
        double plain = loop(all, pipeline, all.size());
        System.out.printf(Locale.ROOT, "plain loop, 1 thread:         %8.0f images/s%n", plain);
        double decodeOnly = decodeLoop(all);
        System.out.printf(Locale.ROOT, "decode only, 1 thread:        %8.0f images/s%n", decodeOnly);

        for (int threads : new int[] {1, 2}) {
            measureLoader(all, pipeline, threads, epochs, false, 0);
        }
        measureLoader(all, pipeline, 2, epochs, true, 0);
        // A consumer busy elsewhere (e.g. a GPU step) for 10 ms per batch of 32: how often it waits.
        measureLoader(all, pipeline, 2, 1, false, 10);
    }

    private static double loop(LabelledSet set, ImagePipeline pipeline, int n) {
        float[] out = new float[3 * 64 * 64];
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            FloatImage prepared = pipeline.prepare(ImageDecoder.decode(set.get(i).path()));
            pipeline.finish(prepared, SeededRandom.derive(0, i), out, 0);
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private static double decodeLoop(LabelledSet set) {
        long start = System.nanoTime();
        for (int i = 0; i < set.size(); i++) {
            ImageDecoder.decode(set.get(i).path());
        }
        return set.size() / ((System.nanoTime() - start) / 1e9);
    }

    private static void measureLoader(LabelledSet set, ImagePipeline pipeline, int threads, int epochs, boolean cache,
            int stepMillis) {
        try (DecodePool pool = new DecodePool(threads)) {
            BatchLoader loader = new BatchLoader(new ImageSampleSource(set, pipeline, cache), LoaderConfig.shuffled(32, 7), pool);
            long start = System.nanoTime();
            long waited = 0;
            long count = 0;
            long batches = 0;
            for (int e = 0; e < epochs; e++) {
                try (BatchStream s = loader.epoch(e)) {
                    while (s.hasNext()) {
                        Batch b = s.next();
                        count += b.size();
                        batches++;
                        if (stepMillis > 0) {
                            sleep(stepMillis);
                        }
                    }
                    waited += s.waitedNanos();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (stepMillis == 0) {
                System.out.printf(Locale.ROOT, "loader, %d thread(s)%s: %8.0f images/s over %d epoch(s)%n",
                        threads, cache ? ", cached" : "        ", count / seconds, epochs);
            } else {
                System.out.printf(Locale.ROOT, "loader, %d thread(s), %d ms step per batch: consumer waited %.1f%% of %.2f s"
                        + " (%.2f ms per batch)%n", threads, stepMillis, 100 * waited / 1e9 / seconds, seconds,
                        waited / 1e6 / batches);
            }
        }
    }

    private static void sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
