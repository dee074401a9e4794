package org.metalr.data.synthetic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.metalr.data.SeededRandom;

/**
 * Writes the built-in synthetic domain-shift dataset as image folders (8-bit PNG), so the demo reads
 * it through the same code as real data ({@link org.metalr.data.image.SplitFolders}):
 * <pre>
 * out/source/{train,test}/{cross,disc,ring,square,triangle}/*.png   RGB shapes
 * out/target/{train,val,test}/{benign,malignant,normal}/*.png       grey ultrasound-like
 * out/synthetic.properties                                          the configuration, written last
 * </pre>
 * The source domain has natural-image statistics and a shape task; the target domain has
 * ultrasound statistics (grey, speckle, fan) and a BUSI-like lesion task: a domain gap for the first
 * layers and a task gap for the last. See {@link ShapeRenderer} and {@link UltrasoundRenderer}.
 *
 * <p>Every image is drawn from a generator seeded by (seed, domain, split, class, index), so the
 * files are byte-identical for a seed whatever the number of threads.
 */
public final class SyntheticDomainShift {

    /** Source class names (folder names). */
    public static final List<String> SOURCE_CLASSES = List.of(ShapeRenderer.CLASSES);
    /** Target class names (folder names). */
    public static final List<String> TARGET_CLASSES = List.of(UltrasoundRenderer.CLASSES);
    /** Mean for normalising either domain, from the prototype. */
    public static final float NORMALIZE_MEAN = 0.3f;
    /** Standard deviation for normalising either domain, from the prototype. */
    public static final float NORMALIZE_STD = 0.3f;

    static final String MARKER = "synthetic.properties";

    private static final long SOURCE = 1;
    private static final long TARGET = 2;

    /**
     * Where the dataset lies.
     *
     * @param source folder with {@code train/} and {@code test/} of the source domain
     * @param target folder with {@code train/}, {@code val/} and {@code test/} of the target domain
     */
    public record Location(Path source, Path target) {
    }

    private SyntheticDomainShift() {
    }

    /**
     * Generates the dataset under {@code out}.
     *
     * @param threads threads drawing and encoding images (at least 1)
     * @throws IllegalStateException if {@code out/source} or {@code out/target} already exists
     * @throws UncheckedIOException  if a file cannot be written
     */
    public static Location generate(Path out, SyntheticConfig config, int threads) {
        Location where = location(out);
        if (Files.exists(where.source()) || Files.exists(where.target())) {
            throw new IllegalStateException(out + " already holds a source/ or target/ folder; "
                    + "remove it or choose another folder");
        }
        List<Job> jobs = new ArrayList<>();
        addJobs(jobs, where.source(), SOURCE, ShapeRenderer.CLASSES,
                new String[] {"train", "test"}, new int[] {config.sourceTrainPerClass(), config.sourceTestPerClass()});
        addJobs(jobs, where.target(), TARGET, UltrasoundRenderer.CLASSES, new String[] {"train", "val", "test"},
                new int[] {config.targetTrainPerClass(), config.targetValPerClass(), config.targetTestPerClass()});
        try {
            for (Job job : jobs) {
                Files.createDirectories(job.folder);
            }
            run(jobs, config, Math.max(1, threads));
            Files.writeString(out.resolve(MARKER), config.describe(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the synthetic dataset under " + out, e);
        }
        return where;
    }

    /**
     * The dataset under {@code out}, generated unless a complete one with the same configuration is
     * already there.
     *
     * @throws IllegalStateException if {@code out} holds a dataset of another configuration, or an
     *                               incomplete one
     * @throws UncheckedIOException  if a file cannot be read or written
     */
    public static Location ensure(Path out, SyntheticConfig config, int threads) {
        Path marker = out.resolve(MARKER);
        if (Files.exists(marker)) {
            try {
                String found = Files.readString(marker, StandardCharsets.UTF_8);
                if (found.equals(config.describe())) {
                    return location(out);
                }
                throw new IllegalStateException(out + " holds a synthetic dataset of another configuration ("
                        + found.replace('\n', ' ').trim() + "); remove it or choose another folder");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return generate(out, config, threads);
    }

    /** The folders of a dataset under {@code out}, whether or not generated yet. */
    public static Location location(Path out) {
        return new Location(out.resolve("source"), out.resolve("target"));
    }

    /**
     * One image of the source domain, {@code [3, size, size]} in [0, 1], as written to disk before
     * 8-bit rounding. For inspection and tests.
     *
     * @param split 0 for train, 1 for test, as generated
     */
    public static float[] sourceImage(int shapeClass, int size, long seed, long split, int index) {
        return ShapeRenderer.render(shapeClass, size, SeededRandom.derive(seed, SOURCE, split, shapeClass, index));
    }

    /**
     * One image of the target domain, {@code [1, size, size]} in [0, 1]; see {@link #sourceImage}.
     *
     * @param split 0 for train, 1 for val, 2 for test, as generated
     */
    public static float[] targetImage(int lesionClass, int size, long seed, long split, int index) {
        return UltrasoundRenderer.render(lesionClass, size, SeededRandom.derive(seed, TARGET, split, lesionClass, index));
    }

    private record Job(Path folder, long domain, long split, int cls, String name, int count) {
    }

    private static void addJobs(List<Job> jobs, Path root, long domain, String[] classes, String[] splits, int[] counts) {
        for (int s = 0; s < splits.length; s++) {
            if (counts[s] == 0) {
                continue;
            }
            for (int c = 0; c < classes.length; c++) {
                jobs.add(new Job(root.resolve(splits[s]).resolve(classes[c]), domain, s, c, classes[c], counts[s]));
            }
        }
    }

    private static void run(List<Job> jobs, SyntheticConfig config, int threads) throws IOException {
        List<Runnable> tasks = new ArrayList<>();
        for (Job job : jobs) {
            // Chunks of 64 images keep all threads busy without one task per file.
            for (int from = 0; from < job.count; from += 64) {
                int start = from;
                int end = Math.min(job.count, from + 64);
                tasks.add(() -> writeRange(job, start, end, config));
            }
        }
        if (threads == 1) {
            tasks.forEach(Runnable::run);
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "metalr-synthetic");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Runnable task : tasks) {
                futures.add(pool.submit(task));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while generating", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static void writeRange(Job job, int from, int to, SyntheticConfig config) {
        int size = config.imageSize();
        for (int i = from; i < to; i++) {
            SeededRandom rng = SeededRandom.derive(config.seed(), job.domain, job.split, job.cls, i);
            boolean source = job.domain == SOURCE;
            float[] image = source ? ShapeRenderer.render(job.cls, size, rng) : UltrasoundRenderer.render(job.cls, size, rng);
            Path file = job.folder.resolve(String.format("%s_%05d.png", job.name, i));
            try {
                PngFiles.write(file, source ? 3 : 1, size, size, image);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }
    }

    /** Number of PNG files under a folder, recursively (for checks and reports). */
    public static long countImages(Path folder) {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".png")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
