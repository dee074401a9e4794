package org.metalr.stats;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.metalr.stats.classification.ClassificationStatistic;
import org.metalr.stats.segmentation.DistanceTransform;
import org.metalr.stats.segmentation.Mask;
import org.metalr.stats.segmentation.Spacing;
import org.metalr.stats.segmentation.SurfaceDistances;

/**
 * Times the costly parts of metalr-stats: bootstrap intervals (10,000 resamples over 5,000 samples:
 * the paired mean difference, and every classification figure stratified by class), the exact
 * Euclidean distance transform of a 181 x 217 x 181 volume (MNI152 at 1 mm), and HD95 with surface
 * Dice of two masks filling much of it. Not a test (no timing assertion anywhere): run it by hand
 * from the repository root after {@code ./mvnw -o -q test-compile -pl metalr-stats}:
 *
 * <pre>java -cp metalr-stats/target/classes:metalr-stats/target/test-classes org.metalr.stats.StatsBenchmark [repetitions]</pre>
 *
 * <p>Prints the median and minimum wall and CPU times of {@code repetitions} (default 5) runs after one
 * warm-up run.
 */
public final class StatsBenchmark {

    private StatsBenchmark() {
    }

    public static void main(String[] args) {
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        SplittableRandom random = new SplittableRandom(1);

        double[] x = random.doubles(5000).toArray();
        double[] y = random.doubles(5000).toArray();
        Bootstrap bootstrap = Bootstrap.seeded(42);
        time("paired bootstrap, mean difference, 10,000 x 5,000", repetitions,
                () -> bootstrap.pairedMeanDifference(x, y));

        int classes = 3;
        long[] labels = random.ints(5000, 0, classes).asLongStream().toArray();
        double[][] scores = new double[5000][];
        for (int i = 0; i < scores.length; i++) {
            double[] row = random.doubles(classes).toArray();
            row[(int) labels[i]] += 0.5;
            double sum = Arrays.stream(row).sum();
            scores[i] = Arrays.stream(row).map(v -> v / sum).toArray();
        }
        List<String> names = IntStream.range(0, classes).mapToObj(c -> "c" + c).toList();
        time("stratified bootstrap, 9 classification figures, 3 classes, 10,000 x 5,000", repetitions, () -> {
            Map<String, Interval> intervals = ClassificationStatistic.intervals(labels, scores, names, bootstrap);
            return intervals.get("macroAuc");
        });

        int nx = 181;
        int ny = 217;
        int nz = 181;
        Mask reference = ellipsoid(nx, ny, nz, 90, 108, 90, 60, 75, 55);
        Mask prediction = ellipsoid(nx, ny, nz, 93, 104, 88, 58, 78, 57);
        Spacing spacing = new Spacing(1.0, 1.0, 1.2);
        boolean[] features = new boolean[nx * ny * nz];
        for (int z = 0; z < nz; z++) {
            for (int y0 = 0; y0 < ny; y0++) {
                for (int x0 = 0; x0 < nx; x0++) {
                    // the ellipsoid's surface: the densest kind of feature set a surface metric meets
                    features[x0 + nx * (y0 + ny * z)] = reference.get(x0, y0, z)
                            && !(x0 > 0 && reference.get(x0 - 1, y0, z) && reference.get(Math.min(x0 + 1, nx - 1), y0, z));
                }
            }
        }
        time("exact EDT, 181 x 217 x 181 (7.1 M voxels)", repetitions,
                () -> DistanceTransform.squared(features, nx, ny, nz, spacing)[0]);
        time("HD95 and NSD of two ellipsoids in 181 x 217 x 181", repetitions, () -> {
            SurfaceDistances d = SurfaceDistances.between(prediction, reference, spacing);
            return d.hd95() + d.surfaceDice(1.0);
        });
    }

    private static Mask ellipsoid(int nx, int ny, int nz, double cx, double cy, double cz, double rx, double ry,
                                  double rz) {
        boolean[] voxels = new boolean[nx * ny * nz];
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    double u = (x - cx) / rx;
                    double v = (y - cy) / ry;
                    double w = (z - cz) / rz;
                    voxels[x + nx * (y + ny * z)] = u * u + v * v + w * w <= 1;
                }
            }
        }
        return new Mask(nx, ny, nz, voxels);
    }

    private interface Work {
        Object run();
    }

    /**
     * Wall time and the thread's CPU time: on a shared machine the CPU time is what the work costs,
     * the wall time what it costs there and then.
     */
    private static void time(String name, int repetitions, Work work) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Object sink = work.run(); // warm-up
        double[] wall = new double[repetitions];
        double[] cpu = new double[repetitions];
        for (int r = 0; r < repetitions; r++) {
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            sink = work.run();
            wall[r] = (System.nanoTime() - start) / 1e6;
            cpu[r] = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        System.out.printf("%-76s wall median %7.1f ms, min %7.1f; CPU median %7.1f ms, min %7.1f%n  (%s)%n", name,
                wall[repetitions / 2], wall[0], cpu[repetitions / 2], cpu[0], sink);
    }
}
